import { formatMonitorLine, formatReplyHead, toRedisReply } from '../engine/redisCli';
import { asciiUpper } from '../engine/redisCommandKit';
import { REPLY_PER_CHANNEL_COMMANDS } from '../engine/redisCommandSpecs';
import type { CacheLogEntry } from '../engine/commandLog';
import type { SqlLogEntry } from '../engine/sqlLog';
import { schemaChangedText } from '../engine/sqlResult';
import type { SimSnapshot } from '../engine/simSnapshot';
import { shown, shownBlock, shownName } from './shown';

/** One line of the merged log: a Redis command as MONITOR prints it, or a SQL statement. */
export interface LogLine {
  id: string;
  timeMs: number;
  /** Its place among both logs' entries: what orders the lines of one instant. */
  order: number;
  actor: string;
  /**
   * Whom the cache layer (`actor` `cache`) sent it for, by the engine's record of the request:
   * an actor (`A`), or its own background job (`flusher`, `refresher`).
   */
  forActor?: string;
  source: 'redis' | 'sql';
  text: string;
  /** The reply or result, short. */
  result: string;
  isError: boolean;
  /** Redis evicted a key to make room (an event of the server's: see `isEvent`). */
  isEviction: boolean;
  /**
   * Not a command but an event of the server's (a restart, an eviction): no client sent it, so it
   * is no MONITOR line, belongs to no client of the Show filter, and is shown whichever is chosen.
   */
  isEvent: boolean;
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

/** Replies equal as the log prints them: the same primitives, arrays of equal replies. */
const sameReply = (a: unknown, b: unknown): boolean =>
  a === b ||
  (Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((x, i) => sameReply(x, b[i])));

const sameRedisEntry = (a: CacheLogEntry, b: CacheLogEntry): boolean =>
  a.seq === b.seq &&
  a.timeMs === b.timeMs &&
  a.order === b.order &&
  a.actor === b.actor &&
  a.forActor === b.forActor &&
  a.error === b.error &&
  a.note === b.note &&
  a.isEviction === b.isEviction &&
  a.isRestart === b.isRestart &&
  a.evictedUnder?.policy === b.evictedUnder?.policy &&
  a.evictedUnder?.maxKeys === b.evictedUnder?.maxKeys &&
  a.reachedServer === b.reachedServer &&
  a.argv.length === b.argv.length &&
  a.argv.every((x, i) => x === b.argv[i]) &&
  sameReply(a.reply, b.reply);

const sameSqlEntry = (a: SqlLogEntry, b: SqlLogEntry): boolean =>
  a.seq === b.seq &&
  a.timeMs === b.timeMs &&
  a.order === b.order &&
  a.actor === b.actor &&
  a.forActor === b.forActor &&
  a.sql === b.sql &&
  a.rows === b.rows &&
  a.changes === b.changes &&
  a.error === b.error;

/**
 * The lines last formatted, by sequence number with the entry each came from: every snapshot
 * copies the whole log, so a Back at step 500 would format 1,500 unchanged lines again. A line
 * is reused only for an entry equal in every field it prints.
 */
let formattedRedis = new Map<number, { entry: CacheLogEntry; line: LogLine }>();
let formattedSql = new Map<number, { entry: SqlLogEntry; line: LogLine }>();

function reuse<E extends { seq: number }>(
  entries: readonly E[],
  previous: Map<number, { entry: E; line: LogLine }>,
  same: (a: E, b: E) => boolean,
  format: (e: E) => LogLine,
): { lines: LogLine[]; next: Map<number, { entry: E; line: LogLine }> } {
  const next = new Map<number, { entry: E; line: LogLine }>();
  const lines = entries.map((entry) => {
    const before = previous.get(entry.seq);
    const line = before && same(before.entry, entry) ? before.line : format(entry);
    next.set(entry.seq, { entry, line });
    return line;
  });
  return { lines, next };
}

/**
 * Redis and SQL logs merged in virtual-time order, the lines of one instant in the order they
 * were logged (memoised per snapshot: a stable reference).
 */
export function selectLogLines(snapshot: SimSnapshot): LogLine[] {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const formattedR = reuse(snapshot.redisLog, formattedRedis, sameRedisEntry, formatRedis);
  const formattedS = reuse(snapshot.sqlLog, formattedSql, sameSqlEntry, formatSql);
  formattedRedis = formattedR.next;
  formattedSql = formattedS.next;
  const redis = formattedR.lines;
  const sql = formattedS.lines;
  const merged: LogLine[] = [];
  let i = 0;
  let j = 0;
  while (i < redis.length || j < sql.length) {
    if (j >= sql.length || (i < redis.length && isLoggedBefore(redis[i], sql[j])))
      merged.push(redis[i++]);
    else merged.push(sql[j++]);
  }
  cache.set(snapshot, merged);
  return merged;
}

const isLoggedBefore = (a: LogLine, b: LogLine): boolean =>
  a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.order < b.order);

/**
 * A reply as redis-cli prints it (`UNSUBSCRIBE a b`'s are its replies one after another): all of
 * it when it is at most `limit` characters, else a prefix of it longer than `limit`.
 */
