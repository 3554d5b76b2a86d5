import type { HoldEnd } from './commandLog';
import type { UserRow } from './database';
import type { DeletedEntry } from './deletedEntry';
import { quotedReply } from './describe';
import type { BackgroundJob } from './programs/cacheLayer';
import { versionOf } from './programs/steps';
import type { Step } from './programs/types';
import type { ReadVerdict } from './readChecker';
import { sentValueOf } from './storedValue';
import type { RefreshRefusal } from './refreshRefusal';
import type { VersionedKeyFound } from './versionedInvalidation';

/** One step as the animation, the log and the sequence diagram show it. */
export interface StepEvent {
  /**
   * 1-based count of the run's events: commands sent (program steps, console commands) and a
   * program's waits, which send nothing (the sequence diagram numbers the commands alone).
   */
  index: number;
  actor: string;
  target: Step['target'];
  /** The program line that issued it (see the code panel); 'console' for a console command. */
  label: string;
  /** `background`: a job of the cache layer itself (a refresh-ahead reload, a write-behind flush). */
  program: 'read' | 'write' | 'console' | 'background';
  /** Sent by the cache layer on the application's behalf (read-through's loader ...). */
  via?: 'cache';
  key: string;
  /** As the narration writes it; a console's is cut after 120 characters. */
  command: string;
  /** A Redis command's arguments, its name among them (what `command` may no longer show whole). */
  argCount?: number;
  /**
   * An EVAL of one of the engine's own scripts: its name as the programs call it
   * (`INVALIDATE_IF_OLDER` ...), and the command with that name in place of the script's text,
   * as the diagrams write it (cut to fit, the texts in `command` read alike). Absent for any
   * other command, a learner's own script too.
   */
  script?: { name: string; command: string };
  reply: string;
  isError: boolean;
  /**
   * A failed Redis command of a program or a console: true when it never reached Redis (a
   * connection error, as ioredis rejects while Redis is down), false when Redis answered it with
   * an error (OOM, WRONGTYPE ...). A console's line carries only true. Absent for a command that
   * did not fail, and for a failed SQL statement.
   */
  isConnectionError?: boolean;
  /** Sent, took effect (what other clients see from then on), reply arrived: virtual ms. */
  startMs: number;
  effectMs: number;
  endMs: number;
  /**
   * GET answered with a value / with nil or a tombstone (counted as it answered). A value the
   * application cannot use as the row (a corrupt entry) is a miss for it: `isMiss` with a reply
   * that is not (nil).
   */
  isHit: boolean;
  isMiss: boolean;
  /** GET answered with a versioned-fill tombstone. */
  isTombstone: boolean;
  /** A Redis command that sends a versioned-fill tombstone as a value (a SET of one): an invalidation. */
  sendsTombstone?: true;
  /** The version of the row the command carried or returned (null: none). */
  rowVersion: number | null;
  /** The database's committed version of the key's row just after this command. */
  committedVersion: number | null;
  /**
   * A program's step after which the database no longer holds the key's row (another process
   * deleted it; `committedVersion` is the version it had). Absent while the row is there.
   */
  isRowDeleted?: true;
  /**
   * A write's UPDATE changed no row though the table holds it: a trigger the console made
   * skipped it (`RAISE(IGNORE)`). Absent otherwise.
   */
  isWriteSkipped?: true;
  /** An older row is now cached with no invalidation on its way (see `StepOutcome.isStaleFill`). */
  isStaleFill: boolean;
  /**
   * A fill older than the row not counted a stale fill yet, and why (see
   * `StepOutcome.fillJudgedLater`): a write of the row still in flight, or the change log's
   * invalidation still on its way. Absent otherwise.
   */
  fillJudgedLater?: 'write' | 'change-log';
  /**
   * With {@link isStaleFill} on the step that finished a write, or on write-behind's flush: the
   * copy a fill left while the write ran (or was queued) is another user's row (a learner's wrong
   * id or key), not an older version of this one.
   */
  isStaleFillOtherUser?: true;
  /** With {@link isStaleFill}: the stale entry has no TTL (stored without one), so no expiry ends it. */
  isStaleFillUntimed?: true;
  /**
   * With {@link isStaleFillUntimed}: why Redis evicts nothing either (no key limit, or
   * `noeviction` at it, where a write past the limit fails instead), so no eviction ends it.
   * Absent where Redis may evict it.
   */
  staleFillNeverEvicted?: 'no key limit' | 'noeviction';
  /**
   * With {@link isStaleFill}: a later write of the row replaces the stale entry with its row
   * (update-cache, write-through, write-behind) or leaves it (ttl-only: only its TTL ends it).
   * Absent: a write removes it (the application's DEL, or the change log's consumer), or the
   * learner's own write path does what it does.
   */
  staleFillWrite?: 'replaces' | 'leaves';
  /** A fill the mitigation refused (lease gone, or older than what is cached). */
  isFillRefused: boolean;
  /** A learner's command its connection queued in MULTI: answered QUEUED, it runs at EXEC. */
  isQueued?: true;
  /**
   * A learner's EXEC: each command it ran, in order, with its reply (at most
   * {@link EXEC_RAN_SHOWN}; `execCount` says how many ran), or `'aborted'` when it answered nil
   * (a watched key was modified since WATCH, so nothing ran).
   */
  execRan?: { command: string; reply: string }[] | 'aborted';
  execCount?: number;
  /** The keys the EXEC's connection watched (absent: none). */
  execWatched?: string[];
  /**
   * A write-behind flush that replayed an older queued write over a newer one that had gone
   * straight to the database: that newer write is lost (counted in `lostWrites`).
   */
  isOverwrite?: true;
  /** The write this step finished counted a lost invalidation (see `WriteResult.isInvalidationLost`). */
  isInvalidationLost?: true;
  /**
   * With {@link isInvalidationLost}: what the key still holds is another user's row (this user
   * and its version), not an older copy of the written one. Absent otherwise.
   */
  otherRowLeft?: { id: number; version: number };
  /**
   * Acknowledged write-behind writes this step found lost and counted in `lostWrites` (the
   * flusher's LPOP finding the queue gone, or shorter than what was queued). Absent when none.
   */
  lostWrites?: number;
  /**
   * The write-behind flusher's job ended at this step with writes still waiting (queued, Redis
   * unreachable for its LPOP): how many. No flusher runs until the next write is queued.
   */
  writesLeftWaiting?: number;
  /** Keys Redis evicted to make room for this command (`maxKeys` reached). Absent when none. */
  evicted?: string[];
  /**
   * Under write-behind, the evicted keys that held the copy of a write not yet in the database
   * (under way, queued, or taken by the flusher). Absent when none.
   */
  evictedUnflushed?: string[];
  /**
   * Under write-behind, a SELECT of a row with an acknowledged write still queued: the row it
   * loads leaves that write out. `missing`: the cached copy was evicted or deleted;
   * `unreachable`: Redis is down, the copy and the queue held there out of reach. Absent otherwise.
   */
  loadsBehindQueue?: 'missing' | 'unreachable';
  /**
   * With `loadsBehindQueue: 'missing'`: what removed the copy, by the command log ("the
   * console's DEL", "a restart of Redis", "an eviction (...)"). Absent when the log does not show it.
   */
  copyRemovedBy?: string;
  /**
   * Under write-behind, the flusher's UPDATE left the cache holding an older copy of the row
   * (this version): one loaded or built while the write was queued. Absent otherwise.
   */
  olderCopyVersion?: number;
  /**
   * A write's store of its new row (write-behind, write-through, update-cache) or its
   * invalidation (or the change-log consumer's) that failed: the version of the copy of the row
   * the cache still holds (0: none).
   * Absent otherwise, or not known (a real server).
   */
  copyBeforeWrite?: number;
  /**
   * With `copyBeforeWrite` 0: the key held another user's row (this user and its version), no
   * copy of the row but an entry the failed command would have removed or replaced, and which
   * stays. Absent otherwise.
   */
  otherRowBeforeWrite?: { id: number; version: number };
  /**
   * A learner's write whose Redis command failed and names none of its row's key: that key
   * (`user:1`). No store or invalidation of the row failed here. Absent otherwise.
   */
  rowKeyElsewhere?: string;
  /**
   * A write's failed invalidation that was to delete a lease with the key: the lease it left,
   * and the token it holds (its holder's fill still goes through). Absent otherwise, or not known.
   */
  leaseLeft?: { key: string; token: string };
  /**
   * A versioned invalidation (INVALIDATE_IF_OLDER) that changed nothing, when what it kept is no
   * version of the row: another user's row, or a row newer than the database's version (typed in
   * the console). The script compares versions only. Absent otherwise, or not known (a real server).
   */
  keptEntry?: { version: number; otherUserId?: number; databaseVersion?: number };
  /**
   * A versioned script, a writer's invalidation (INVALIDATE_IF_OLDER) or a reader's fill
   * (FILL_IF_NEWER): what its key held just before it ran, as the script reads it (read without
   * a command). Absent for every other command.
   */
  keyFound?: VersionedKeyFound;
  /**
   * A lock or lease a program's SET NX took, in a run whose tokens are numbered on from this
   * number, not from 0 (`Runtime.numberTokensAfter`): the token's number less this is its
   * request's place in the run. Absent when they are numbered from 0.
   */
  tokensAfter?: number;
  /** A reader's retry wait: what it could not take (another reader holds it). */
  retries?: 'lock' | 'lease';
  /**
   * With `retries`: who held that lock or lease as the wait began. `actor`, a reader whose
   * request under way took it; a `token` without one, a holder that is no read under way (set in
   * the console, or left by a read that ended without releasing it), with who set it when the
   * command log shows it (`setBy`); `isFree`, nobody (its holder released it, or it expired,
   * since the SET NX this reader lost).
   */
  retryHolder?: {
    actor?: string;
    token?: string;
    setBy?: string;
    isFree?: true;
    /** Virtual ms left of its TTL when the wait began; absent when it has none (or is free). */
    ttlLeftMs?: number;
  };
  /**
   * A reader's lost SET NX of a lock or lease whose token no read under way holds: typed in the
   * console, or left by a read that ended without releasing it (the same actor's own, it may be),
   * with who set it when the command log shows it, and the TTL left. Absent when another reader
   * under way holds it.
   */
  heldByNoRead?: StepEvent['retryHolder'];
  /**
   * A reader's lost SET NX of a lock or lease on its last try: it waits no more and reads the
   * database next (its `give-up` SELECT), caching nothing.
   */
  givesUp?: true;
  /** A read's miss whose row the cache layer loads next (read-through's loader), not the reader. */
  isLoadedByCache?: true;
  /**
   * The write-behind flusher's LPOP took entries that are no write as the application queues it
   * (typed in the console): how many. The flusher logs and skips them, and Cache errors counts
   * the LPOP once, a reply the cache layer could not use. Absent when it took none.
   */
  corruptTaken?: number;
  /**
   * A refused refresh-ahead reload (REFRESH_IF_CURRENT answered 0): what refused it, from the
   * keyspace and the command log at that step. Absent otherwise, or not known (a real server).
   */
  refreshRefusal?: RefreshRefusal;
  /** With {@link olderCopyVersion}: the change consumer owes this row an invalidation, which removes it. */
  isInvalidationOwed?: true;
  /** The read this step finished returned an outdated version. */
  isStaleRead: boolean;
  /** The program finished with this step. */
  finishes: boolean;
  /**
   * The request ended failed on this step, counted in `failedRequests`: the database refused its
   * statement, or a learner's code threw (an error it did not catch) or returned a wrong answer
   * (`note` says which). Absent otherwise.
   */
  isFailed?: true;
  /**
   * The program ended before its first command, so this step sent nothing (target `wait`, no
   * time): it failed (`note` says why) or returned at once. Absent for every real step.
   */
  ends?: 'failed' | 'returned';
  /**
   * Where the program ended failed when that is not this step's own line: the label of the line
   * a learner's code threw at or returned a wrong value at after this command (the code panel
   * marks it as the line that ran last). Absent otherwise.
   */
  endLabel?: string;
  /**
   * A background job the program started on this reply (a refresh-ahead reload, a flush, the
   * change log's consumer); absent when it started none.
   */
  startedJob?: BackgroundJob['job'];
  /**
   * Refresh-ahead's PTTL on a hit: the TTL left, ms, below which the hit starts a reload (a
   * share of the TTL setting), so a check that started none says whether the entry had more
   * left or a reload of it was already under way.
   */
  refreshShareMs?: number;
  /**
   * A release of single-flight's lock or of a lease (RELEASE_IF_HELD) that found it no longer
   * this request's: its own had gone (expired, removed) and another holder had taken it since.
   * That holder's token (the script left it alone). Absent otherwise.
   */
  lockHeldBy?: string;
  /**
   * A lease's fill or a lock's release refused: the request's own lease or lock was evicted
   * (Redis at its key limit), by the command log, before anything else stored at it or removed it.
   */
  isHoldEvicted?: true;
  /**
   * A lease's fill or a lock's release refused, not by an eviction: how the request's own lease
   * or lock came to be gone, by the command log (its expiry ran out, or who removed it). Absent
   * when the log does not tell it.
   */
  holdEnd?: HoldEnd;
  /**
   * A plain DEL, UNLINK or GETDEL (no token checked: a learner's code, or the console) that removed
   * a lock or lease: what it held, and who set that by the command log (`setBy` absent: the log
   * does not show it).
   */
  deletedLock?: { token: string; setBy?: string };
  /**
   * A program's GETDEL or GETEX that answered its key's value and changed the key besides, read
   * from the keyspace before and after it: removed it, or left it another TTL (`ttlMs` null:
   * none; `wasTtlMs` the TTL it had). Absent when the key is as it was (a GETEX with no option),
   * for other commands, and when the server is real (not read then).
   */
  keyLeftByRead?: { isRemoved: true } | { ttlMs: number | null; wasTtlMs: number | null };
  /**
   * A program's DEL or UNLINK of one user's key that removed it: what the key held (a copy of
   * the row, a tombstone, or something else), so the narration does not call any value "the
   * cached copy". Absent for other commands, and when the server is real (not read then).
   */
  deletedEntry?: DeletedEntry;
  /**
   * A hit's or fill's copy holding what JSON made of a row's value it cannot carry (a BLOB, an
   * infinite REAL): [field, copy's value, row's value as the SQLite panel shows it].
   */
  uncarried?: [field: string, copy: string, row: string][];
  /**
   * A console command's row keys (`user:<id>`) it changed besides `key` (its first argument):
   * RENAME's and COPY's destination, MSET's other rows; at most the first 8. Absent when there
   * are none or it cannot say which.
   */
  otherChangedKeys?: string[];
  /**
   * A console EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT or PERSIST: the TTL its key had before it, in
   * ms (null: none), so the narration says what it changed. Absent for other commands and when
   * the key did not exist.
   */
  ttlBefore?: number | null;
  verdict?: ReadVerdict;
  /** What the program made of the reply when it is not the plain story (a corrupt entry). */
  note?: string;
  /**
   * What Reset database did to the schema, one phrase each (`created table users` when the
   * console had dropped it, `dropped table notes`), when it did anything to it.
   */
  schemaChanges?: string[];
  /**
   * The cached row in full, as JSON, when the command returned one (a GET hit) or wrote one (a
   * fill): `command` and `reply` are cut for display, this is not (the page marks its fields that
   * differ from the database row).
   */
  cachedJson?: string;
  /**
   * A hit on a copy at the row's committed version with fields the database's row at that
   * version does not have (a copy typed in the console): each such field, the copy's value and
   * the row's, as `fieldsUnlikeRow` in readChecker.ts gives them (the Redis panel's judgement: a
   * field left out is "missing", one the row has no column for has "no such column"). Absent
   * otherwise.
   */
  otherFields?: [field: string, copy: string, row: string][];
  /**
   * A row stored under a key that names no user (`SET x ...` by a learner's code, sent alone or
   * queued and run by this EXEC) that is not the row of the request that sent it: that row's id
   * and the request's. Absent otherwise.
   */
  storedOtherRow?: { id: number; requestId: number };
  /**
   * A hit on, or a fill of, another user's row under this row's key: that user's id. Absent
   * otherwise.
   */
  otherUserId?: number;
}

