// The words every sentence of the narration uses: who sent a command and whose request it
// serves, a row by its version, a TTL, a sentence's full stop.
import type { StepEvent } from '../engine/stepEvent';
import { longDurationText } from './longDuration';

/** A cached or read row by its version, as the narration says it; `no row` when there is none. */
export const versionText = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'no row' : `version ${v}`;

/**
 * The row a SELECT or an UPDATE got back, by its version; a row whose version is no whole number
 * from 1 (a users table the console made again without its constraint) is said as such, not as
 * no row.
 */
export function dbRowText(e: StepEvent): string {
  if (!/^1 row\b/.test(e.reply)) return 'no row';
  const v: unknown = e.rowVersion;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return `version ${v}`;
  const shown =
    v === null || v === undefined ? 'NULL' : typeof v === 'string' ? `"${v}"` : String(v);
  return `a row whose version is ${shown}, not a whole number from 1`;
}

/** The change-log consumer's name (its own process, not the cache's). */
export const CDC_ACTOR = 'cdc';

/**
 * Who sent a command, as the narration names them: the actor; the cache layer on a request's
 * behalf (read-through's loader, write-through's UPDATE); or the cache's own process (the
 * write-behind flusher, refresh-ahead's reload).
 */
export function whoSent(e: StepEvent): string {
  if (e.actor === CDC_ACTOR) return 'The change-log consumer cdc';
  if (e.program === 'background') return `The cache's ${e.actor}`;
  return e.via === 'cache' ? `The cache (for ${e.actor})` : e.actor;
}

/**
 * Whose request or job a command serves, to name it ("A's read"): the actor's, even when the
 * cache layer sent the command on its behalf; the cache's own process for a background job.
 */
export const ownerOf = (e: StepEvent): string =>
  e.via === 'cache' && e.program !== 'background' && e.actor !== CDC_ACTOR ? e.actor : whoSent(e);

/**
 * A key's TTL left, as TTL and PTTL would answer it: whole seconds from a second up, else ms;
 * rounded years beyond 2^53 ms, where the double it comes as may be a second or so off the console's.
 */
export const ttlText = (ms: number): string =>
  longDurationText(ms) ?? (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`);

/** A virtual duration as the narration says it ("60 s", "2 min", "250 ms"). */
export function durationText(ms: number): string {
  const units: [number, string][] = [
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units)
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * A TTL a command set, exactly: as {@link durationText} says a whole number of seconds ("1 h",
 * "100 s"), else in ms ("3,599,999 ms"), never rounded up to a TTL the command did not set;
 * rounded years beyond 2^53 ms, as {@link ttlText}.
 */
export const exactTtlText = (ms: number): string =>
  longDurationText(ms) ?? (ms % 1000 === 0 ? durationText(ms) : `${ms.toLocaleString('en-US')} ms`);

/**
 * A time in ms as a sentence says it, in the page's number style: "40,000 ms (40 s)", "3,999 ms"
 * (a PTTL's reply without its "(integer)" prefix, a refresh share).
 */
export const msText = (ms: number): string =>
  `${ms.toLocaleString('en-US')} ms${ms >= 1000 && ms % 1000 === 0 ? ` (${durationText(ms)})` : ''}`;

/** `text` as a sentence: a full stop added unless it ends with one already (Redis' OOM error does). */
export const sentence = (text: string): string => (/[.!?…]$/.test(text) ? text : `${text}.`);

/**
 * A read this step ended failed: the engine judges every read it completes (its verdict), so a
 * read that finished without one failed (a learner's code threw, or returned a wrong answer).
 */
export const isFailedRead = (e: StepEvent): boolean =>
  e.program === 'read' && e.finishes && e.verdict === undefined;

/** A copy's fields that differ from the row's, each with both values. */
export const fieldsText = (fields: NonNullable<StepEvent['otherFields']>): string =>
  fields.map(([f, copy, row]) => `${f} ${copy} where the row has ${row}`).join(', ');

/**
 * A copy that is another user's row under `key` (a learner's wrong id or key), as the Redis
 * panel's badge says it: "user 6's row (version 1), not a copy of user 1's".
 */
export const otherUserCopyText = (
  key: string,
  otherUserId: number,
  version: number | null | undefined,
): string =>
  `user ${otherUserId}'s row${version === null || version === undefined ? '' : ` (${versionText(version)})`}, not a copy of user ${key.replace(/^user:/, '')}'s`;

/**
 * Another user's row left at a write's key by a command that failed (`wouldHave`: ", which this
 * DEL would have removed"), told without its full stop: "Redis holds no copy of the row, but
 * user:1 still holds user 2's row (version 1) ...: it stays until ...".
 */
export const otherRowStaysText = (
  key: string,
  other: { id: number; version: number },
  wouldHave: string,
): string =>
  `Redis holds no copy of the row, but ${key} still holds user ${other.id}'s row (${versionText(other.version)})${wouldHave}: it stays until its TTL, if it has one, ends it or a command removes or replaces it`;

/** "1 write waits", "2 writes wait". */
export const waitingText = (n: number): string => `${n} write${n === 1 ? ' waits' : 's wait'}`;
