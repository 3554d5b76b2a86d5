import { type UserChanges, type UserRow } from '../database';
import { USER_COLUMNS } from '../userSeed';
import { versionOf } from '../rowVersion';
import type { ProgramSettings, ReadResult, Step, WriteResult } from './types';

/** One Redis command, written as redis-cli would show it. */
export const redis = (label: string, ...argv: string[]): Step => ({ target: 'redis', label, argv });
/** `SELECT * FROM users WHERE id = ?`; `note` says why, when the cache could not answer. */
export const selectUser = (label: string, id: number, note?: string): Step =>
  note === undefined
    ? { target: 'db', label, op: 'select', id }
    : { target: 'db', label, op: 'select', id, note };
/** `UPDATE users SET ..., version = version + 1 WHERE id = ?` */
export const updateUser = (label: string, id: number, changes: UserChanges): Step => ({
  target: 'db',
  label,
  op: 'update',
  id,
  changes,
});
/** Do nothing for `ms` of virtual time. */
/** A pause of `ms`; `retries`: a reader's retry after a lock or lease another reader holds. */
export const pause = (label: string, ms: number, retries?: 'lock' | 'lease'): Step =>
  retries === undefined ? { target: 'wait', label, ms } : { target: 'wait', label, ms, retries };
/**
 * The one step of a program that ended (failed, or returned) before sending any command;
 * `label` names where it ended when that is known (the line a learner's program threw at).
 */
export const endedBeforeCommand = (
  ends: 'failed' | 'returned',
  label: string = ends === 'failed' ? 'stopped' : 'returned',
): Step => ({ target: 'wait', label, ms: 0, ends });

/**
 * Whether `id` can index the per-id memos below (key strings, GET steps, last valid values):
 * small whole numbers only, so an odd id (negative, fractional, huge) never grows an array.
 */
const isMemoId = (id: number): boolean => id >= 0 && id < 1_048_576 && Number.isInteger(id);

const keyStrings: string[] = [];
/**
 * `user:<id>`. Made once per id and reused, as an application would keep its key strings: a
 * fresh string per request costs a hash in every map it meets (ours and ioredis-mock's).
 */
export function cacheKey(id: number): string {
  if (isMemoId(id)) return (keyStrings[id] ??= `user:${id}`);
  return `user:${id}`;
}

/**
 * The user id a key names: only {@link cacheKey}'s own form (`user:` and the id in decimal,
 * without sign, spaces or leading zeros) names one; 0 for any other key (`user:0x2A`, `user:007`).
 */
export function userIdOfKey(key: string): number {
  const id = Number(key.slice(5));
  return key.startsWith('user:') && `user:${id}` === key && Number.isInteger(id) && id > 0 ? id : 0;
}

/** `EX <ttl>` when the TTL is set (`PX <ms>` for a fraction of a second), nothing when the entry should never expire. */
export const expiry = (ttlSeconds: number): string[] =>
  ttlSeconds <= 0
    ? []
    : Number.isInteger(ttlSeconds)
      ? ['EX', String(ttlSeconds)]
      : // Redis takes whole seconds after EX (EX 0.5 is an error): a fraction goes as milliseconds.
        ['PX', String(Math.max(1, Math.round(ttlSeconds * 1000)))];

const getSteps: Step[] = [];
/**
 * `GET user:<id>` labelled `get`, the read path's first step. Made once per id and reused: a step
 * is never changed once made, and every request of a long run sends one.
 */
export function getUserStep(id: number): Step {
  if (!isMemoId(id)) return redis('get', 'GET', cacheKey(id));
  return (getSteps[id] ??= redis('get', 'GET', cacheKey(id)));
}

/** What a program can ask of its environment besides steps: settings, a unique token, a coin. */
export interface ProgramContext {
  settings: ProgramSettings;
  /** Unique per program run: lease and lock tokens. */
  token: string;
  /** Seeded uniform [0, 1) (early refresh draws from it). */
  random(): number;
}

export { versionOf };

export const readResult = (
  id: number,
  row: UserRow | null,
  isHit: boolean,
  filledVersion: number | null,
  hadCacheError = false,
): ReadResult => ({
  kind: 'read',
  key: cacheKey(id),
  id,
  row,
  version: row?.version ?? 0,
  isHit,
  hadCacheError,
  filledVersion,
});

