// The list commands beyond LPUSH, LRANGE and LPOP, as Redis 7.0 runs them (t_list.c): LINDEX,
// LPOS, LSET, LREM, LPUSHX, RPUSHX, LTRIM, LMOVE and RPOPLPUSH. Each reads its arguments and
// the key in Redis' order, so the error a line gets first is the one Redis gives.

import {
  asciiUpper,
  error,
  INT64_MIN,
  NOT_AN_INTEGER,
  ok,
  optionWord,
  out,
  parseInt64,
  SYNTAX_ERROR,
  update,
  type CommandContext,
  type CommandOutcome,
} from './redisCommandKit';
import { isOutcome, read, store } from './redisTypeCommands';

/** An index counted from the head (0) or, negative, from the tail (-1), as Redis reads one. */
function at(list: readonly string[], index: bigint): number | null {
  const i = index < 0n ? BigInt(list.length) + index : index;
  return i < 0n || i >= BigInt(list.length) ? null : Number(i);
}

/** LINDEX key index: the element, nil out of range. The key is looked up before the index. */
export function lindex(ctx: CommandContext, argv: string[]): CommandOutcome {
  const l = read<string[]>(ctx, argv[1], 'list', false);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(null);
  const index = parseInt64(argv[2]);
  if (index === null) return out(error(NOT_AN_INTEGER));
  const i = at(l, index);
  return out(i === null ? null : l[i]);
}

/** LSET key index element: OK, `no such key`, or `index out of range`. */
export function lset(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, , element] = argv;
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(error('ERR no such key'));
  const index = parseInt64(argv[2]);
  if (index === null) return out(error(NOT_AN_INTEGER));
  const i = at(l, index);
  if (i === null) return out(error('ERR index out of range'));
  l[i] = element;
  update(ctx, key, l);
  return out(ok(), key);
}

/**
 * LREM key count element: removes up to count matches from the head (count > 0), from the tail
 * (count < 0) or all (0); how many. An emptied list is deleted.
 */
export function lrem(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [, key, , element] = argv;
  const count = parseInt64(argv[2]);
  if (count === null) return out(error(NOT_AN_INTEGER));
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(0);
  const limit = count < 0n ? -count : count;
  const fromTail = count < 0n;
  let removed = 0n;
  const kept: string[] = [];
  const order = fromTail ? [...l].reverse() : l;
  for (const item of order) {
    if (item === element && (limit === 0n || removed < limit)) removed++;
    else kept.push(item);
  }
  if (removed === 0n) return out(0);
  if (fromTail) kept.reverse();
  if (kept.length === 0) ctx.keyspace.delete(key);
  else update(ctx, key, kept);
  return out(Number(removed), key);
}

/**
 * LTRIM key start stop: keeps the range (negative counts from the end), deleting a list left
 * empty; OK, for a missing key too. The indexes are read before the key, as in Redis. A list
 * that exists is touched even when the trim keeps all of it: Redis signals it as modified, so
 * it breaks a WATCH (see `keysWrittenAnyway`), where a missing key is not.
 */
export function ltrim(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const start = parseInt64(argv[2]);
  const stop = parseInt64(argv[3]);
  if (start === null || stop === null) return out(error(NOT_AN_INTEGER));
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(ok());
  const length = BigInt(l.length);
  const from = start < 0n ? (length + start < 0n ? 0n : length + start) : start;
  const to = stop < 0n ? length + stop : stop >= length ? length - 1n : stop;
  const kept = from > to || from >= length ? [] : l.slice(Number(from), Number(to) + 1);
  if (kept.length === 0) ctx.keyspace.delete(key);
  else update(ctx, key, kept);
  return out(ok(), key);
}

/** LPUSHX / RPUSHX key element...: pushes only onto a list that exists; its length, else 0. */
export function pushx(ctx: CommandContext, argv: string[]): CommandOutcome {
  const key = argv[1];
  const l = read<string[]>(ctx, key, 'list', true);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(0);
  const items = argv.slice(2);
  if (asciiUpper(argv[0]) === 'LPUSHX') l.unshift(...items.reverse());
  else l.push(...items);
  update(ctx, key, l);
  return out(l.length, key);
}

