import type { BackgroundJob, QueuedWrite } from './programs/cacheLayer';

/** A {@link PatternLedger} as plain data (Back's checkpoints). */
export interface PatternLedgerState {
  spawned: BackgroundJob[];
  flushedWrites: number;
  lostWrites: number;
  writtenAroundWrites: number;
  lostBy: LostWrites;
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
  takenColumns: string[][];
  writtenAround: [number, string, number][];
}

/**
 * Why write-behind lost writes: a cache restart emptied the queue; the queue was removed
 * before the flusher took its writes (an eviction, a DEL); the flusher's UPDATE found no row;
 * a queued write, flushed late, overwrote a newer write that had gone straight to the
 * database (while Redis was unreachable) and so destroyed it; or the flusher had taken them
 * from the queue and stopped at an UPDATE the database refused (a row at 2^53 - 1, a schema the
 * console broke).
 */
export interface LostWrites {
  restart: number;
  removed: number;
  rowGone: number;
  overwritten: number;
  refused: number;
}

/**
 * The causes of lost writes as the summaries write them: the one cause, or each with its count,
 * the largest first ("1,000: the queue was evicted or deleted before their flush; 393: a cache
 * restart emptied the queue"). Empty when none was lost.
 */
export function lostWritesCauses(lostBy: LostWrites): string {
  const causes: [number, string][] = [
    [lostBy.restart, 'a cache restart emptied the queue'],
    [lostBy.removed, 'the queue was evicted or deleted before their flush'],
    [lostBy.rowGone, 'their row was gone at their flush'],
    [lostBy.overwritten, 'an older queued write overwrote them at its flush'],
    [lostBy.refused, 'the flusher had taken them and stopped at an UPDATE the database refused'],
  ];
  const found = causes.filter(([n]) => n > 0).sort((a, b) => b[0] - a[0]);
  if (found.length === 1) return found[0][1];
  return found.map(([n, cause]) => `${n.toLocaleString('en-US')}: ${cause}`).join('; ');
}

/**
 * Why write-behind writes went around the queue, in brackets: the cache could not take them, so
 * the application wrote the database itself. A flush of an older queued write of the row may
 * overwrite one later: those are counted lost too, and are among these.
 */
export function writtenAroundWhy(writtenAround: number, overwritten: number): string {
  const them = writtenAround === 1 ? 'it' : 'them';
  return `(the cache could not take ${them}: the application wrote the database itself${overwritten > 0 ? `; the ${overwritten.toLocaleString('en-US')} overwritten are among ${them}` : ''})`;
}

/**
 * One acknowledged write the queue lost: its row, and which of that row's writes still pending it
 * was (those taken by the flusher, then those queued, oldest first; 0 the oldest), counted after
 * the writes listed before it are gone. -1: none of them (a write around the queue that a flush
 * overwrote). Two pending writes of a row are told apart by it: a console `RPOP` takes the newer
 * one and leaves the older.
 */
export interface LostWrite {
  id: number;
  rank: number;
  /** When it was queued, where the ledger knows it (a console command removed its entry). */
  queuedAtMs?: number;
}

const noLostWrites = (): LostWrites => ({
  restart: 0,
  removed: 0,
  rowGone: 0,
  overwritten: 0,
  refused: 0,
});

/**
 * What the cache layer's own processes are doing and did: which background jobs run (so each
 * runs once at a time), and the write-behind queue's story: writes queued, taken by the flusher,
 * written to the database (with how long the database lagged), and lost (see {@link LostWrites}).
 */
