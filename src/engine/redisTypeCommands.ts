// Hash, list and set commands as Redis 7.0 runs them, with WRONGTYPE on any other type.

import {
  asciiUpper,
  error,
  isWrongType,
  lookupRead,
  lookupWrite,
  ofType,
  optionWord,
  overwrite,
  parseInt64,
  SYNTAX_ERROR,
  update,
  WRONGTYPE,
  type CommandContext,
  type CommandOutcome,
  out,
} from './redisCommandKit';
import type { RedisType, RedisValue } from './redisKeyspace';

/** Reads a key for a command of `type`: the value, undefined, or a WRONGTYPE outcome. */
export function read<T extends RedisValue>(
  ctx: CommandContext,
  key: string,
  type: RedisType,
  forWrite: boolean,
): T | undefined | CommandOutcome {
  const v = ofType<T>(forWrite ? lookupWrite(ctx, key) : lookupRead(ctx, key), type);
  return isWrongType(v) ? out(error(WRONGTYPE)) : v;
}
export const isOutcome = (v: unknown): v is CommandOutcome =>
  typeof v === 'object' && v !== null && 'touched' in v;

/** Stores a collection: a new key loses any TTL it had, an existing one keeps it. */
export function store(ctx: CommandContext, key: string, value: RedisValue, isNew: boolean): void {
  if (isNew) overwrite(ctx, key, value);
  else update(ctx, key, value);
}

export function hset(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const h = read<Map<string, string>>(ctx, key, 'hash', true);
  if (isOutcome(h)) return h;
  const hash = h ?? new Map<string, string>();
  let added = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (!hash.has(argv[i])) added++;
    hash.set(argv[i], argv[i + 1]);
  }
  store(ctx, key, hash, h === undefined);
  return out(added, key);
}

export function hget(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Map<string, string>>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  return out(h?.get(argv[2]) ?? null);
}

export function hgetall(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Map<string, string>>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  return out(h ? [...h].flat() : []);
}

export function hdel(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const h = read<Map<string, string>>(ctx, key, 'hash', true);
  if (isOutcome(h)) return h;
  if (h === undefined) return out(0);
  let removed = 0;
  for (const field of argv.slice(2)) if (h.delete(field)) removed++;
  if (h.size === 0) ctx.keyspace.delete(key);
  else update(ctx, key, h);
  return out(removed, key);
}

/** LPUSH / RPUSH key element...: the list's new length. */
export function push(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  const list = l ?? [];
  const items = argv.slice(2);
  if (argv[0].toUpperCase() === 'LPUSH') list.unshift(...items.reverse());
  else list.push(...items);
  store(ctx, key, list, l === undefined);
  return out(list.length, key);
}

export function lrange(ctx: CommandContext, argv: string[]): CommandOutcome {
  const startArg = parseInt64(argv[2]);
  const stopArg = parseInt64(argv[3]);
  if (startArg === null || stopArg === null)
    return out(error('ERR value is not an integer or out of range'));
  const l = read<string[]>(ctx, argv[1], 'list', false);
  if (isOutcome(l)) return l;
  if (l === undefined) return out([]);
  const len = BigInt(l.length);
  let start = startArg < 0n ? len + startArg : startArg;
  let stop = stopArg < 0n ? len + stopArg : stopArg;
  if (start < 0n) start = 0n;
  if (start > stop || start >= len) return out([]);
  if (stop >= len) stop = len - 1n;
  return out(l.slice(Number(start), Number(stop) + 1));
}

export function sadd(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const s = read<Set<string>>(ctx, key, 'set', true);
  if (isOutcome(s)) return s;
  const set = s ?? new Set<string>();
  let added = 0;
  for (const m of argv.slice(2)) {
    if (!set.has(m)) added++;
    set.add(m);
  }
  store(ctx, key, set, s === undefined);
  return out(added, key);
}

