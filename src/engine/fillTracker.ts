import type { VirtualClock } from './clock';
import { NOT_A_ROW, type ConsistencyTracker } from './consistency';
import type { Database } from './database';
import type { EngineConfig } from './engineConfig';
import { fillFieldsUnlikeRow } from './readChecker';
import { userIdOfKey, versionOf } from './programs/steps';
import { isTombstone } from './programs/readVersionedFill';
import type { RunCounts, StepOutcome } from './stepOutcome';

/** A versioned fill's tombstone holds no row: told by the one test the read path itself uses. */
export { isTombstone };

/** `FillTracker.filledUnlikeRow`: the last fill held the row's version with other fields. */
const FILLED_OTHER_FIELDS = 1;
/** `FillTracker.filledUnlikeRow`: the last fill held another user's row. */
const FILLED_OTHER_USER = 2;

/** What `filledUnlikeRow` keeps of a copy: another user's row, other fields, or neither. */
function unlikeRowMark(otherUserId: unknown, otherFields: unknown): number {
  if (otherUserId !== undefined) return FILLED_OTHER_USER;
  return otherFields !== undefined ? FILLED_OTHER_FIELDS : 0;
}

/**
 * The version a copy held under row `id`'s key is judged at, by the consistency tracker and by
 * the fill tracker's later judgements (a lost invalidation, a flush): its own, unless it is
 * another user's row (`isOtherUser`, as {@link fillFieldsUnlikeRow} finds it), which is no version
 * of row `id` whatever its version says: {@link NOT_A_ROW}, older than every write of the row, so
 * no write of it is consistent, and no invalidation of it lost harmless, while the copy is there.
 */
const trackedVersion = (version: number, isOtherUser: boolean): number =>
  isOtherUser ? NOT_A_ROW : version;

/**
 * Per row, the fill the cache holds and what may still remove it (a write in flight, an
 * invalidation the change consumer owes): a fill already outdated that nothing will fix is a
 * stale fill; an owed invalidation that never arrives over an older row, a lost invalidation.
 */
export class FillTracker {
  /**
   * Per row: writes in flight; the version the last fill put in the cache while no delete or
   * tombstone has removed it since (0: none); when it landed; the last fill counted as stale.
   */
  readonly writesInFlight: Int32Array;
  readonly filledVersion: Int32Array;
  readonly lastFillMs: Float64Array;
  readonly countedFillMs: Float64Array;
  /**
   * Per row: {@link FILLED_OTHER_FIELDS} when the last fill held other fields than the row at its
   * version, {@link FILLED_OTHER_USER} when it held another user's row, else 0 (see `noteFill`),
   * so a judgement made later, when a write in flight finishes, applies the same test as the
   * fill's step and its STALE badge, not the version alone (another user's version says nothing
   * of this row's).
   */
  readonly filledUnlikeRow: Uint8Array;
  /** Per row: changes committed whose invalidation the consumer has not delivered or dropped. */
  readonly invalidationsPending: Int32Array;
  /** Per row: how many fills put a row in its key (the explorer tells whose step made one). */
  readonly fillCounts: Int32Array;
  /** Fills of any row so far (a step that made one is known by it changing). */
  fills = 0;

  constructor(
    rows: number,
    private readonly clock: VirtualClock,
    private readonly db: Database,
    private readonly counts: RunCounts,
    private readonly consistency: ConsistencyTracker,
    private readonly pattern: EngineConfig['pattern'] = 'cache-aside',
  ) {
    this.writesInFlight = new Int32Array(rows + 1);
    this.filledVersion = new Int32Array(rows + 1);
    this.lastFillMs = new Float64Array(rows + 1).fill(-1);
    this.countedFillMs = new Float64Array(rows + 1).fill(-1);
    this.filledUnlikeRow = new Uint8Array(rows + 1);
    this.invalidationsPending = new Int32Array(rows + 1);
    this.fillCounts = new Int32Array(rows + 1);
  }