export class PatternLedger {
  /** Jobs started and not yet picked up by a scheduler. */
  readonly spawned: BackgroundJob[] = [];
  /** Writes the database got from the flusher. */
  flushedWrites = 0;
  /** Acknowledged writes the database never kept, whatever the cause ({@link lostBy}). */
  lostWrites = 0;
  /**
   * Writes the application wrote to the database itself, around the queue, because the cache
   * could not take them (Redis down, the SET or RPUSH refused): neither flushed nor lost.
   */
  writtenAroundWrites = 0;
  /** {@link lostWrites} by cause. */
  lostBy: LostWrites = noLostWrites();
  /** Sum and maximum of write-behind lag: from a write's queueing to its UPDATE, ms. */
  lagTotalMs = 0;
  maxLagMs = 0;
  /** Background reloads started by refresh-ahead. */
  refreshes = 0;
  /** When the write the last {@link flushed} call wrote was queued (-1: it wrote none of them). */
  lastFlushQueuedAtMs = -1;
  /** The writes lost since {@link lostRowsOf} began. */
  private lostRows: LostWrite[] = [];
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
  /** Which columns each of them changes. */
  private takenColumns: string[][] = [];
  /**
   * When a write outside the queue (the application's own UPDATE while Redis was unreachable)
   * last changed each column of a row with writes pending: [id, column, ms].
   */
  private writtenAround: [number, string, number][] = [];

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
      this.takenColumns.push(Object.keys((JSON.parse(entry) as QueuedWrite).changes));
    }
    if (asked !== undefined && entries.length < asked) this.lose(this.queuedAt.length);
    if (entries.length === 0) this.isFlushing = false;
  }

  /** Writes queued and not yet taken by the flusher. */
  get queuedWrites(): number {
    return this.queuedAt.length;
  }

  /**
   * The queue holds `entries` now, seen without a command (after a console command or an
   * eviction): each write the ledger holds queued whose entry is no longer there is gone, lost
   * now rather than when the flusher next finds it missing. Known by its entry, not by its place:
   * an `RPOP` takes the newer write and leaves the older. Equal entries (the same row and
   * changes) look alike: of those, the newer went when `isFromTail` (the command took from the
   * list's tail, as RPOP does), else the older (LPOP, and whatever else took them).
   */
  queueSeen(entries: readonly string[], isFromTail = false): void {
    // Most checks find every write still there, in its order, among whatever the console added:
    // known without building anything (a long queue is checked after every console command).
    let found = 0;
    for (let i = 0; i < entries.length && found < this.queuedEntries.length; i++)
      if (entries[i] === this.queuedEntries[found]) found++;
    if (found === this.queuedEntries.length) return;
    const left = new Map<string, number>();
    for (const e of entries) left.set(e, (left.get(e) ?? 0) + 1);
    const kept: boolean[] = [];
    const last = this.queuedEntries.length - 1;
    for (let k = 0; k <= last; k++) {
      const j = isFromTail ? k : last - k;
      const n = left.get(this.queuedEntries[j]) ?? 0;
      kept[j] = n > 0;
      if (n > 0) left.set(this.queuedEntries[j], n - 1);
    }
    const queuedAt: number[] = [];
    const queuedEntries: string[] = [];
    this.queuedEntries.forEach((entry, j) => {
      if (kept[j]) {
        queuedAt.push(this.queuedAt[j]);
        queuedEntries.push(entry);
        return;
      }
      const id = idOfEntry(entry);
      this.lostWrites++;
      this.lostBy.removed++;
      this.lostRows.push({
        id,
        rank: this.takenOf(id) + queuedEntries.filter(isOf(id)).length,
        queuedAtMs: this.queuedAt[j],
      });
    });
    this.queuedAt = queuedAt;
    this.queuedEntries = queuedEntries;
  }

  /** The oldest `count` queued writes are gone from Redis before the flusher took them. */
  private lose(count: number): void {
    const n = Math.min(count, this.queuedAt.length);
    this.lostWrites += n;
    this.lostBy.removed += n;
    for (const entry of this.queuedEntries.slice(0, n)) this.loseQueued(entry);
    this.queuedAt.splice(0, n);
    this.queuedEntries.splice(0, n);
  }

  /**
   * Notes the loss of the oldest queued write of its row (`entry`): the writes of its row the
   * flusher took are older, the ones queued before it are gone already.
   */
  private loseQueued(entry: string): void {
    const id = idOfEntry(entry);
    this.lostRows.push({ id, rank: this.takenOf(id) });
  }

  /** How many writes of row `id` the flusher has taken and not yet written. */
  private takenOf(id: number): number {
    let n = 0;
    for (const taken of this.takenIds) if (taken === id) n++;
    return n;
  }

  /**
   * Whether a write of row `id` is still on its way to the database: under way (holding the
   * cache's lock on `key`), queued, or taken by the flusher and not yet written. Its cached copy
   * is ahead of the database until then, by design.
   */
  hasPendingWrite(id: number, key: string): boolean {
    return this.locked.has(key) || this.hasQueuedWrite(id);
  }

  /**
   * Whether a write of row `id` the application acknowledged waits for the database: queued, or
   * taken by the flusher and not yet written (not one still under way).
   */
  hasQueuedWrite(id: number): boolean {
    return this.takenIds.includes(id) || this.queuedEntries.some((e) => idOfEntry(e) === id);
  }

  /**
   * A write outside the queue changed `columns` of row `id` in the database at `nowMs` (the
   * application's fallback while Redis was unreachable). A queued write of the row flushed
   * later replays its changes over it.
   */
  wroteAround(nowMs: number, id: number, columns: readonly string[]): void {
    if (!this.hasQueuedWrite(id)) return;
    for (const column of columns) {
      this.writtenAround = this.writtenAround.filter(([row, c]) => row !== id || c !== column);
      this.writtenAround.push([id, column, nowMs]);
    }
  }

  /**
   * The flusher's UPDATE of row `id` reached the database at `nowMs` (`isRowChanged`), or found
   * no row to change. An UPDATE of none of the taken writes' rows ran an entry the application
   * did not queue: it is none of its writes. A taken write whose row is gone is lost. True when
   * the UPDATE overwrote a column a newer write had changed around the queue: that newer,
   * acknowledged write is lost.
   */
  flushed(nowMs: number, id: number, isRowChanged = true): boolean {
    this.lastFlushQueuedAtMs = -1;
    const i = this.takenIds.indexOf(id);
    if (i < 0) return false;
    const at = this.takenAt[i];
    this.lastFlushQueuedAtMs = at;
    const columns = this.takenColumns[i];
    this.takenAt.splice(i, 1);
    this.takenIds.splice(i, 1);
    this.takenColumns.splice(i, 1);
    if (!isRowChanged) {
      this.lostWrites++;
      this.lostBy.rowGone++;
      this.lostRows.push({ id, rank: 0 });
      return false;
    }
    this.flushedWrites++;
    const lag = nowMs - at;
    this.lagTotalMs += lag;
    if (lag > this.maxLagMs) this.maxLagMs = lag;
    const isOverwrite = this.writtenAround.some(
      ([row, column, ms]) => row === id && ms > at && columns.includes(column),
    );
    if (isOverwrite) {
      this.lostWrites++;
      this.lostBy.overwritten++;
      this.lostRows.push({ id, rank: -1 });
    }
    if (!this.takenIds.includes(id) && !this.queuedEntries.some((e) => idOfEntry(e) === id))
      this.writtenAround = this.writtenAround.filter(([row]) => row !== id);
    return isOverwrite;
  }

  /**
   * The database refused the flusher's UPDATE, and the flusher stops there (a program ends at a
   * refused statement): every write it had taken from the queue and not yet written is in
   * neither Redis nor the database now, and nothing sends it again. Lost. The flusher is gone,
   * so the next write queued starts another.
   */
  flushRefused(): void {
    const n = this.takenIds.length;
    this.lostWrites += n;
    this.lostBy.refused += n;
    // Oldest first, each the oldest of its row left: the taken come before every queued one.
    for (const id of this.takenIds) this.lostRows.push({ id, rank: 0 });
    const ids = this.takenIds;
    this.takenAt = [];
    this.takenIds = [];
    this.takenColumns = [];
    this.writtenAround = this.writtenAround.filter(
      ([row]) => !ids.includes(row) || this.queuedEntries.some((e) => idOfEntry(e) === row),
    );
    this.isFlushing = false;
  }

  /**
   * Runs a ledger update and returns the row of each write it lost, so the consistency tracker
   * can tell those writes from the ones it still judges.
   */
  lostRowsOf(update: () => void): LostWrite[] {
    this.lostRows = [];
    update();
    const rows = this.lostRows;
    this.lostRows = [];
    return rows;
  }

  /** Writes the database does not have yet (queued, or taken and not yet written). */
  get pendingWrites(): number {
    return this.queuedAt.length + this.takenAt.length;
  }

  /** The cache restarted empty: whatever was still queued is lost. */
  restarted(): void {
    this.lostWrites += this.queuedAt.length;
    this.lostBy.restart += this.queuedAt.length;
    // A loop, not a spread: a long queue would pass more arguments than a call may take.
    for (const entry of this.queuedEntries) this.loseQueued(entry);
    this.queuedAt = [];
    this.queuedEntries = [];
  }

  /** Everything the ledger holds, as data (Back's checkpoints). */
  saveState(): PatternLedgerState {
    return {
      spawned: this.spawned.map((j) => ({ ...j })),
      flushedWrites: this.flushedWrites,
      lostWrites: this.lostWrites,
      writtenAroundWrites: this.writtenAroundWrites,
      lostBy: { ...this.lostBy },
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
      takenColumns: this.takenColumns.map((c) => [...c]),
      writtenAround: [...this.writtenAround],
    };
  }

  /** Puts a {@link saveState} back into a fresh ledger. */
  loadState(state: PatternLedgerState): void {
    this.spawned.splice(0, this.spawned.length, ...state.spawned.map((j) => ({ ...j })));
    this.flushedWrites = state.flushedWrites;
    this.lostWrites = state.lostWrites;
    this.writtenAroundWrites = state.writtenAroundWrites;
    this.lostBy = { ...state.lostBy };
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
    this.takenColumns = state.takenColumns.map((c) => [...c]);
    this.writtenAround = [...state.writtenAround];
  }

  /** Mean write-behind lag, ms (0 before any flush). */
  get meanLagMs(): number {
    return this.flushedWrites === 0 ? 0 : this.lagTotalMs / this.flushedWrites;
  }
}

const isOf = (id: number) => (entry: string) => idOfEntry(entry) === id;

/** The row an entry the application queued writes: its JSON starts with the id. */
function idOfEntry(entry: string): number {
  return Number(/^\{"id":(\d+)/.exec(entry)?.[1] ?? -1);
}
