// Generic key commands as Redis 7.0 runs them (db.c, expire.c): DEL, EXISTS, TYPE, the TTL
// family with EXPIRE's NX/XX/GT/LT, KEYS and SCAN with Redis' glob, DBSIZE, FLUSHALL.

import { compileGlob } from './glob';
import {
  asciiUpper,
  cString,
  error,
  expireAt,
  expireTimeError,
  INT64_MAX,
  INT64_MIN,
  integer,
  isInThePast,
  lookupRead,
  lookupWrite,
  ok,
  optionWord,
  parseInt64,
  UNIX_EPOCH_OF_VIRTUAL_ZERO_MS,
  unixNowMs,
  type CommandContext,
  type CommandOutcome,
  out,
} from './redisCommandKit';
import { cloneValue, typeOf } from './redisKeyspace';

export function del(ctx: CommandContext, argv: string[]): CommandOutcome {
  let removed = 0;
  for (const key of argv.slice(1)) {
    if (lookupWrite(ctx, key) !== undefined && ctx.keyspace.delete(key)) removed++;
  }
  // Not spread: 10,000 keys as call arguments would overflow a browser's stack.
  return { reply: removed, touched: argv.slice(1) };
}

export function exists(ctx: CommandContext, argv: string[]): CommandOutcome {
  let n = 0;
  for (const key of argv.slice(1)) if (lookupRead(ctx, key, true) !== undefined) n++;
  return out(n);
}

export function type(ctx: CommandContext, argv: string[]): CommandOutcome {
  const v = lookupRead(ctx, argv[1], true);
  return out({ status: v === undefined ? 'none' : typeOf(v) });
}

const POLICIES_SWITCH =
  'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** What OBJECT ENCODING or REFCOUNT of a key that exists answers: how Redis keeps it is not kept here. */
const objectEncodingRefusal = (sub: string): string =>
  `ERR OBJECT ${sub} is not supported in this console: TYPE gives a key's type, the Redis keys panel its value and TTL, OBJECT FREQ and IDLETIME what eviction reads of it, and INFO the eviction policy; how redis-server encodes a value is not shown here`;

/**
 * OBJECT FREQ, IDLETIME, ENCODING or REFCOUNT key (HELP is answered before): the lookup counts a
 * hit or a miss and is no access (LOOKUP_NOTOUCH); a missing key is nil. Redis keeps a key's
 * LFU counter under an LFU policy and its LRU time under any other, and answers the other with
 * an error. The page keeps both only under a Max keys limit: without one the value is refused,
 * saying so. How Redis encodes a value, and its reference count, the page does not keep: refused.
 */
export function object(ctx: CommandContext, argv: string[]): CommandOutcome {
  const sub = asciiUpper(argv[1]);
  if (lookupRead(ctx, argv[2], true) === undefined) return out(null);
  if (sub === 'ENCODING' || sub === 'REFCOUNT') return out(error(objectEncodingRefusal(sub)));
  const isLfu = ctx.eviction.policy.endsWith('-lfu');
  if (sub === 'FREQ' && !isLfu)
    return out(
      error(
        `ERR An LFU maxmemory policy is not selected, access frequency not tracked. ${POLICIES_SWITCH}`,
      ),
    );
  if (sub === 'IDLETIME' && isLfu)
    return out(
      error(`ERR An LFU maxmemory policy is selected, idle time not tracked. ${POLICIES_SWITCH}`),
    );
  const data = ctx.accessData?.(argv[2]);
  if (data === undefined)
    return out(
      error(
        `ERR OBJECT ${sub} is not supported in this console without a Max keys limit: the page records each key's accesses (Redis' LRU time and LFU counter) only while a limit can evict keys; set Max keys to see them`,
      ),
    );
  return out(sub === 'FREQ' ? data.frequency : Math.floor(data.idleMs / 1000));
}

/** TOUCH key ...: how many exist; each found is a lookup (a hit or a miss) and an access. */
export function touch(ctx: CommandContext, argv: string[]): CommandOutcome {
  let n = 0;
  for (const key of argv.slice(1)) if (lookupRead(ctx, key) !== undefined) n++;
  return out(n);
}

/**
 * MOVE key db: validation let through only a database other than db0. A missing key answers 0,
 * as in Redis; one that would move is refused, as this console has one database.
 */
export function move(ctx: CommandContext, argv: string[]): CommandOutcome {
  if (lookupWrite(ctx, argv[1]) === undefined) return out(0);
  return out(error(MOVE_ELSEWHERE));
}

/** The refusal of a MOVE that finds its key (see `move`). */
export const MOVE_ELSEWHERE =
  'ERR MOVE to another database is not supported in this console: it has one database, db0';
