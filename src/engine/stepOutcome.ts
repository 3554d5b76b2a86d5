import type { RedisCommandError } from './cacheErrors';

/** What running one step did. Reused from step to step on the hot path: copy what you keep. */
export interface StepOutcome {
  reply: unknown;
  error: RedisCommandError | undefined;
  /**
   * The step is a read request's: its GET counts toward hits and misses. A write-behind write's
   * GET of its copy of the row, a learner's write path, the cache layer's own jobs do not make
   * the read hit rate.
   */
  isRead: boolean;
  /** GET answered with a value (a hit) or with nil or a tombstone (a miss), counted as it answered. */
  isHit: boolean;
  isMiss: boolean;
  /**
   * A value older than the database row (or a copy of a row another process deleted) is now in
   * the cache with no invalidation on its way (it
   * stays until its TTL or a later write of the row): a fill that landed after
   * every write of the row had finished, or a write that finished leaving behind an older row a
   * racing fill (or a reordered writer) put there while it ran.
   */
  isStaleFill: boolean;
  /**
   * A fill older than the database row not judged yet, and why: a write of the row is still in
   * flight (judged when it finishes), or the change log's invalidation of it is on its way.
   */
  fillJudgedLater?: 'write' | 'change-log';
  /**
   * The fill's copy is at the row's version but holds other fields (the SQL console reused the
   * version): those fields, judged once by the fill tracker for the counter and the narration.
   */
  fillOtherFields?: [field: string, copy: string, row: string][];
  /** The fill's copy is another user's row (a learner's wrong id or key): that user's id. */
  fillOtherUserId?: number;
  /**
   * With `isStaleFill` from a write that finished: the copy a fill left while it ran is another
   * user's row, not an older version of this one.
   */
  isStaleFillOtherUser?: boolean;
  /** The fill was refused by the mitigation (lease lost, older than the cached version). */
  isFillRefused: boolean;
  /** Version of the value a GET hit returned, read from the reply (-1: no hit). */
  servedVersion: number;
  /** A write-behind flush overwrote a newer write that had gone straight to the database. */
  isOverwrite?: boolean;
  /** The write this step finished left an older copy of its row in the cache: a lost invalidation. */
  isInvalidationLost?: boolean;
  /**
   * A write's (or the change log consumer's) invalidation was sent while its key held a copy of
   * the row: if it succeeds, it removes that copy (one of `RunCounts.removedCopies`).
   */
  isCopyBefore?: boolean;
  /** A learner's command: the users' keys holding a copy of a row as it was sent (see `copiesHeld`). */
  copiesBefore?: string[];
  /** The command log's number for this step's Redis command, once answered (0: none). */
  loggedSeq: number;
  /** A learner's command queued in MULTI: it answered QUEUED and nothing ran (yet). */
  isQueued?: boolean;
  /** A learner's EXEC: the commands it had queued (run when its reply is an array). */
  execQueue?: readonly (readonly string[])[];
  /** The keys the connection watched when that EXEC was sent. */
  execWatched?: readonly string[];
}

export const newOutcome = (isRead = false): StepOutcome => ({
  reply: undefined,
  error: undefined,
  isRead,
  isHit: false,
  isMiss: false,
  isStaleFill: false,
  isFillRefused: false,
  servedVersion: -1,
  loggedSeq: 0,
});

/** Clears what the last step left in a reused outcome, before the next step writes it. */
export function resetOutcome(out: StepOutcome): void {
  out.error = undefined;
  out.isHit = false;
  out.isMiss = false;
  out.isStaleFill = false;
  out.fillOtherFields = undefined;
  out.fillOtherUserId = undefined;
  out.isStaleFillOtherUser = undefined;
  out.isFillRefused = false;
  out.servedVersion = -1;
  out.isOverwrite = false;
  out.isInvalidationLost = false;
  out.loggedSeq = 0;
  out.isCopyBefore = false;
  out.copiesBefore = undefined;
  out.isQueued = false;
  out.execQueue = undefined;
  out.execWatched = undefined;
}

/** What a run counted: the one tally the sandbox, the lab and the CLI report. */
export interface RunCounts {
  reads: number;
  writes: number;
  /** GETs answered with a value / with nil (or a tombstone), counted when they answered. */
  hits: number;
  misses: number;
  staleReads: number;
  staleFills: number;
  maxStalenessMs: number;
  lostInvalidations: number;
  /**
   * Writes whose invalidation (or cache update) Redis refused or could not be reached for, the
   * writer's own or the change log consumer's, whether or not they left an older copy (`lostInvalidations` counts those that did): the
   * writes that removed nothing, which the lab's model row must not count as removing a copy.
   */
  failedInvalidations: number;
  /**
   * Invalidations (a write's DEL or tombstone, or the change log consumer's) that removed a
   * cached copy of their row: a DEL of a key that held none, or one that failed, removed nothing.
   * A learner's write path counts each copy its command removed, however it was sent: alone,
   * queued in MULTI and run by EXEC, or by a script. The console's lines count in no run figure.
   */
  removedCopies: number;
}