  /**
   * The consumer is done with a change of row `id`. When it was the last one owed and it never
   * arrived (dropped, or the DEL failed), an older row the cache still holds stays there until
   * its TTL: a lost invalidation.
   */
  invalidated(id: number, isDelivered: boolean): void {
    if (!(id > 0 && id < this.invalidationsPending.length)) return;
    if (this.invalidationsPending[id] > 0) this.invalidationsPending[id]--;
    if (isDelivered || this.invalidationsPending[id] > 0) return;
    if (this.isFillOutdated(id)) this.counts.lostInvalidations++;
  }

  /**
   * Whether the copy the last fill put at row `id`'s key, if nothing removed it since, is not the
   * row the database holds now: older, by the version it is judged at ({@link trackedVersion}), so
   * another user's row is outdated whatever its version; or at the row's version with other
   * fields (a version the console reused, a copy of your code's making), as the STALE badge
   * judges it. Every later judgement of a fill (a write's end, a flush, an invalidation that
   * never arrives) asks this one.
   */
  private isFillOutdated(id: number): boolean {
    const version = this.filledVersion[id];
    if (version <= 0) return false;
    const unlike = this.filledUnlikeRow[id];
    const committed = this.db.committedVersion(id);
    return (
      trackedVersion(version, unlike === FILLED_OTHER_USER) < committed ||
      (version === committed && unlike === FILLED_OTHER_FIELDS)
    );
  }

  /** A delete or a tombstone removed whatever a fill had put at `key`. */
  noteRemoved(key: string): void {
    const id = userIdOfKey(key);
    if (id === 0) return;
    if (id < this.filledVersion.length) this.filledVersion[id] = 0;
    this.consistency.cached(id, 0, Infinity, this.clock.nowMs);
  }

  /**
   * A learner's command left row `id`'s key holding `value`, a row it did not send (it changed
   * the key's TTL alone, or moved a copy there, `isMoved`: `RENAME`, `COPY`), as a hash's fields'
   * JSON when `type` is `hash`. No fill: the consistency tracker learns what the key holds, judged
   * as a fill's copy is ({@link trackedVersion}); a copy moved there is, from now on, the copy
   * the later judgements (a write's end, a flush, an invalidation that never arrives) judge, as
   * if it had landed now: until 2026-12-08 they judged the last fill's, which it replaced.
   */
  noteHeld(
    id: number,
    value: string,
    type: 'string' | 'hash',
    expiresAtMs: number,
    isMoved = false,
  ): void {
    const { otherFields, otherUserId } = fillFieldsUnlikeRow(
      this.db,
      id,
      value,
      this.pattern,
      type,
    );
    const version = versionOf(value);
    this.consistency.cached(
      id,
      trackedVersion(version, otherUserId !== undefined),
      expiresAtMs,
      this.clock.nowMs,
    );
    if (!isMoved || !(id < this.filledVersion.length)) return;
    this.filledVersion[id] = version;
    this.lastFillMs[id] = this.clock.nowMs;
    this.filledUnlikeRow[id] = unlikeRowMark(otherUserId, otherFields);
  }

