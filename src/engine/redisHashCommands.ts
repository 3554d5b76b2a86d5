// The hash commands beyond HSET and HGET, as Redis 7.0 runs them (t_hash.c): HSETNX, HMSET,
// HINCRBY and HINCRBYFLOAT (which create the hash), HSTRLEN, HKEYS and HVALS.

import { addLongDouble, formatLongDouble, parseLongDouble } from './longDouble';
import {
  asciiUpper,
  byteLength,
  error,
  INT64_MAX,
  INT64_MIN,
  integer,
  NOT_AN_INTEGER,
  ok,
  out,
  parseInt64,
  type CommandContext,
  type CommandOutcome,
} from './redisCommandKit';
import { hset, isOutcome, read, store } from './redisTypeCommands';

type Hash = Map<string, string>;

/** HSETNX key field value: sets the field only when the hash lacks it; 1 if it did. */
export function hsetnx(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, field, value] = argv;
  const h = read<Hash>(ctx, key, 'hash', true);
  if (isOutcome(h)) return h;
  if (h?.has(field) === true) return out(0);
  const hash = h ?? new Map<string, string>();
  hash.set(field, value);
  store(ctx, key, hash, h === undefined);
  return out(1, key);
}

/** HMSET key field value [...]: HSET under its old name, answering OK. */
export function hmset(ctx: CommandContext, argv: string[]): CommandOutcome {
  const outcome = hset(ctx, argv);
  return typeof outcome.reply === 'number' ? { ...outcome, reply: ok() } : outcome;
}

/**
 * HINCRBY key field increment: 64-bit, on a field that holds a plain decimal integer (a missing
 * one is 0). The increment is read before the key, as in Redis.
 */
export function hincrby(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, field] = argv;
  const by = parseInt64(argv[3]);
  if (by === null) return out(error(NOT_AN_INTEGER));
  const h = read<Hash>(ctx, key, 'hash', true);
  if (isOutcome(h)) return h;
  const stored = h?.get(field);
  const old = stored === undefined ? 0n : parseInt64(stored);
  if (old === null) return out(error('ERR hash value is not an integer'));
  const next = old + by;
  if (next > INT64_MAX || next < INT64_MIN)
    return out(error('ERR increment or decrement would overflow'));
  const hash = h ?? new Map<string, string>();
  hash.set(field, next.toString());
  store(ctx, key, hash, h === undefined);
  return out(integer(next), key);
}

/**
 * HINCRBYFLOAT key field increment: the sum in C's long double, printed as Redis prints it, as
 * INCRBYFLOAT's (`longDouble.ts`). The increment is read before the key, as in Redis.
 */
export function hincrbyfloat(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, field] = argv;
  const by = parseLongDouble(argv[3]);
  if (by === null) return out(error('ERR value is not a valid float'));
  if (typeof by === 'string') return out(error('ERR value is NaN or Infinity'));
  const h = read<Hash>(ctx, key, 'hash', true);
  if (isOutcome(h)) return h;
  const stored = h?.get(field);
  const old = stored === undefined ? { neg: false, m: 0n, e: 0 } : parseLongDouble(stored);
  if (old === null) return out(error('ERR hash value is not a float'));
  const sum = typeof old === 'string' ? 'inf' : addLongDouble(old, by);
  if (sum === 'inf') return out(error('ERR increment would produce NaN or Infinity'));
  const next = formatLongDouble(sum);
  const hash = h ?? new Map<string, string>();
  hash.set(field, next);
  store(ctx, key, hash, h === undefined);
  return out(next, key);
}

/** HSTRLEN key field: the value's length in bytes, 0 for a missing field or key. */
export function hstrlen(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Hash>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  const value = h?.get(argv[2]);
  return out(value === undefined ? 0 : byteLength(value));
}

/** HKEYS key and HVALS key: the fields or the values, in HGETALL's order. */
export function hkeysOrVals(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Hash>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  const isKeys = asciiUpper(argv[0]) === 'HKEYS';
  return out([...((isKeys ? h?.keys() : h?.values()) ?? [])]);
}