/**
 * LPOS key element [RANK rank] [COUNT n] [MAXLEN len]: the index of the rank-th match (from
 * the tail for a negative rank), or with COUNT an array of up to n (0: all) indexes. The options
 * are read before the key, as in Redis.
 */
export function lpos(ctx: CommandContext, argv: string[]): CommandOutcome {
  const element = argv[2];
  let rank = 1n;
  let count = -1n;
  let maxlen = 0n;
  for (let j = 3; j < argv.length; j++) {
    const opt = optionWord(argv[j]);
    const hasMore = j < argv.length - 1;
    if (opt === 'RANK' && hasMore) {
      const n = parseInt64(argv[++j]);
      if (n === null) return out(error(NOT_AN_INTEGER));
      if (n === 0n)
        return out(
          error(
            "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
          ),
        );
      rank = n;
    } else if ((opt === 'COUNT' || opt === 'MAXLEN') && hasMore) {
      const n = parseInt64(argv[++j]);
      if (n === null || n < 0n) return out(error(`ERR ${opt} can't be negative`));
      if (opt === 'COUNT') count = n;
      else maxlen = n;
    } else return out(error(SYNTAX_ERROR));
  }
  const fromTail = rank < 0n;
  // Redis negates a negative rank in a C long: the lowest one stays negative, so every match
  // is at or past it, and `matches - rank + 1` wraps below any COUNT: each match is answered.
  const isEveryMatch = rank === INT64_MIN;
  if (isEveryMatch) [rank, count] = [1n, count === -1n ? -1n : 0n];
  else if (fromTail) rank = -rank;
  const l = read<string[]>(ctx, argv[1], 'list', false);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(count !== -1n ? [] : null);
  const found: number[] = [];
  let matches = 0n;
  for (let index = 0; index < l.length && (maxlen === 0n || BigInt(index) < maxlen); index++) {
    const at = fromTail ? l.length - 1 - index : index;
    if (l[at] !== element) continue;
    matches++;
    if (matches < rank) continue;
    found.push(at);
    if (count === -1n) break;
    if (count !== 0n && matches - rank + 1n >= count) break;
  }
  if (count !== -1n) return out(found);
  return out(found.length > 0 ? found[0] : null);
}

/**
 * LMOVE source destination LEFT|RIGHT LEFT|RIGHT, and RPOPLPUSH source destination (LMOVE
 * RIGHT LEFT): pops an element from one end of source and pushes it at an end of destination;
 * the element, or nil when source is missing. Both ends are read first, then source, then
 * destination, whose wrong type leaves source whole, as in Redis. A list moved onto itself is
 * written even when it holds what it held (see `keysWrittenAnyway`).
 */
export function lmove(ctx: CommandContext, argv: string[]): CommandOutcome {
  const [name, source, destination] = argv;
  const isRpoplpush = asciiUpper(name) === 'RPOPLPUSH';
  const from = isRpoplpush ? 'RIGHT' : optionWord(argv[3]);
  const to = isRpoplpush ? 'LEFT' : optionWord(argv[4]);
  const isEnd = (word: string) => word === 'LEFT' || word === 'RIGHT';
  if (!isEnd(from) || !isEnd(to)) return out(error(SYNTAX_ERROR));
  const l = read<string[]>(ctx, source, 'list', true);
  if (isOutcome(l)) return l;
  if (l === undefined) return out(null);
  const d = read<string[]>(ctx, destination, 'list', true);
  if (isOutcome(d)) return d;
  const element = (from === 'LEFT' ? l.shift() : l.pop()) as string;
  const target = source === destination ? l : (d ?? []);
  if (to === 'LEFT') target.unshift(element);
  else target.push(element);
  if (source !== destination) {
    if (l.length === 0) ctx.keyspace.delete(source);
    else update(ctx, source, l);
  }
  store(ctx, destination, target, source !== destination && d === undefined);
  return out(element, source, destination);
}