/** The refusal of a COPY into another database that finds its source (see `copy`). */
export const COPY_ELSEWHERE =
  'ERR COPY to another database is not supported in this console: it has one database, db0';

/** The key's expiry as a Unix-ms BigInt, or -1n when it has none. */
function currentExpiry(ctx: CommandContext, key: string): bigint {
  const at = ctx.keyspace.exactExpiresAt(key);
  if (at === undefined) return -1n;
  return (
    (typeof at === 'bigint' ? at : BigInt(Math.round(at))) + BigInt(UNIX_EPOCH_OF_VIRTUAL_ZERO_MS)
  );
}

/**
 * EXPIRE / PEXPIRE key amount [NX|XX|GT|LT], and EXPIREAT / PEXPIREAT key unix-time [...]:
 * `expireGenericCommand`, relative to now or to the Unix epoch.
 */
export function expire(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const name = asciiUpper(argv[0]);
  const isSeconds = name === 'EXPIRE' || name === 'EXPIREAT';
  const isAbsolute = name === 'EXPIREAT' || name === 'PEXPIREAT';
  const flags = new Set(argv.slice(3).map(optionWord));
  const n = parseInt64(argv[2]);
  if (n === null) return out(error('ERR value is not an integer or out of range'));
  if (isSeconds && (n > INT64_MAX / 1000n || n < INT64_MIN / 1000n))
    return out(error(expireTimeError(argv[0])));
  let when = isSeconds ? n * 1000n : n;
  const base = isAbsolute ? 0n : unixNowMs(ctx);
  if (when > INT64_MAX - base) return out(error(expireTimeError(argv[0])));
  when += base;
  if (lookupWrite(ctx, key) === undefined) return out(0);
  const current = currentExpiry(ctx, key);
  if (flags.has('NX') && current !== -1n) return out(0);
  if (flags.has('XX') && current === -1n) return out(0);
  if (flags.has('GT') && (when <= current || current === -1n)) return out(0);
  if (flags.has('LT') && current !== -1n && when >= current) return out(0);
  if (isInThePast(ctx, when)) ctx.keyspace.delete(key);
  else expireAt(ctx, key, when);
  return out(1, key);
}

/**
 * TTL / PTTL: -2 missing, -1 no expiry, else the time left (TTL rounds to the second).
 * EXPIRETIME / PEXPIRETIME: the same, but the Unix time the key expires at.
 */
export function ttl(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const name = asciiUpper(argv[0]);
  if (lookupRead(ctx, key, true) === undefined) return out(-2);
  if (ctx.keyspace.expiresAt(key) === undefined) return out(-1);
  const isAbsolute = name === 'EXPIRETIME' || name === 'PEXPIRETIME';
  let left = currentExpiry(ctx, key) - (isAbsolute ? 0n : unixNowMs(ctx));
  if (left < 0n) left = 0n;
  return out(integer(name === 'PTTL' || name === 'PEXPIRETIME' ? left : (left + 500n) / 1000n));
}

/**
 * RENAME / RENAMENX key newkey: the value moves with its TTL, replacing what newkey held
 * (RENAMENX: only when newkey is missing). A missing key is Redis' "no such key" error.
 */
export function rename(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, from, to] = argv;
  const isNx = asciiUpper(argv[0]) === 'RENAMENX';
  const value = lookupWrite(ctx, from);
  if (value === undefined) return out(error('ERR no such key'));
  if (from === to) return out(isNx ? 0 : ok());
  const at = ctx.keyspace.exactExpiresAt(from);
  if (lookupWrite(ctx, to) !== undefined) {
    if (isNx) return out(0);
    ctx.keyspace.delete(to);
  }
  ctx.keyspace.delete(from);
  ctx.keyspace.set(to, value);
  ctx.keyspace.setExpiresAt(to, at);
  ctx.moved?.(from, to);
  return out(isNx ? 1 : ok(), from, to);
}

export function persist(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  if (lookupWrite(ctx, key) === undefined || ctx.keyspace.expiresAt(key) === undefined)
    return out(0);
  ctx.keyspace.setExpiresAt(key, undefined);
  return out(1, key);
}

/** KEYS and SCAN treat a lone `*` as every key without matching (the empty key included). */
function matcher(pattern: string | undefined): (key: string) => boolean {
  if (pattern === undefined || pattern === '*') return () => true;
  return compileGlob(pattern);
}