export function smembers(ctx: CommandContext, argv: string[]): CommandOutcome {
  const s = read<Set<string>>(ctx, argv[1], 'set', false);
  if (isOutcome(s)) return s;
  return out(smembersOrder([...(s ?? [])]));
}

/**
 * Members in the order SMEMBERS answers them: a set of integers is an intset in Redis, which
 * keeps them sorted; other sets are unordered (here, in the order they were added).
 */
export function smembersOrder(members: string[]): string[] {
  const asNumbers = members.map(parseInt64);
  if (!asNumbers.every((n) => n !== null)) return members;
  const sorted = members.map((m, i) => ({ m, n: asNumbers[i] as bigint }));
  sorted.sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  return sorted.map((x) => x.m);
}

export function hlen(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Map<string, string>>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  return out(h?.size ?? 0);
}

export function hexists(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Map<string, string>>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  return out(h?.has(argv[2]) === true ? 1 : 0);
}

export function hmget(ctx: CommandContext, argv: string[]): CommandOutcome {
  const h = read<Map<string, string>>(ctx, argv[1], 'hash', false);
  if (isOutcome(h)) return h;
  return out(argv.slice(2).map((field) => h?.get(field) ?? null));
}

export function llen(ctx: CommandContext, argv: string[]): CommandOutcome {
  const l = read<string[]>(ctx, argv[1], 'list', false);
  if (isOutcome(l)) return l;
  return out(l?.length ?? 0);
}

/**
 * LPOP / RPOP key [count]: one element (nil when there is none), or with a count an array of
 * up to that many (a nil array for a missing key). An emptied list is deleted.
 */
export function pop(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const hasCount = argv.length === 3;
  // `getPositiveLongFromObjectOrReply`, before the key is looked at.
  const count = hasCount ? parseInt64(argv[2]) : 1n;
  if (count === null || count < 0n)
    return out(error('ERR value is out of range, must be positive'));
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  // A nil array with a count (RESP2 `*-1`), which redis-cli and ioredis show as nil too.
  if (l === undefined) return out(null);
  if (hasCount && count === 0n) return out([]);
  const n = Number(count > BigInt(l.length) ? BigInt(l.length) : count);
  const popped = asciiUpper(argv[0]) === 'LPOP' ? l.splice(0, n) : l.splice(l.length - n).reverse();
  if (l.length === 0) ctx.keyspace.delete(key);
  else update(ctx, key, l);
  return out(hasCount ? popped : popped[0], key);
}

export function scard(ctx: CommandContext, argv: string[]): CommandOutcome {
  const s = read<Set<string>>(ctx, argv[1], 'set', false);
  if (isOutcome(s)) return s;
  return out(s?.size ?? 0);
}

export function sismember(ctx: CommandContext, argv: string[]): CommandOutcome {
  const s = read<Set<string>>(ctx, argv[1], 'set', false);
  if (isOutcome(s)) return s;
  return out(s?.has(argv[2]) === true ? 1 : 0);
}

export function srem(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const s = read<Set<string>>(ctx, key, 'set', true);
  if (isOutcome(s)) return s;
  if (s === undefined) return out(0);
  let removed = 0;
  for (const m of argv.slice(2)) if (s.delete(m)) removed++;
  if (s.size === 0) ctx.keyspace.delete(key);
  else update(ctx, key, s);
  return out(removed, key);
}

/**
 * LINSERT key BEFORE|AFTER pivot element: inserts next to the first pivot from the head; the
 * list's new length, -1 without the pivot, 0 without the key. BEFORE or AFTER is checked first.
 */
export function linsert(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, where, pivot, element] = argv;
  const side = optionWord(where);
  if (side !== 'BEFORE' && side !== 'AFTER') return out(error(SYNTAX_ERROR));
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(0);
  const at = l.indexOf(pivot);
  if (at < 0) return out(-1);
  l.splice(side === 'BEFORE' ? at : at + 1, 0, element);
  update(ctx, key, l);
  return out(l.length, key);
}
