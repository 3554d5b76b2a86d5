import type { UserChanges, UserRow } from '../database';

/**
 * One step of an application program: exactly one Redis command, one SQL statement, or a pause.
 * It is the unit of animation, of interleaving, and of the code panel's highlighted line.
 * `label` names the line of the program that issued it.
 */
export type Step = (
  | {
      target: 'redis';
      label: string;
      argv: string[];
      /**
       * Redis 7's error for a command it refuses before running it (arity, a bad argument),
       * which ioredis-mock would answer instead. Set for a learner's commands only: ours are
       * always well formed, and checking them would cost every command of a long run.
       */
      refusal?: string;
      /**
       * The `refusal` is an error Redis finds as the command runs (`SET k v EX 0`, `INCRBY k x`),
       * not in its name or arity: sent while its connection is in MULTI, Redis queues it
       * (QUEUED) and EXEC answers the error in its place, as the console's MULTI does.
       */
      isRunTimeRefusal?: true;
      /**
       * Run through the sandbox's command layer (`redisCommands.ts`), as the Redis console is,
       * so the reply and the error are Redis 7's where ioredis-mock is lenient (`ex` in lower
       * case, INCR of a non-number, HSET on a string). Set for a learner's commands only: ours
       * are the ones the mock answers as Redis does, on the timed lab's hot path.
       */
      checked?: boolean;
      /**
       * A learner's script (EVAL, EVALSHA): ioredis-mock runs it, and the keys it names are
       * judged by what they hold after it, so a fill or a delete made inside it counts.
       */
      judgedByKeys?: boolean;
      /**
       * The write-behind write's store of its new row: the write commits here, in the cache
       * (the consistency tracker counts it). Set by the program that sends it, so that a
       * command of the same shape sent by anyone else (a learner's read path storing the copy
       * it hit, a console line) is no write.
       */
      commitsWrite?: true;
    }
  | { target: 'db'; label: string; op: 'select'; id: number }
  | {
      target: 'db';
      label: string;
      op: 'update';
      id: number;
      changes: UserChanges;
      /**
       * Write-behind's fallback after its store went through and its RPUSH did not: it writes the
       * write the store committed in the cache (the consistency tracker judges that one, not a
       * second). Set by the program that sends it, as `commitsWrite` is.
       */
      writesStoredWrite?: true;
    }
  /** The change log past `after` (a change-data-capture consumer's poll); `id` is 0. */
  | { target: 'db'; label: string; op: 'changes'; id: 0; after: number; limit: number }
  | {
      target: 'wait';
      label: string;
      ms: number;
      /**
       * Not a wait: a program that ended before its first command (a learner's that failed or
       * returned at once) takes this one step of no time, so its request is seen to end. It
       * sends nothing, and is told as what it is, never as a wait.
       */
      ends?: 'failed' | 'returned';
      /** A reader's retry: it could not take this (another reader holds it), and asks again after. */
      retries?: 'lock' | 'lease';
    }
) & {
  /**
   * Who issues it: the application itself (absent), or the cache layer on its behalf (the
   * read-through loader, the write-through writer, the write-behind flusher): under those
   * patterns the application talks to the cache only.
   */
  via?: 'cache';
  /**
   * What the program made of the reply before this step, for the narration: why it reads the
   * database here (a corrupt cache entry), or which queued entries the flusher skipped. It goes
   * on the command that returned that reply too, as a cache error.
   */
  note?: string;
};

/** A step that sends one Redis command. */
export type RedisStep = Extract<Step, { target: 'redis' }>;

/** What a step resumes its program with (a failed Redis command is thrown into it instead). */
export type StepReply = unknown;

/**
 * A program is a generator: it yields each step and receives the step's reply. Between yields it
 * only computes, so its next step is known before it runs (and can be shown as pending).
 */
export type Program<R> = Generator<Step, R, StepReply>;

