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
  takenAt: number[];
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
  /** When each write the flusher took (and has not yet written) was queued. */
  private takenAt: number[] = [];

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
   * RPUSH put a write in the queue at `nowMs`; `length` is the list's length it answered. A
   * list shorter than the writes the ledger holds lost the oldest ones to something else (a DEL
   * typed in the console, an eviction): they are lost, as in a restart.
   */
  queued(nowMs: number, length?: number): void {
    if (length !== undefined && length < this.queuedAt.length + 1)
      this.lose(this.queuedAt.length + 1 - length);
    this.queuedAt.push(nowMs);
  }

  /**
   * LPOP took `count` writes (0: the queue was empty or unreachable, so the flusher stops). When
   * it asked for more (`asked`) than it got, the list is empty now: writes the ledger still
   * holds as queued were removed by something else, and are lost.
   */
  taken(count: number, asked?: number): void {
    this.takenAt.push(...this.queuedAt.splice(0, count));
    if (asked !== undefined && count < asked) this.lose(this.queuedAt.length);
    if (count === 0) this.isFlushing = false;
  }

  /** The oldest `count` queued writes are gone from Redis before the flusher took them. */
  private lose(count: number): void {
    const n = Math.min(count, this.queuedAt.length);
    this.lostWrites += n;
    this.queuedAt.splice(0, n);
  }

  /** The flusher's UPDATE of the oldest taken write reached the database at `nowMs`. */
  flushed(nowMs: number): void {
    const at = this.takenAt.shift();
    if (at === undefined) return;
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
      takenAt: [...this.takenAt],
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
    this.takenAt = [...state.takenAt];
  }

  /** Mean write-behind lag, ms (0 before any flush). */
  get meanLagMs(): number {
    return this.flushedWrites === 0 ? 0 : this.lagTotalMs / this.flushedWrites;
  }
}
