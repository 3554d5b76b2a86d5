import type { BackgroundJob } from './programs/cacheLayer';

/** A {@link PatternLedger} as plain data (Back's checkpoints). */
export interface PatternLedgerState {
  spawned: BackgroundJob[];
  flushedWrites: number;
  lostWrites: number;
  lagTotalMs: number;
  maxLagMs: number;
  refreshes: number;
  isFlushing: boolean;
  locked: string[];
  refreshing: number[];
  queuedAt: number[];
  queuedEntries: string[];
  takenAt: number[];
  takenIds: number[];
}

/**
 * What the cache layer's own processes are doing and did: which background jobs run (so each
 * runs once at a time), and the write-behind queue's story: writes queued, taken by the flusher,
 * written to the database (with how long the database lagged), and lost to a cache restart.
 */
export class PatternLedger {
  /** Jobs started and not yet picked up by a scheduler. */
  readonly spawned: BackgroundJob[] = [];
  /** Writes the database got from the flusher. */
  flushedWrites = 0;
  /** Queued writes a cache restart destroyed before the flusher took them. */
  lostWrites = 0;
  /** Sum and maximum of write-behind lag: from a write's queueing to its UPDATE, ms. */
  lagTotalMs = 0;
  maxLagMs = 0;
  /** Background reloads started by refresh-ahead. */
  refreshes = 0;
  private isFlushing = false;
  private isConsuming = false;
  private readonly locked = new Set<string>();

  /** The cache layer's per-entry lock (write-behind updates an entry one write at a time). */
  tryLock(key: string): boolean {
    if (this.locked.has(key)) return false;
    this.locked.add(key);
    return true;
  }

  unlock(key: string): void {
    this.locked.delete(key);
  }
  private readonly refreshing = new Set<number>();
  /** When each write still in the Redis queue was queued, oldest first. */
  private queuedAt: number[] = [];
  /** What the application pushed for each of them: how the ledger tells its writes from others. */
  private queuedEntries: string[] = [];
  /** When each write the flusher took (and has not yet written) was queued. */
  private takenAt: number[] = [];
  /** Which row each of them writes: how the ledger knows the flusher's UPDATE of it. */
  private takenIds: number[] = [];

  /** Starts a job unless the same one runs; true when it started. */
  spawn(job: BackgroundJob): boolean {
    if (job.job === 'flush') {
      if (this.isFlushing) return false;
      this.isFlushing = true;
    } else if (job.job === 'cdc') {
      if (this.isConsuming) return false;
      this.isConsuming = true;
    } else {
      if (this.refreshing.has(job.id)) return false;
      this.refreshing.add(job.id);
      this.refreshes++;
    }
    this.spawned.push(job);
    return true;
  }

  /** A refresh or the change consumer ended (a flush ends when it finds the queue empty: see {@link taken}). */
  ended(job: BackgroundJob): void {
    if (job.job === 'refresh') this.refreshing.delete(job.id);
    if (job.job === 'cdc') this.isConsuming = false;
  }

  /**
   * RPUSH put the application's write `entry` in the queue at `nowMs`; `length` is the list's
   * length it answered. A list shorter than the writes the ledger holds lost the oldest ones to
   * something else (a DEL typed in the console, an eviction): they are lost, as in a restart.
   */
  queued(nowMs: number, entry: string, length?: number): void {
    if (length !== undefined && length < this.queuedAt.length + 1)
      this.lose(this.queuedAt.length + 1 - length);
    this.queuedAt.push(nowMs);
    this.queuedEntries.push(entry);
  }

