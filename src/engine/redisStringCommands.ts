// String commands as Redis 7.0 runs them (t_string.c): options in any letter case, WRONGTYPE on
// other types, 64-bit integers with overflow errors, lengths in bytes, absolute times against
// the sandbox's Unix clock.

import { MAX_VALUE_BYTES, valueSizeRefusal } from './consoleLimits';
import { addLongDouble, formatLongDouble, parseLongDouble } from './longDouble';
import type { RedisReply } from './redisCli';
import {
  absoluteExpiry,
  asciiUpper,
  byteLength,
  error,
  expireAt,
  expireTimeError,
  INT64_MAX,
  INT64_MIN,
  integer,
  isInThePast,
  isWrongType,
  lookupRead,
  lookupWrite,
  NOT_AN_INTEGER,
  ofType,
  ok,
  optionWord,
  overwrite,
  parseInt64,
  update,
  WRONGTYPE,
  type CommandContext,
  type CommandOutcome,
  out,
} from './redisCommandKit';

type TimeUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';
const TIME_UNITS: readonly string[] = ['EX', 'PX', 'EXAT', 'PXAT'];

/** SET/GETEX options, already checked for syntax by the validator. */
function readOptions(argv: string[], from: number) {
  const flags = new Set<string>();
  let time: { unit: TimeUnit; text: string } | null = null;
  for (let j = from; j < argv.length; j++) {
    const opt = optionWord(argv[j]);
    if (TIME_UNITS.includes(opt)) time = { unit: opt as TimeUnit, text: argv[++j] };
    else flags.add(opt);
  }
  return { flags, time };
}

/** The expire option's absolute Unix ms, or the error Redis answers. */
function expiryOf(
  ctx: CommandContext,
  time: { unit: TimeUnit; text: string },
  command: string,
): bigint | { error: string } {
  const n = parseInt64(time.text);
  if (n === null) return error(NOT_AN_INTEGER);
  const isSeconds = time.unit === 'EX' || time.unit === 'EXAT';
  if (n <= 0n || (isSeconds && n > INT64_MAX / 1000n)) return error(expireTimeError(command));
  return absoluteExpiry(ctx, n, time.unit) ?? error(expireTimeError(command));
}

/** The string at key for a read: nil, the string, or WRONGTYPE. */
function readString(ctx: CommandContext, key: string): RedisReply {
  const v = ofType<string>(lookupRead(ctx, key), 'string');
  if (isWrongType(v)) return error(WRONGTYPE);
  return v ?? null;
}

export function get(ctx: CommandContext, argv: string[]): CommandOutcome {
  return out(readString(ctx, argv[1]));
}

export function set(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, value] = argv;
  const { flags, time } = readOptions(argv, 3);
  let at: bigint | null = null;
  if (time) {
    const e = expiryOf(ctx, time, 'set');
    if (typeof e !== 'bigint') return out(e);
    at = e;
  }
  let reply: RedisReply = ok();
  if (flags.has('GET')) {
    reply = readString(ctx, key);
    if (typeof reply === 'object' && reply !== null && 'error' in reply) return out(reply);
  }
  const exists = lookupWrite(ctx, key) !== undefined;
  if ((flags.has('NX') && exists) || (flags.has('XX') && !exists))
    return out(flags.has('GET') ? reply : null);
  const previousExpiry = ctx.keyspace.exactExpiresAt(key);
  overwrite(ctx, key, value);
  if (flags.has('KEEPTTL')) ctx.keyspace.setExpiresAt(key, previousExpiry);
  if (at !== null) {
    expireAt(ctx, key, at);
    lookupWrite(ctx, key); // an absolute time already past: the key is gone at once
  }
  return out(reply, key);
}

export function setnx(ctx: CommandContext, argv: string[]): CommandOutcome {
  if (lookupWrite(ctx, argv[1]) !== undefined) return out(0);
  overwrite(ctx, argv[1], argv[2]);
  return out(1, argv[1]);
}

/** SETEX key seconds value / PSETEX key milliseconds value. */
export function setex(ctx: CommandContext, argv: string[]): CommandOutcome {
  const unit = asciiUpper(argv[0]) === 'SETEX' ? 'EX' : 'PX';
  const at = expiryOf(ctx, { unit, text: argv[2] }, argv[0]);
  if (typeof at !== 'bigint') return out(at);
  overwrite(ctx, argv[1], argv[3]);
  expireAt(ctx, argv[1], at);
  return out(ok(), argv[1]);
}

