import type { PeekType } from './keyspacePeek';
import type { CacheLogEntry } from './commandLog';
import type { ConsistencySummary } from './consistency';
import type { UserRow } from './database';
import type { SqlLogEntry } from './sqlLog';
import type { ProgramResult, Step } from './programs/types';
import type { ReadVerdict } from './readChecker';
import type { RunCounts } from './stepOutcome';
import type { SimConfig } from './simConfig';
import type { StepEvent } from './stepEvent';

export interface ActorState {
  name: string;
  /** What the actor is running now ('read user:1', ...), if anything. */
  task: string | null;
  program: 'read' | 'write' | 'background' | null;
  /** Its next step, not yet run (`script`: an engine script's EVAL, by name, as StepEvent's). */
  pending: {
    label: string;
    target: Step['target'];
    command: string;
    script?: StepEvent['script'];
  } | null;
  queued: number;
  /** When its next step can go out (its last reply's arrival); timed scheduling runs by it. */
  readyAtMs: number;
  /** When its next step would take effect (timed scheduling picks the earliest). */
  dueAtMs: number;
}

export interface CacheEntry {
  key: string;
  /** The value as text: a string as is, a hash, list or set as JSON (see `type`). */
  value: string;
  type: PeekType;
  /** Remaining TTL in ms; -1 for no expiry. */
  ttlMs: number;
  version: number | null;
  /** Older than the database row. */
  isStale: boolean;
  /** Newer than the database row: a write the database does not have yet (write-behind). */
  isAhead: boolean;
  /** The database no longer holds the row (another process deleted it): stale too. */
  isRowDeleted?: true;
  /**
   * STALE by its fields: the copy is at the row's version, but its fields are not the row's (as
   * the Redis panel's table lists them, `copyDiff`): set by hand, cached so by the application's
   * code, or the row was set back to that version with other contents ({@link isVersionReused}).
   */
  isUnlikeRow?: true;
  /**
   * With {@link isUnlikeRow}: the row holds that version again with other contents than it had
   * (a console line set it back to it, or deleted and inserted the row again:
   * `Database.hasReusedVersion`), so the copy may be an older state of the row. Without it, the
   * database never had the copy's contents at that version.
   */
  isVersionReused?: true;
  /**
   * STALE though newer than the row: a console line set the row back below the copy's version,
   * which the row had reached (nothing wrote the copy ahead of the database).
   */
  isSetBack?: true;
  /**
   * Ahead of every version the row has had, and no write of the row is on its way to commit it:
   * outside write-behind no write puts a version in the cache before the database; under it,
   * none of the row is under way, queued or taken by the flusher (set by hand, or its write was
   * lost with the queue). A read that hits it returns a row the database never had and is
   * counted stale.
   */
  isNeverCommitted?: true;
  /**
   * The value under `user:<id>` is another user's row (this id): STALE, a copy of no version of
   * the key's row (`copyDiff`).
   */
  otherUserId?: number;
}

export interface SimStats extends RunCounts {
  /**
   * hits / (hits + misses): the share of read requests' GETs answered from the cache; null before
   * Redis has answered any (a share of nothing is no figure, as in the lab and the CLI).
   */
  hitRate: number | null;
  dbReads: number;
  dbWrites: number;
  /**
   * Redis commands of the application's requests that failed (unreachable, OOM, a corrupt
   * entry): not the consoles' own commands, which the other counters leave out too.
   */
  cacheErrors: number;
  evictions: number;
  /** Requests that failed because the database refused their statement (a broken schema). */
  failedRequests: number;
  /**
   * Write-behind: writes the flusher gave the database, writes still waiting, writes lost, and
   * writes the application wrote to the database itself because the cache could not take them.
   */
  flushedWrites: number;
  pendingWrites: number;
  lostWrites: number;
  writtenAroundWrites: number;
  /** Refresh-ahead: background reloads started. */
  refreshes: number;
  /**
   * Under write-behind, the lab's consistency figures for the run so far: the share of writes
   * after which the database had the write and the cache held nothing older, for good, within
   * 1 s, 10 s and 60 s (a write still queued is `pending`, in no share yet; one the queue lost
   * before its flush never counts).
   */
  consistency?: ConsistencySummary;
}

/** A plain-data picture of the whole simulation (safe to clone, post or render). */
export interface SimSnapshot {
  /** Commands sent so far (program steps and console commands): `events.length`. */
  commands: number;
  clockMs: number;
  config: SimConfig;
  isCacheUp: boolean;
  actors: ActorState[];
  /** Who a plain `step` would move next (null: nobody has work). */
  nextActor: string | null;
  cache: CacheEntry[];
  db: UserRow[];
  /** How many rows the users table holds now (null while the console has left it unreadable). */
  dbRowCount: number | null;
  /**
   * How many of them have an id past ±(2^53 - 1) (the console inserted them): no number names
   * such an id exactly, so `db` never holds them, and the panel says so.
   */
  dbRowsPastSafeIds: number;
  /**
   * How many rows the run has read, written or cached so far: `db` shows those the table still
   * holds, so fewer (none) when the others were deleted.
   */
  rowsTouched: number;
  /** What the console broke in the schema the application needs, in words (empty: nothing). */
  schemaProblems: string[];
  /** Rows the run has touched or cached, with the cells each write changed. */
  changedCells: Record<number, string[]>;
  redisLog: CacheLogEntry[];
  sqlLog: SqlLogEntry[];
  events: StepEvent[];
  stats: SimStats;
  results: (ProgramResult & { actor: string; verdict?: ReadVerdict })[];
}