  /**
   * A row went into the cache: a stale fill if it is already outdated and no write will fix it.
   * `isWrite`: the row is a write-behind write's (its store), a write the cache acknowledges.
   * `learnerCopy`: a learner's command stored it (the console, your code), as a string or a hash
   * (its fields' JSON): any copy of theirs may hold other fields than its version's row.
   */
  noteFill(
    key: string,
    value: string,
    out: StepOutcome,
    expiresAtMs: number,
    isWrite = false,
    learnerCopy?: 'string' | 'hash',
  ): void {
    const id = userIdOfKey(key);
    if (id === 0) return;
    if (isTombstone(value)) return this.noteRemoved(key);
    if (!(id < this.lastFillMs.length)) return;
    this.fillCounts[id]++;
    this.fills++;
    const version = versionOf(value);
    const now = this.clock.nowMs;
    // A write-behind write commits in the cache, with its store: known by who sent it, not by a
    // version newer than the database's, which anyone may store (a learner's read path storing
    // the copy it hit, a write path of theirs that sets the cache before its UPDATE commits:
    // that write counts once, when the UPDATE does). One built on a copy the database has left
    // behind (the row was written around the cache) is a write all the same, and counts, lost
    // or not.
    if (isWrite) this.consistency.committed(id, version, now, true);
    // The judgement behind the STALE badge and the step's narration: a copy at the row's version
    // with other fields (the SQL console reused that version) is outdated as an older one is.
    const { otherFields, otherUserId } = fillFieldsUnlikeRow(
      this.db,
      id,
      value,
      this.pattern,
      learnerCopy,
    );
    this.consistency.cached(
      id,
      trackedVersion(version, otherUserId !== undefined),
      expiresAtMs,
      now,
    );
    this.lastFillMs[id] = this.clock.nowMs;
    this.filledVersion[id] = version;
    out.fillOtherFields = otherFields;
    out.fillOtherUserId = otherUserId;
    this.filledUnlikeRow[id] = unlikeRowMark(otherUserId, otherFields);
    // A copy of a row deleted since the reader's SELECT is stale whatever its version: the
    // database holds no row for it to match (see `ReadChecker.judgeRead`). So is another user's
    // row, whatever its version.
    const isOutdated =
      version < this.db.committedVersion(id) ||
      this.db.deletedAtMs(id) !== undefined ||
      otherFields !== undefined ||
      otherUserId !== undefined;
    // The write in flight judges it when it finishes.
    if (this.writesInFlight[id] > 0) {
      if (version > 0 && isOutdated) out.fillJudgedLater = 'write';
      return;
    }
    // An invalidation is on its way from the change consumer: it will remove this entry.
    if (this.invalidationsPending[id] > 0) {
      if (version > 0 && isOutdated) out.fillJudgedLater = 'change-log';
      return;
    }
    if (version > 0 && isOutdated) {
      this.countedFillMs[id] = this.clock.nowMs;
      this.counts.staleFills++;
      out.isStaleFill = true;
    }
  }

  /**
   * The flusher's UPDATE brought row `id` up to a write-behind write queued at `queuedAtMs`. A
   * fill that landed after it was queued (a reader that missed, its copy evicted or deleted, and
   * loaded the row the queue had not reached) is now older than the database, and no DEL is on
   * its way (the flush sends none): a stale fill, left until its TTL.
   */
  flushed(id: number, queuedAtMs: number, out: StepOutcome): void {
    if (queuedAtMs < 0 || !(id < this.lastFillMs.length)) return;
    // A write under way puts its own copy in the cache; a change consumer will delete this one.
    if (this.writesInFlight[id] > 0 || this.invalidationsPending[id] > 0) return;
    const filledAt = this.lastFillMs[id];
    if (filledAt < queuedAtMs || filledAt === this.countedFillMs[id]) return;
    if (this.isFillOutdated(id)) {
      this.countedFillMs[id] = filledAt;
      this.counts.staleFills++;
      out.isStaleFill = true;
      if (this.filledUnlikeRow[id] === FILLED_OTHER_USER) out.isStaleFillOtherUser = true;
    }
  }

  /**
   * The last write of a row in flight finished: if a fill made while it ran left an older row in
   * the cache (a reader's SET that beat the DEL, a reordered writer's SET), that entry stays
   * stale until its TTL. A lost invalidation is counted as such, not as a stale fill.
   */
  writeFinished(id: number, startedMs: number, isLost: boolean, out?: StepOutcome): void {
    if (!(id < this.writesInFlight.length)) return;
    if (--this.writesInFlight[id] > 0 || isLost || this.invalidationsPending[id] > 0) return;
    const filledAt = this.lastFillMs[id];
    // A fill at the very instant the write started was made before it: the copy it cached was
    // the row then current, left by the policy (TTL only) rather than by a race with the write.
    if (filledAt <= startedMs || filledAt === this.countedFillMs[id]) return;
    // A copy at the row's version with other fields (write-behind's built on a copy the console
    // outdated, a fill of a version the console reused) is as outdated as an older one.
    if (this.isFillOutdated(id)) {
      this.countedFillMs[id] = filledAt;
      this.counts.staleFills++;
      if (out) {
        out.isStaleFill = true;
        if (this.filledUnlikeRow[id] === FILLED_OTHER_USER) out.isStaleFillOtherUser = true;
      }
    }
  }
}