export function mget(ctx: CommandContext, argv: string[]): CommandOutcome {
  return out(
    argv.slice(1).map((key) => {
      const v = lookupRead(ctx, key);
      return typeof v === 'string' ? v : null;
    }),
  );
}

export function mset(ctx: CommandContext, argv: string[]): CommandOutcome {
  const touched: string[] = [];
  for (let i = 1; i < argv.length; i += 2) {
    overwrite(ctx, argv[i], argv[i + 1]);
    touched.push(argv[i]);
  }
  // Not spread: 10,000 keys as call arguments would overflow a browser's stack.
  return { reply: ok(), touched };
}

export function getdel(ctx: CommandContext, argv: string[]): CommandOutcome {
  const reply = readString(ctx, argv[1]);
  if (typeof reply !== 'string') return out(reply);
  ctx.keyspace.delete(argv[1]);
  return out(reply, argv[1]);
}

export function getex(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const { flags, time } = readOptions(argv, 2);
  const reply = readString(ctx, key);
  if (typeof reply !== 'string') return out(reply);
  if (time) {
    const at = expiryOf(ctx, time, 'getex');
    if (typeof at !== 'bigint') return out(at);
    if ((time.unit === 'EXAT' || time.unit === 'PXAT') && isInThePast(ctx, at))
      ctx.keyspace.delete(key);
    else expireAt(ctx, key, at);
  } else if (flags.has('PERSIST')) {
    ctx.keyspace.setExpiresAt(key, undefined);
  }
  return out(reply, key);
}

export function append(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, suffix] = argv;
  const v = ofType<string>(lookupWrite(ctx, key), 'string');
  if (isWrongType(v)) return out(error(WRONGTYPE));
  const tooLarge = valueSizeRefusal((v ?? '') + suffix);
  if (tooLarge !== null) return out(error(tooLarge));
  const next = (v ?? '') + suffix;
  if (v === undefined) overwrite(ctx, key, next);
  else update(ctx, key, next);
  return out(byteLength(next), key);
}

export function strlen(ctx: CommandContext, argv: string[]): CommandOutcome {
  const v = readString(ctx, argv[1]);
  return out(typeof v === 'string' ? byteLength(v) : v === null ? 0 : v);
}

/** INCR, DECR, INCRBY, DECRBY: 64-bit, on strings that hold a plain decimal integer. */
export function incrBy(ctx: CommandContext, argv: string[]): CommandOutcome {
  const name = asciiUpper(argv[0]);
  const key = argv[1];
  let by = 1n;
  if (name === 'INCRBY' || name === 'DECRBY') {
    const n = parseInt64(argv[2]);
    if (n === null) return out(error(NOT_AN_INTEGER));
    if (name === 'DECRBY' && n === INT64_MIN) return out(error('ERR decrement would overflow'));
    by = n;
  }
  if (name === 'DECR' || name === 'DECRBY') by = -by;
  const v = ofType<string>(lookupWrite(ctx, key), 'string');
  if (isWrongType(v)) return out(error(WRONGTYPE));
  const old = v === undefined ? 0n : parseInt64(v);
  if (old === null) return out(error(NOT_AN_INTEGER));
  const next = old + by;
  if (next > INT64_MAX || next < INT64_MIN)
    return out(error('ERR increment or decrement would overflow'));
  if (v === undefined) overwrite(ctx, key, next.toString());
  else update(ctx, key, next.toString());
  return out(integer(next), key);
}

/** GETSET key value: GET, then a plain SET (which drops the TTL). */
export function getset(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, value] = argv;
  const reply = readString(ctx, key);
  if (typeof reply === 'object' && reply !== null) return out(reply);
  // Redis' setKey looks the key up again to write it: a second access for LRU and LFU.
  lookupWrite(ctx, key);
  overwrite(ctx, key, value);
  return out(reply, key);
}