/** Live keys in sorted order (KEYS' order; Redis leaves it unspecified). */
const sortedKeys = (ctx: CommandContext): string[] =>
  ctx.keyspace.keys(ctx.nowMs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function keys(ctx: CommandContext, argv: string[]): CommandOutcome {
  const matches = matcher(argv[1]);
  return out(sortedKeys(ctx).filter(matches));
}

/**
 * A key's place in SCAN's order: a hash of the key (FNV-1a over its UTF-16 units) with its 32
 * bits reversed, as Redis walks its hash table by reversed bucket index. It depends on the key
 * alone, so keys added or removed between two calls move no other key past the cursor.
 */
export function scanSlot(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = ((h >>> 1) & 0x55555555) | ((h & 0x55555555) << 1);
  h = ((h >>> 2) & 0x33333333) | ((h & 0x33333333) << 2);
  h = ((h >>> 4) & 0x0f0f0f0f) | ((h & 0x0f0f0f0f) << 4);
  h = ((h >>> 8) & 0x00ff00ff) | ((h & 0x00ff00ff) << 8);
  return ((h >>> 16) | (h << 16)) >>> 0;
}

/**
 * SCAN cursor [MATCH p] [COUNT n] [TYPE t]. The cursor is the next slot to visit (see
 * {@link scanSlot}; a 32-bit number, of which a larger cursor's low bits are read), not Redis'
 * bucket index, so batches and order differ from a real server's,
 * but Redis' guarantee holds: a full iteration returns every key present from its start to its
 * end, once (a slot is never split between calls), whatever was added or removed meanwhile.
 * COUNT is work per call, as in Redis: the filters apply after the batch is taken, so a call
 * may return fewer keys than COUNT, or none.
 */
export function scan(ctx: CommandContext, argv: string[]): CommandOutcome {
  let pattern: string | undefined;
  let count = 10;
  let typeName: string | undefined;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = optionWord(argv[i]);
    if (opt === 'MATCH') pattern = argv[i + 1];
    else if (opt === 'COUNT') count = Number(parseInt64(argv[i + 1]));
    else typeName = argv[i + 1];
  }
  // strtoul: a sign is allowed, a negative cursor wraps around modulo 2^64, and a NUL byte ends
  // the number. As Redis drops the bits above its table's size, the slot is the low 32 bits:
  // 2^32, like 0, starts a full iteration.
  const text = cString(argv[1]);
  const typed = BigInt(text.replace(/^[+-]/, '') || '0');
  const start = Number(BigInt.asUintN(32, text.startsWith('-') ? -typed : typed));
  const ahead = ctx.keyspace
    .keys(ctx.nowMs)
    .map((key) => ({ key, slot: scanSlot(key) }))
    .filter((k) => k.slot >= start)
    .sort((a, b) => a.slot - b.slot || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let end = Math.min(count, ahead.length);
  while (end < ahead.length && ahead[end].slot === ahead[end - 1].slot) end++;
  const matches = matcher(pattern);
  const found = ahead.slice(0, end).flatMap(({ key }) => {
    if (!matches(key)) return [];
    if (typeName === undefined) return [key];
    const v = lookupRead(ctx, key, true);
    return asciiUpper(v === undefined ? 'none' : typeOf(v)) === optionWord(typeName) ? [key] : [];
  });
  return out([end >= ahead.length ? '0' : String(ahead[end].slot), found]);
}

export function dbsize(ctx: CommandContext): CommandOutcome {
  return out(ctx.keyspace.keys(ctx.nowMs).length);
}

export function flush(ctx: CommandContext): CommandOutcome {
  ctx.keyspace.clear();
  return { reply: ok(), touched: 'all' };
}

/**
 * COPY source destination [DB 0] [REPLACE]: the value and its TTL; 0 when the source is
 * missing or the destination exists (without REPLACE). Its options were checked already.
 */
export function copy(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, from, to] = argv;
  const isReplace = argv.slice(3).some((a) => optionWord(a) === 'REPLACE');
  const value = lookupRead(ctx, from);
  if (value === undefined) return out(0);
  // Validation let through only DB 0 to 15; a missing source answers 0 in any of them, as in
  // Redis, and a copy that would land in another is refused: this console has one database.
  let db = 0n;
  for (let j = 3; j < argv.length; j++) if (optionWord(argv[j]) === 'DB') db = BigInt(argv[++j]);
  if (db !== 0n) return out(error(COPY_ELSEWHERE));
  const at = ctx.keyspace.exactExpiresAt(from);
  if (lookupWrite(ctx, to) !== undefined) {
    if (!isReplace) return out(0);
    ctx.keyspace.delete(to);
  }
  ctx.keyspace.set(to, cloneValue(value));
  ctx.keyspace.setExpiresAt(to, at);
  ctx.created?.(to);
  return out(1, to);
}