/**
 * The commands that set or remove a key's TTL: a console line of one records the TTL its key had
 * (`ttlBefore`) and is told by what it changed.
 */
export const TTL_COMMANDS: ReadonlySet<string> = new Set([
  'EXPIRE',
  'PEXPIRE',
  'EXPIREAT',
  'PEXPIREAT',
  'PERSIST',
]);

/** How many of an EXEC's commands its event keeps, with their replies. */
export const EXEC_RAN_SHOWN = 8;

/**
 * The row version a step's command carried or got back (null: none): a store (SET, SETEX,
 * SETNX ...) the version of the value it sent, whether or not its reply says it stored it.
 */
export function rowVersionOf(step: Step, reply: unknown): number | null {
  if (step.target === 'db') return reply ? (reply as UserRow).version : null;
  if (step.target !== 'redis') return null;
  const cmd = step.argv[0];
  const value =
    // GETEX and GETDEL answer the value as GET does (whatever they do to the key besides).
    cmd === 'GET' || cmd === 'GETEX' || cmd === 'GETDEL'
      ? reply
      : cmd === 'EVAL'
        ? step.argv.find((a, i) => i > 3 && a.startsWith('{"id":'))
        : sentValueOf(step.argv);
  if (typeof value !== 'string') return null;
  return versionOf(value) || null;
}