/** MSETNX: sets every pair only when none of the keys exists; 1 if it did, else 0. */
export function msetnx(ctx: CommandContext, argv: string[]): CommandOutcome {
  for (let i = 1; i < argv.length; i += 2)
    if (lookupWrite(ctx, argv[i]) !== undefined) return out(0);
  const outcome = mset(ctx, argv);
  return { reply: 1, touched: outcome.touched };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * GETRANGE key start end: the bytes from start to end, both included (negative counts from the
 * end). A range that would cut a character in two is refused: the console keeps text, so the
 * half character cannot be handed back as Redis would hand the bytes.
 */
export function getrange(ctx: CommandContext, argv: string[]): CommandOutcome {
  let start = parseInt64(argv[2]);
  let end = parseInt64(argv[3]);
  if (start === null || end === null) return out(error(NOT_AN_INTEGER));
  const v = readString(ctx, argv[1]);
  if (v === null) return out('');
  if (typeof v !== 'string') return out(v);
  const bytes = utf8Encoder.encode(v);
  const len = BigInt(bytes.length);
  if (start < 0n && end < 0n && start > end) return out('');
  if (start < 0n) start += len;
  if (end < 0n) end += len;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= len) end = len - 1n;
  if (start > end || len === 0n) return out('');
  try {
    return out(utf8Decoder.decode(bytes.subarray(Number(start), Number(end) + 1)));
  } catch {
    return out(
      error(
        `ERR this console stores text: bytes ${start} to ${end} of '${argv[1]}' cut a character in two (Redis would answer those bytes); take a range that starts and ends on whole characters`,
      ),
    );
  }
}

const NOT_A_FLOAT = 'ERR value is not a valid float';

/**
 * INCRBYFLOAT key increment: the sum in C's long double, as Redis computes and prints it
 * (`longDouble.ts`); the key keeps its TTL. The stored value is read before the increment, so
 * WRONGTYPE and a stored non-number answer first.
 */
export function incrByFloat(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const v = ofType<string>(lookupWrite(ctx, key), 'string');
  if (isWrongType(v)) return out(error(WRONGTYPE));
  const value = v === undefined ? { neg: false, m: 0n, e: 0 } : parseLongDouble(v);
  if (value === null) return out(error(NOT_A_FLOAT));
  const by = parseLongDouble(argv[2]);
  if (by === null) return out(error(NOT_A_FLOAT));
  const sum =
    typeof value === 'string' || typeof by === 'string' ? 'inf' : addLongDouble(value, by);
  if (sum === 'inf') return out(error('ERR increment would produce NaN or Infinity'));
  const next = formatLongDouble(sum);
  if (v === undefined) overwrite(ctx, key, next);
  else update(ctx, key, next);
  return out(next, key);
}

/** redis-server's default `proto-max-bulk-len`: the longest string it lets a command make. */
const REDIS_MAX_BULK_BYTES = 512n * 1024n * 1024n;

/**
 * SETRANGE key offset value: writes the value's bytes at offset, padding with zero bytes; the
 * string's new length in bytes. Bytes that would leave a character cut in two are refused, as
 * the console keeps text.
 */
export function setRange(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, , value] = argv;
  const offset = parseInt64(argv[2]);
  if (offset === null) return out(error(NOT_AN_INTEGER));
  if (offset < 0n) return out(error('ERR offset is out of range'));
  const v = ofType<string>(lookupWrite(ctx, key), 'string');
  if (isWrongType(v)) return out(error(WRONGTYPE));
  const patch = utf8Encoder.encode(value);
  if (patch.length === 0) return out(v === undefined ? 0 : byteLength(v));
  const end = offset + BigInt(patch.length);
  // Past Redis' own limit (proto-max-bulk-len, 512 MB) Redis refuses it too, in these words.
  if (end > REDIS_MAX_BULK_BYTES)
    return out(error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
  if (end > BigInt(MAX_VALUE_BYTES))
    return out(
      error(
        `ERR string exceeds maximum allowed size (${MAX_VALUE_BYTES.toLocaleString('en-US')} bytes in this console)`,
      ),
    );
  const old = utf8Encoder.encode(v ?? '');
  const bytes = new Uint8Array(Math.max(old.length, Number(end)));
  bytes.set(old);
  bytes.set(patch, Number(offset));
  let next: string;
  try {
    next = utf8Decoder.decode(bytes);
  } catch {
    return out(
      error(
        `ERR this console stores text: writing at byte ${offset} of '${key}' would cut a character in two (Redis would store the bytes); write whole characters`,
      ),
    );
  }
  if (v === undefined) overwrite(ctx, key, next);
  else update(ctx, key, next);
  return out(bytes.length, key);
}