function formatLoggedReply(command: string, reply: unknown, limit: number): string {
  if (!(REPLY_PER_CHANNEL_COMMANDS.has(asciiUpper(command)) && Array.isArray(reply)))
    return formatReplyHead(toRedisReply(command, reply), limit);
  let out = '';
  for (let i = 0; i < reply.length && out.length <= limit; i++)
    out += (i === 0 ? '' : '\n') + formatReplyHead(toRedisReply(command, reply[i]), limit);
  return out;
}

/**
 * A restart, in the log's stamps and in redis-server's own log style (`* ` marks a notice there),
 * so it reads as the server's event and never as a MONITOR line of a command no client sent.
 */
export const RESTART_LOG_TEXT = '* Redis restarted: no persistence, so it starts with no keys';
export const RESTART_LOG_RESULT = 'every key gone, every connection closed';

/**
 * An eviction, as {@link RESTART_LOG_TEXT} tells a restart: the server's own act, which MONITOR
 * never shows (until 2026-12-08 it read `[0 actor:evict] "DEL" "user:2"`, a command no client sent).
 */
function evictionLogText(e: CacheLogEntry): string {
  const under = e.evictedUnder;
  const limit =
    under === undefined
      ? ''
      : ` to stay within ${under.maxKeys.toLocaleString('en-US')} ${under.maxKeys === 1 ? 'key' : 'keys'} (maxmemory-policy ${under.policy})`;
  return `* evicted ${shownName(String(e.argv[1]))}${limit}`;
}
export const EVICTION_LOG_RESULT = 'the key is gone: Redis was at its key limit';

/** A line of the server's own (an eviction, a restart): an event, not a command a client sent. */
const serverEventLine = (e: CacheLogEntry, text: string, result: string): LogLine => ({
  id: `r${e.seq}`,
  timeMs: e.timeMs,
  order: e.order,
  actor: e.actor,
  source: 'redis',
  text: `${formatSeconds(e.timeMs)} ${text}`,
  result,
  isError: false,
  isEviction: e.isEviction === true,
  isEvent: true,
});

/**
 * A command the client rejected unsent (only an outage keeps one from the server): the client's
 * line, not a MONITOR line, which would show nothing for it, as the diagrams draw it short of
 * Redis. Until 2026-12-08 it read `[0 actor:A] "GET" "user:1"`, as if Redis had seen it.
 */
const unsentText = (e: CacheLogEntry): string =>
  monitorText(e.timeMs, e.actor, e.argv).replace(
    ` [0 actor:${e.actor}] `,
    ` (not sent) [client actor:${e.actor}] `,
  );
/** What an unsent command's line adds to its error. */
export const UNSENT_LOG_RESULT = ' (never reached Redis: it was down)';

function formatRedis(e: CacheLogEntry): LogLine {
  if (e.isEviction === true) return serverEventLine(e, evictionLogText(e), EVICTION_LOG_RESULT);
  if (e.isRestart === true) return serverEventLine(e, RESTART_LOG_TEXT, RESTART_LOG_RESULT);
  return {
    id: `r${e.seq}`,
    timeMs: e.timeMs,
    order: e.order,
    actor: e.actor,
    ...(e.forActor !== undefined ? { forActor: e.forActor } : {}),
    source: 'redis',
    text: e.reachedServer ? monitorText(e.timeMs, e.actor, e.argv) : unsentText(e),
    // An error or a note may quote what the learner sent (`unknown command 'FOO\u202E'`). A
    // reply's line breaks are its layout (redis-cli writes a string's own as `\n`): kept.
    result: shownBlock(
      short(
        e.error !== undefined
          ? `(error) ${e.error}`
          : formatLoggedReply(e.argv[0] ?? '', e.reply, MAX_RESULT),
      ) +
        (e.note !== undefined ? ` (${e.note})` : '') +
        (e.reachedServer ? '' : UNSENT_LOG_RESULT),
    ),
    isError: e.error !== undefined,
    isEviction: false,
    isEvent: false,
  };
}

function formatSql(e: SqlLogEntry): LogLine {
  return {
    id: `s${e.seq}`,
    timeMs: e.timeMs,
    order: e.order,
    actor: e.actor,
    ...(e.forActor !== undefined ? { forActor: e.forActor } : {}),
    source: 'sql',
    text: shown(`${formatSeconds(e.timeMs)} [sqlite actor:${e.actor}] ${e.sql}`),
    result:
      e.error !== undefined
        ? shown(`Error: ${e.error}`)
        : e.changes !== undefined
          ? `${e.changes} row${e.changes === 1 ? '' : 's'} changed${schemaChangedText(e)}`
          : `${e.rows ?? 0} row${e.rows === 1 ? '' : 's'}${schemaChangedText(e)}`,
    isError: e.error !== undefined,
    isEviction: false,
    isEvent: false,
  };
}

/** Virtual seconds with microseconds, as MONITOR prints them. */
export function formatSeconds(timeMs: number): string {
  const micros = Math.round(timeMs * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros - seconds * 1_000_000).padStart(6, '0')}`;
}