/**
 * A hit: the user is the cached JSON. Only its version is read at once; the JSON is parsed when
 * someone first looks at the row (long timed runs never need it, so they skip the parse).
 */
class HitResult implements ReadResult {
  readonly kind = 'read';
  readonly key: string;
  readonly isHit = true;
  readonly hadCacheError = false;
  readonly filledVersion = null;
  private parsed: UserRow | undefined;
  private scanned = -1;

  constructor(
    readonly id: number,
    private readonly cached: string,
  ) {
    this.key = cacheKey(id);
  }

  get version(): number {
    if (this.scanned < 0) this.scanned = versionOf(this.cached);
    return this.scanned;
  }

  get row(): UserRow {
    // Every hit passed corruptionOf, whose pattern only accepts JSON that parses.
    this.parsed ??= JSON.parse(this.cached) as UserRow;
    return this.parsed;
  }
}

export const hitResult = (id: number, cached: string): ReadResult => new HitResult(id, cached);

/**
 * The longest value the row pattern below is matched against: its backtracking overflows V8's
 * stack on long strings (a 10 MB row threw "Maximum call stack size exceeded"), so a longer value
 * is parsed instead. Also the longest entry of the write-behind queue the flusher reads.
 */
export const MAX_ENTRY_LENGTH = 64 * 1024;
/** A JSON string as JSON.stringify writes it. */
const JSON_STRING = String.raw`"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"`;
/**
 * A user row exactly as this application writes it (JSON.stringify of a row): checked on every
 * hit, so one linear pattern rather than a parse; a value it accepts always parses.
 */
const ROW_JSON = new RegExp(
  String.raw`^\{"id":(\d+),"name":${JSON_STRING},"email":${JSON_STRING},"plan":${JSON_STRING},` +
    String.raw`"version":[1-9]\d*,"updated_at":-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\}$`,
);

/**
 * Why a cached value cannot be user `id`'s row, or null when it can. A careful application
 * treats such a value as a corrupt cache entry: it reads the database instead, and says so.
 */
export function corruptionOf(id: number, cached: string): string | null {
  // Every hit of a long run checks its value: a value seen valid before (usually the very same
  // string the store handed back last time) is not matched again.
  const small = isMemoId(id);
  if (small && lastValid[id] === cached) {
    // Keep this very string: the next hits hand it back again, and one string is known at once
    // where an equal copy (the refill of an unchanged row after its TTL) is compared by content.
    lastValid[id] = cached;
    return null;
  }
  const problem = whyNotRow(id, cached);
  if (small && problem === null) lastValid[id] = cached;
  return problem;
}

/** The last value found valid for each user id (a memo of a pure check). */
const lastValid: string[] = [];

function whyNotRow(id: number, cached: string): string | null {
  // A row of any length is one the application may have cached itself (the SQL console can
  // make a name of megabytes): a long value is parsed, not matched, and judged the same way.
  const isLong = cached.length > MAX_ENTRY_LENGTH;
  const match = isLong ? null : ROW_JSON.exec(cached);
  if (match !== null) return rowOfOther(id, Number(match[1]));
  let parsed: unknown;
  try {
    parsed = JSON.parse(cached);
  } catch {
    return 'the value is not JSON';
  }
  // SELECT * also returns the columns the SQL console added after updated_at, and the fill
  // caches them: that row is one this application wrote, not a corrupt entry.
  if (isRowAsWritten(parsed, cached)) return rowOfOther(id, parsed.id);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'the value is JSON but not an object';
  const version = (parsed as { version?: unknown }).version;
  if (version === undefined) return 'the value is JSON without a version';
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    const text = JSON.stringify(version);
    return `the value's version${text.length <= 24 ? ` (${text})` : ''} is not a whole number`;
  }
  return 'the value is not a user row as this application writes it';
}

const rowOfOther = (id: number, rowId: number): string | null =>
  rowId === id ? null : `the value is user ${rowId}'s row, not user ${id}'s`;

/**
 * Whether a parsed value is a row (the user columns in order, then any a console added) and
 * `cached` is exactly how JSON.stringify writes it.
 */