  /**
   * LPOP took `entries` (none: the queue was empty or unreachable, so the flusher stops). An
   * entry the application did not queue (one typed in the console) is not one of its writes.
   * An older write still held as queued is gone from the list (removed by something else), and
   * so is every one left when LPOP asked for more (`asked`) than it got: they are lost.
   */
  taken(entries: readonly string[], asked?: number): void {
    for (const entry of entries) {
      const i = entry === this.queuedEntries[0] ? 0 : this.queuedEntries.indexOf(entry);
      if (i < 0) continue;
      this.lose(i);
      this.takenAt.push(this.queuedAt.shift() as number);
      this.queuedEntries.shift();
      this.takenIds.push(idOfEntry(entry));
    }
    if (asked !== undefined && entries.length < asked) this.lose(this.queuedAt.length);
    if (entries.length === 0) this.isFlushing = false;
  }

  /** The oldest `count` queued writes are gone from Redis before the flusher took them. */
  private lose(count: number): void {
    const n = Math.min(count, this.queuedAt.length);
    this.lostWrites += n;
    this.queuedAt.splice(0, n);
    this.queuedEntries.splice(0, n);
  }

  /**
   * The flusher's UPDATE of row `id` reached the database at `nowMs` (`isRowChanged`), or found
   * no row to change. An UPDATE of none of the taken writes' rows ran an entry the application
   * did not queue: it is none of its writes. A taken write whose row is gone is lost.
   */
  flushed(nowMs: number, id: number, isRowChanged = true): void {
    const i = this.takenIds.indexOf(id);
    if (i < 0) return;
    const at = this.takenAt[i];
    this.takenAt.splice(i, 1);
    this.takenIds.splice(i, 1);
    if (!isRowChanged) {
      this.lostWrites++;
      return;
    }
    this.flushedWrites++;
    const lag = nowMs - at;
    this.lagTotalMs += lag;
    if (lag > this.maxLagMs) this.maxLagMs = lag;
  }

  /** Writes the database does not have yet (queued, or taken and not yet written). */
  get pendingWrites(): number {
    return this.queuedAt.length + this.takenAt.length;
  }

  /** The cache restarted empty: whatever was still queued is lost. */
  restarted(): void {
    this.lostWrites += this.queuedAt.length;
    this.queuedAt = [];
    this.queuedEntries = [];
  }

  /** Everything the ledger holds, as data (Back's checkpoints). */
  saveState(): PatternLedgerState {
    return {
      spawned: this.spawned.map((j) => ({ ...j })),
      flushedWrites: this.flushedWrites,
      lostWrites: this.lostWrites,
      lagTotalMs: this.lagTotalMs,
      maxLagMs: this.maxLagMs,
      refreshes: this.refreshes,
      isFlushing: this.isFlushing,
      locked: [...this.locked],
      refreshing: [...this.refreshing],
      queuedAt: [...this.queuedAt],
      queuedEntries: [...this.queuedEntries],
      takenAt: [...this.takenAt],
      takenIds: [...this.takenIds],
    };
  }

  /** Puts a {@link saveState} back into a fresh ledger. */
  loadState(state: PatternLedgerState): void {
    this.spawned.splice(0, this.spawned.length, ...state.spawned.map((j) => ({ ...j })));
    this.flushedWrites = state.flushedWrites;
    this.lostWrites = state.lostWrites;
    this.lagTotalMs = state.lagTotalMs;
    this.maxLagMs = state.maxLagMs;
    this.refreshes = state.refreshes;
    this.isFlushing = state.isFlushing;
    this.locked.clear();
    for (const key of state.locked) this.locked.add(key);
    this.refreshing.clear();
    for (const id of state.refreshing) this.refreshing.add(id);
    this.queuedAt = [...state.queuedAt];
    this.queuedEntries = [...state.queuedEntries];
    this.takenAt = [...state.takenAt];
    this.takenIds = [...state.takenIds];
  }

  /** Mean write-behind lag, ms (0 before any flush). */
  get meanLagMs(): number {
    return this.flushedWrites === 0 ? 0 : this.lagTotalMs / this.flushedWrites;
  }
}

/** The row an entry the application queued writes: its JSON starts with the id. */
function idOfEntry(entry: string): number {
  return Number(/^\{"id":(\d+)/.exec(entry)?.[1] ?? -1);
}
