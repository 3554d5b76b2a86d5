import { formatMonitorLine, formatReply, toRedisReply } from '../engine/redisCli';
import type { SimSnapshot } from '../engine/simulation';

/** One line of the merged log: a Redis command as MONITOR prints it, or a SQL statement. */
export interface LogLine {
  id: string;
  timeMs: number;
  actor: string;
  source: 'redis' | 'sql';
  text: string;
  /** The reply or result, short. */
  result: string;
  isError: boolean;
  /** Redis evicted this key to make room (the adapter's DEL, actor `evict`). */
  isEviction: boolean;
}

const cache = new WeakMap<SimSnapshot, LogLine[]>();

const MAX_RESULT = 60;
/**
 * A command with more arguments than this (an MSET of thousands of pairs) is logged with its
 * first ones and a count of the rest: formatting each argument costs, and no one reads 10,000.
 */
export const MAX_LOGGED_ARGS = 64;

function monitorText(timeMs: number, actor: string, argv: readonly string[]): string {
  if (argv.length <= MAX_LOGGED_ARGS)
    return formatMonitorLine(timeMs, 0, `actor:${actor}`, [...argv]);
  const head = formatMonitorLine(timeMs, 0, `actor:${actor}`, argv.slice(0, MAX_LOGGED_ARGS));
  return `${head} … (${(argv.length - MAX_LOGGED_ARGS).toLocaleString('en-US')} more arguments)`;
}
const short = (s: string): string => (s.length > MAX_RESULT ? `${s.slice(0, MAX_RESULT - 1)}…` : s);

/** Redis and SQL logs merged in virtual-time order (memoised per snapshot: a stable reference). */
export function selectLogLines(snapshot: SimSnapshot): LogLine[] {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const redis: LogLine[] = snapshot.redisLog.map((e) => ({
    id: `r${e.seq}`,
    timeMs: e.timeMs,
    actor: e.actor,
    source: 'redis',
    text: monitorText(e.timeMs, e.actor, e.argv),
    result:
      short(
        e.error !== undefined
          ? `(error) ${e.error}`
          : formatReply(toRedisReply(e.argv[0] ?? '', e.reply)),
      ) + (e.note !== undefined ? ` (${e.note})` : ''),
    isError: e.error !== undefined,
    isEviction: e.isEviction === true,
  }));
  const sql: LogLine[] = snapshot.sqlLog.map((e) => ({
    id: `s${e.seq}`,
    timeMs: e.timeMs,
    actor: e.actor,
    source: 'sql',
    text: `${formatSeconds(e.timeMs)} [sqlite actor:${e.actor}] ${e.sql}`,
    result:
      e.error !== undefined
        ? `Error: ${e.error}`
        : e.changes !== undefined
          ? `${e.changes} row${e.changes === 1 ? '' : 's'} changed`
          : `${e.rows ?? 0} row${e.rows === 1 ? '' : 's'}`,
    isError: e.error !== undefined,
    isEviction: false,
  }));
  const merged: LogLine[] = [];
  let i = 0;
  let j = 0;
  while (i < redis.length || j < sql.length) {
    if (j >= sql.length || (i < redis.length && redis[i].timeMs <= sql[j].timeMs))
      merged.push(redis[i++]);
    else merged.push(sql[j++]);
  }
  cache.set(snapshot, merged);
  return merged;
}

/** Virtual seconds with microseconds, as MONITOR prints them. */
export function formatSeconds(timeMs: number): string {
  const micros = Math.round(timeMs * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros - seconds * 1_000_000).padStart(6, '0')}`;
}