/** A Redis reply in one line, as the diagram shows it. */
export function describeRedisValue(reply: unknown): string {
  if (reply === null || reply === undefined) return '(nil)';
  if (typeof reply === 'number') return `(integer) ${reply}`;
  if (reply === 'OK') return 'OK';
  if (Array.isArray(reply)) return `${reply.length} item${reply.length === 1 ? '' : 's'}`;
  // The console's own commands answer with typed replies (a status line, a big integer, an error).
  if (typeof reply === 'object') {
    const typed = reply as { status?: string; integer?: string; error?: string };
    if (typed.status !== undefined) return typed.status;
    if (typed.integer !== undefined) return `(integer) ${typed.integer}`;
    if (typed.error !== undefined) return `(error) ${typed.error}`;
  }
  return quotedReply(String(reply));
}

/** The row JSON a Redis step returned (a hit) or sent (a fill), as `StepEvent.cachedJson`. */
export function cachedJsonOf(step: Step, reply: unknown, isHit: boolean): { cachedJson?: string } {
  if (step.target !== 'redis') return {};
  if (isHit && typeof reply === 'string') return { cachedJson: reply };
  const sent = step.argv.find((arg, i) => i > 0 && arg.startsWith('{"id":'));
  return sent === undefined ? {} : { cachedJson: sent };
}

/** The command as the diagrams write it: an engine script by its name, anything else as sent. */
export const shownCommand = (e: Pick<StepEvent, 'command' | 'script'>): string =>
  e.script?.command ?? e.command;

/**
 * A Redis command the client rejected without sending it (Redis was down): it never reached
 * Redis, so the diagrams draw it stopping short of Redis, never as a round trip.
 */
export const isNeverReached = (e: Pick<StepEvent, 'target' | 'isConnectionError'>): boolean =>
  e.target === 'redis' && e.isConnectionError === true;