/** How a read ended, for the stats and the checker. */
export interface ReadResult {
  kind: 'read';
  key: string;
  id: number;
  /** The row the application got (null: no such user). */
  row: UserRow | null;
  /** The row's version as returned (0 when there is no row). */
  version: number;
  /** Served from the cache. */
  isHit: boolean;
  /** Redis failed during the read and the program fell back to the database. */
  hadCacheError: boolean;
  /** Why the cached value could not be used (a corrupt entry), when that was the cache error. */
  corruption?: string;
  /** Wrote the value into the cache (a fill), and which version it wrote. */
  filledVersion: number | null;
  /**
   * The row returned is the copy a GET of its key answered, unchanged (set for a learner's read
   * path: a wrong copy is then the fault of whoever cached it, not of the read).
   */
  isCachedCopy?: true;
  /**
   * With {@link isCachedCopy}: the copy as the cache held it, when that is not the row as
   * returned (its `id` or `version` held as text, which the row returned reads as numbers). The
   * checker judges the copy, as the Redis panel does: `"1"` in a string of JSON is not the id 1.
   */
  copyText?: string;
  /** A learner's read path ended with no return value (taken as null, no such user). */
  returnedNothing?: true;
  /** The request failed: the database refused its statement (the console broke the schema). */
  error?: string;
  /** The label of the line a learner's code failed at (`line N`), when it is known. */
  errorLabel?: string;
  /** It failed for taking more steps than a learner's request may (`MAX_LEARNER_STEPS`). */
  isStepLimit?: true;
}

export interface WriteResult {
  kind: 'write';
  key: string;
  id: number;
  row: UserRow | null;
  /**
   * The invalidation (or cache update) failed: the cache may keep the old value. The engine
   * counts a lost invalidation only if it does: a copy of the row older than the one written
   * (`Runtime.finish`).
   */
  isInvalidationLost: boolean;
  /**
   * Double-delete only: one of its two DELs failed and the other removed the key, so the write
   * did remove a copy (`RunCounts.failedInvalidations` leaves it out). Absent otherwise.
   */
  isPartlyInvalidated?: true;
  /**
   * Write-behind only: the cache could not take the write (its GET, SET or RPUSH failed), so the
   * application wrote the database itself, around the queue. Absent otherwise.
   */
  isWrittenAround?: true;
  hadCacheError: boolean;
  /** The request failed: the database refused its statement (the console broke the schema). */
  error?: string;
  /** The label of the line a learner's code failed at (`line N`), when it is known. */
  errorLabel?: string;
  /** It failed for taking more steps than a learner's request may (`MAX_LEARNER_STEPS`). */
  isStepLimit?: true;
}

/** What a background job of the cache layer did (a refresh-ahead reload, a write-behind flush). */
export interface BackgroundResult {
  kind: 'background';
  job: 'refresh' | 'flush' | 'cdc';
  /** The row refreshed (0 for a flush or the change consumer). */
  id: number;
  /** Rows written to the database (flush), reloaded (refresh), invalidated (cdc). */
  rows: number;
  /** What its last step's reply made it do that no step shows (the consumer's dropped changes). */
  note?: string;
}

export type ProgramResult = ReadResult | WriteResult;

/** Settings every program reads. */
export interface ProgramSettings {
  /** TTL set on fill, seconds; 0 = no expiry. */
  ttlSeconds: number;
  /** Lease / lock lifetime, ms. */
  leaseMs: number;
  /** Pause before a reader without the lease or lock retries, ms. */
  retryDelayMs: number;
  /** Retries before a reader gives up waiting and reads the database. */
  maxRetries: number;
  /** Delay between the two deletes of `double-delete`, ms. */
  doubleDeleteDelayMs: number;
  /** XFetch beta (early-refresh eagerness). */
  xfetchBeta: number;
  /** XFetch delta: expected recompute time, ms. */
  xfetchDeltaMs: number;
  /** write-behind: how long the flusher waits after a write before it writes the queue to the database, ms. */
  writeBehindDelayMs: number;
  /** write-behind: queued writes the flusher takes at once (LPOP count). */
  writeBehindBatch: number;
  /** refresh-ahead: reload in the background once less than this share of the TTL remains. */
  refreshAheadFactor: number;
}

export const DEFAULT_PROGRAM_SETTINGS: ProgramSettings = {
  ttlSeconds: 3600,
  leaseMs: 10_000,
  retryDelayMs: 50,
  maxRetries: 5,
  doubleDeleteDelayMs: 500,
  xfetchBeta: 1,
  xfetchDeltaMs: 10,
  writeBehindDelayMs: 1000,
  writeBehindBatch: 50,
  refreshAheadFactor: 0.5,
};

/**
 * What double-delete's delay may be set to, ms (the workload's and the sandbox's schemas read
 * it): from none (the second DEL right after the UPDATE) to 10 minutes.
 */
export const DOUBLE_DELETE_DELAY_LIMITS = { min: 0, max: 600_000 } as const;