function isRowAsWritten(parsed: unknown, cached: string): parsed is UserRow {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const row = parsed as Record<string, unknown>;
  const fields = Object.keys(row);
  return (
    fields.length >= USER_COLUMNS.length &&
    USER_COLUMNS.every((column, i) => fields[i] === column) &&
    Number.isSafeInteger(row.id) &&
    (row.id as number) >= 0 &&
    isTextCellAsWritten(row.name) &&
    isTextCellAsWritten(row.email) &&
    isTextCellAsWritten(row.plan) &&
    Number.isSafeInteger(row.version) &&
    (row.version as number) > 0 &&
    isStampAsWritten(row.updated_at) &&
    JSON.stringify(row) === cached
  );
}

// SQLite keeps any value in any column: the SQL console can leave a BLOB in name, email or plan
// (their TEXT affinity turns numbers into text), and text, a BLOB or an infinite REAL in
// updated_at. sql.js answers a BLOB as a Uint8Array, which JSON.stringify writes as
// {"0":byte,...}, and Infinity as null: the fill caches those, so they are rows as written.
const isTextCellAsWritten = (value: unknown): boolean =>
  typeof value === 'string' || isBlobAsWritten(value);

const isStampAsWritten = (value: unknown): boolean =>
  typeof value === 'number' || value === null || isTextCellAsWritten(value);

function isBlobAsWritten(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const bytes = Object.entries(value);
  return bytes.every(
    ([index, byte], i) =>
      index === String(i) &&
      Number.isInteger(byte) &&
      (byte as number) >= 0 &&
      (byte as number) <= 255,
  );
}

/**
 * The narration's note for a command Redis answered with an error (WRONGTYPE on a key of another
 * type, ...); undefined for a lost connection, which the narration tells on its own.
 */
export function cacheErrorNote(key: string, e: unknown): string | undefined {
  const isConnectionError = (e as { isConnectionError?: unknown } | null)?.isConnectionError;
  if (isConnectionError !== false || !(e instanceof Error)) return undefined;
  return `Redis answered a command on ${key} with an error (${e.message}). The application logs it and reads the database.`;
}

/** How the note on a corrupt entry begins, whichever program found it. */
export const CORRUPT_ENTRY = 'Corrupt cache entry at ';

/** The narration's note for a corrupt entry a write finds (it stores its own row over it). */
export const corruptNote = (key: string, problem: string): string =>
  `${CORRUPT_ENTRY}${key}: ${problem}. The application logs it and reads the database.`;

/** The note on a read's deletion of a corrupt entry it found (the step labelled `discard`). */
export const discardNote = (key: string, problem: string): string =>
  `${CORRUPT_ENTRY}${key}: ${problem}. The application logs it, deletes it, reads the database and fills the key as its miss path does.`;

/** The same step, with the note that says why the program takes it (see `Step.note`). */
export const noted = (step: Step, note: string): Step => ({ ...step, note });

/**
 * Why a GET's error makes its entry unusable: Redis' WRONGTYPE, a key holding a hash, a list or
 * a set where the application caches strings. Null for any other error (a lost connection), after
 * which nothing is known of the entry.
 */
export function wrongTypeOf(e: unknown): string | null {
  const isReply = (e as { isConnectionError?: unknown } | null)?.isConnectionError === false;
  if (!isReply || !(e instanceof Error) || !e.message.startsWith('WRONGTYPE')) return null;
  return `GET answered an error (${e.message}): the key holds another type, not a string`;
}

/**
 * A read that found an entry it could not use (`problem`, null: none) and deleted it: a cache
 * error whatever the rest of the read did (its fill, if it made one, stays in the result).
 */
export const withCorruption = (result: ReadResult, problem: string | null): ReadResult =>
  problem === null ? result : { ...result, hadCacheError: true, corruption: problem };

export const writeResult = (
  id: number,
  row: UserRow | null,
  isInvalidationLost: boolean,
  hadCacheError = isInvalidationLost,
): WriteResult => ({
  kind: 'write',
  key: cacheKey(id),
  id,
  row,
  isInvalidationLost,
  hadCacheError,
});
