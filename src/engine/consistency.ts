import type { LostWrite } from './patternLedger';
import type { WorkloadSummary } from './workloadSummary';

/**
 * Consistency as production teams measure it: for every write, how long until the cache no
 * longer holds a version older than the write's (it holds the new one, a newer one, or
 * nothing), for good. Reported as the share of writes consistent within 1 s, 10 s and 60 s of
 * virtual time, which the page writes as nines (99.9% = three nines). A write-behind write is
 * acknowledged in the cache before the database has it: it is consistent only once its flush
 * has written it too (until then the two stores disagree, and the queue may still lose it).
 */

/**
 * The share of writes consistent within each bound; null when there were no writes to judge (a
 * share of none is no figure).
 */
export type ConsistencySummary =
  | {
      /** Writes judged (every committed write of the run). */
      writes: number;
      within1s: number;
      within10s: number;
      within60s: number;
      /**
       * Write-behind writes among `writes` that the database does not have yet (queued, or taken
       * by the flusher): in no share so far, since their flush may still come in time, or never.
       * Present only when there are some.
       */
      pending?: number;
      /**
       * Writes among `writes` lost before the database had them (write-behind's queue lost
       * them): never consistent, whatever comes later, so in no share for good. Present only
       * when there are some.
       */
      lost?: number;
      /**
       * Writes among `writes` not consistent within 60 s as the run stands whose 60 s had not
       * passed when it was summed up: a later command (a DEL, a refill, an expiry) may still make
       * them so, so the 60 s share is a figure so far, not a verdict. Present only when there
       * are some.
       */
      undecided?: number;
    }
  | {
      writes: 0;
      within1s: null;
      within10s: null;
      within60s: null;
      pending?: undefined;
      lost?: undefined;
      undecided?: undefined;
    };

interface TrackedWrite {
  /** Where its row's state is kept (see `ConsistencyTracker.slot`). */
  slot: number;
  version: number;
  atMs: number;
  /** Since when the cache has held nothing older than `version` (null: it holds an older one now). */
  goodSinceMs: number | null;
  /** Lost before the database had it: never consistent, whatever the cache holds. */
  isLost?: boolean;
  /**
   * A write-behind write the database does not have yet: not consistent, whatever the cache
   * holds, until its flush (see {@link ConsistencyTracker.reachedDatabase}).
   */
  isQueued?: boolean;
  /**
   * The cache's copy, and every copy a later write-behind write builds on it, lacks this change
   * whatever its version says: a write straight to the database while a write-behind write of
   * its row was queued, or a queued write whose copy went (deleted, evicted) before a later
   * write-behind write built its own from the database's row. Consistent only once that copy is
   * gone (a delete, its expiry, a restart), not when a newer copy is stored over it.
   */
  isBehindCopy?: boolean;
}

/** A write the tracker judges, as {@link ConsistencyTracker.withdraw} takes it back. */
export type JudgedWrite = Readonly<TrackedWrite>;

const BOUNDS_MS = [1000, 10_000, 60_000] as const;

/**
 * The version {@link ConsistencyTracker.cached} takes for a copy that is no row the database
 * held at its version (typed in the console), or another user's row under the row's key (a
 * learner's code stored it there): older than every write of its row.
 */
export const NOT_A_ROW = -1;

/** A {@link ConsistencyTracker} as plain data (Back's checkpoints). */
export interface ConsistencyState {
  writes: number;
  within: number[];
  lost: number;
  open: [number, TrackedWrite[]][];
  cachedVersion: [number, number][];
  expiresAtMs: [number, number][];
  /** Rows held under keys other than `user:<id>` (see `cachedUnder`). */
  others?: [key: string, id: number, version: number, expiresAtMs: number][];
}

/** A row held under a key other than `user:<id>` (a learner's `profile:3`). */
interface OtherHolder {
  id: number;
  version: number;
  expiresAtMs: number;
}

/**
 * Watches each row's cached version against the writes committed to it. Per-row state sits in
 * arrays indexed by row id (a fill or a delete touches it on every miss and write of a long run);
 * an id outside the rows the tracker was made for (a row the console added) gets a slot past them.
 */
export class ConsistencyTracker {
  private writes = 0;
  /** Finished writes consistent within each bound. */
  private readonly within = [0, 0, 0];
  /**
   * Writes the run lost for good (write-behind's queue on a cache restart) that were judged
   * already, among `within`: they are taken off it. A lost write still open is marked instead.
   */
  private lost = 0;
  /** Slots 0..rows: each row id its own. */
  private readonly rowSlots: number;
  /** Slots of the other ids, by id, and the id of each of those slots (past `rows`). */
  private readonly extraSlots = new Map<number, number>();
  private readonly extraIds: number[] = [];
  /** Per slot: writes not yet known to be consistent for good (undefined: none so far). */
  private open: (TrackedWrite[] | undefined)[];
  /** Per slot: the version the cache holds (0: none), and when that entry expires. */
  private cachedVersion: Float64Array;
  private expiresAtMs: Float64Array;
  /**
   * Per slot, rows held under other keys than `user:<id>`, by key: a learner's code may cache a
   * row anywhere, and a write is consistent only once no key holds an older version of it.
   * Empty for our own programs (always `user:<id>`), whose path never looks further.
   */
  private readonly others = new Map<number, Map<string, OtherHolder>>();

  /** `rows`: the highest row id the run uses (its users are 1..rows). */
  constructor(rows = 0) {
    this.rowSlots = rows + 1;
    this.open = new Array<TrackedWrite[] | undefined>(this.rowSlots).fill(undefined);
    this.cachedVersion = new Float64Array(this.rowSlots);
    this.expiresAtMs = new Float64Array(this.rowSlots).fill(Infinity);
  }

  /**
   * The write committed last (null before any): a run stopped part way may withdraw it. A new
   * object each commit, so a step that committed one is known by it changing.
   */
  lastCommitted: JudgedWrite | null = null;

  /**
   * A write of row `id` committed `version` at `nowMs`. `isQueued`: a write-behind write,
   * acknowledged in the cache, that the database gets only with its flush.
   */
  committed(id: number, version: number, nowMs: number, isQueued = false): void {
    const slot = this.slot(id);
    this.settleExpiry(slot, nowMs);
    this.writes++;
    const list = this.open[slot] ?? (this.open[slot] = []);
    // Writes before this one that are consistent now are done: a later regression shows in
    // this write's figure too, since the cache then holds something older than it.
    let kept = 0;
    let isQueueAhead = false;
    for (const w of list) {
      // A lost write stays: it is never consistent, `summary` counts it lost, and a copy of its
      // version is known by it (`isLostWrite`) after later writes of its row.
      if (w.isLost) {
        list[kept++] = w;
        continue;
      }
      if (w.isQueued === true) {
        isQueueAhead = true;
        // This write-behind write's copy is built on an older one than that queued write's (its
        // copy was deleted or evicted, and the row loaded from the database, which lacks it):
        // the copy lacks that write's change, whatever its version says.
        if (isQueued && w.version >= version) w.isBehindCopy = true;
      }
      if (w.goodSinceMs !== null && w.isQueued !== true) this.record(w.goodSinceMs - w.atMs);
      else list[kept++] = w;
    }
    list.length = kept;
    const cached = this.heldVersion(slot);
    // A write straight to the database (Redis was down) while a write-behind write of its row
    // waits for its flush: the cache's copy is that write's, built without this change, whatever
    // its version says (the two stores number the row apart now).
    const isBehindCopy = cached !== 0 && isQueueAhead && !isQueued;
    const write: TrackedWrite = {
      slot,
      version,
      atMs: nowMs,
      goodSinceMs: cached === 0 || (cached >= version && !isBehindCopy) ? nowMs : null,
      ...(isQueued ? { isQueued } : {}),
      ...(isBehindCopy ? { isBehindCopy } : {}),
    };
    list.push(write);
    this.lastCommitted = write;
  }

  /**
   * Takes a committed write back out of the writes judged: its request had not finished when
   * the run was stopped, and the run's figures count the requests that finished. One judged
   * already (a later write of its row found it consistent) is taken off the counts it made.
   */
  withdraw(w: JudgedWrite): void {
    const list = this.open[w.slot];
    const at = list === undefined ? -1 : list.indexOf(w as TrackedWrite);
    this.writes--;
    if (at >= 0) (list as TrackedWrite[]).splice(at, 1);
    else if (!w.isLost && w.goodSinceMs !== null) {
      const latencyMs = w.goodSinceMs - w.atMs;
      BOUNDS_MS.forEach((b, i) => {
        if (latencyMs <= b) this.within[i]--;
      });
    }
  }

  /**
   * The cache now holds `version` of row `id` (0: nothing; {@link NOT_A_ROW}: a copy of no
   * version), expiring at `expiresAtMs`.
   */
  cached(id: number, version: number, expiresAtMs: number, nowMs: number): void {
    const slot = this.slot(id);
    this.settleExpiry(slot, nowMs);
    this.cachedVersion[slot] = version;
    this.expiresAtMs[slot] = version === 0 ? Infinity : expiresAtMs;
    this.judge(slot, this.others.size === 0 ? version : this.heldVersion(slot), nowMs);
  }

  /**
   * The cache now holds `version` of row `id` under `key`, a key other than `user:<id>`
   * (`id` 0: it holds no row now), expiring at `expiresAtMs`.
   */
  cachedUnder(key: string, id: number, version: number, expiresAtMs: number, nowMs: number): void {
    for (const [slot, holders] of this.others) {
      if (!holders.has(key)) continue;
      this.settleExpiry(slot, nowMs);
      holders.delete(key);
      if (holders.size === 0) this.others.delete(slot);
      this.judge(slot, this.heldVersion(slot), nowMs);
    }
    if (!(id > 0 && version > 0)) return;
    const slot = this.slot(id);
    this.settleExpiry(slot, nowMs);
    let holders = this.others.get(slot);
    if (holders === undefined) {
      holders = new Map();
      this.others.set(slot, holders);
    }
    holders.set(key, { id, version, expiresAtMs });
    this.judge(slot, this.heldVersion(slot), nowMs);
  }

  /**
   * The flusher wrote a write-behind write of row `id` to the database at `nowMs`, making its
   * row `version` there: the oldest of its row still queued (the queue is first in, first out).
   * From now on it is judged as any write, at the version the database gave it: consistent once
   * the cache too holds nothing older, counted from its acknowledgement. That is the version
   * its copy in the cache has, unless the row was written around the cache while it waited (a
   * console UPDATE): then its copy lacks that change, is older than the row it flushed, and the
   * write is not consistent while the cache keeps it.
   */
  reachedDatabase(id: number, version: number, nowMs: number): void {
    const slot = this.slot(id);
    const w = this.open[slot]?.find((o) => o.isQueued === true && o.isLost !== true);
    if (w === undefined) return;
    this.settleExpiry(slot, nowMs);
    delete w.isQueued;
    w.version = version;
    const held = this.heldVersion(slot);
    w.goodSinceMs = held === 0 || (held >= version && w.isBehindCopy !== true) ? nowMs : null;
  }

  /**
   * A write-behind write whose store committed its copy in the cache, but which the cache did not
   * queue (its RPUSH failed), is in the database now by its own fallback UPDATE at `nowMs`, which
   * made its row `version` there: the same write, not another. It is the newest write of the row
   * still held as queued (its store and RPUSH run under the cache's per-entry lock), known by the
   * step that says so, not by a version: with an older write of the row queued, its copy is a
   * version ahead of the row its UPDATE makes. Judged from now on as a flushed write is. False,
   * changing nothing, when the tracker holds no such write.
   */
  wroteQueuedWrite(id: number, version: number, nowMs: number): boolean {
    const slot = this.slot(id);
    const w = this.open[slot]?.findLast((o) => o.isQueued === true && o.isLost !== true);
    if (w === undefined) return false;
    this.settleExpiry(slot, nowMs);
    delete w.isQueued;
    w.version = version;
    const held = this.heldVersion(slot);
    w.goodSinceMs = held === 0 || (held >= version && w.isBehindCopy !== true) ? nowMs : null;
    return true;
  }

  /**
   * Whether the entry last cached for row `id` has expired by `nowMs` with nothing since (no
   * delete, restart or write of the row has settled it): what ended it is its TTL.
   */
  hasExpiredEntry(id: number, nowMs: number): boolean {
    if (!(id >= 0 && id < this.rowSlots) && !this.extraSlots.has(id)) return false;
    const slot = this.slot(id);
    return this.cachedVersion[slot] !== 0 && this.expiresAtMs[slot] <= nowMs;
  }

  /**
   * Whether the cache's copy of row `id` is {@link NOT_A_ROW} (typed in the console, or another
   * user's row).
   */
  holdsNoRow(id: number): boolean {
    return id >= 0 && id < this.rowSlots && this.cachedVersion[id] === NOT_A_ROW;
  }

  /** The cache restarted empty. */
  restarted(nowMs: number): void {
    for (let slot = 0; slot < this.open.length; slot++) {
      if (this.open[slot] === undefined) continue;
      this.settleExpiry(slot, nowMs);
      this.judge(slot, 0, nowMs);
    }
    this.cachedVersion.fill(0);
    this.expiresAtMs.fill(Infinity);
    this.others.clear();
  }

  /**
   * These writes will never reach anyone: lost before the database had them. Each is the write
   * of its row still queued at its `rank` (oldest first, as the queue's ledger counts them); at
   * rank -1 (a write around the queue a flush overwrote), the newest write of its row neither
   * queued nor lost, even with a newer write of the row queued. One the tracker judged
   * already is taken off the writes consistent, and one still open is marked, so that a lost
   * write its row never converges to is counted once among those not consistent, not twice.
   */
  lostWrites(writes: readonly LostWrite[]): void {
    for (const { id, rank } of writes) {
      const list = this.open[this.slot(id)] ?? [];
      // The queue loses writes it holds: one still queued, if the tracker knows one.
      // Rank -1 is a write around the queue that a flush overwrote: never a queued one, though
      // a newer write of its row may be queued behind the flush.
      const open =
        rank < 0
          ? list.findLast((w) => !w.isLost && w.isQueued !== true)
          : (queuedAt(list, rank) ??
            list.findLast((w) => !w.isLost && w.isQueued === true) ??
            list.findLast((w) => !w.isLost));
      if (open !== undefined) open.isLost = true;
      else this.lost++;
    }
  }

  /** Everything the tracker holds, as data. */
  saveState(): ConsistencyState {
    const open: ConsistencyState['open'] = [];
    const cachedVersion: ConsistencyState['cachedVersion'] = [];
    const expiresAtMs: ConsistencyState['expiresAtMs'] = [];
    for (let slot = 0; slot < this.open.length; slot++) {
      const id = this.idOf(slot);
      const list = this.open[slot];
      if (list !== undefined) open.push([id, list.map((w) => ({ ...w }))]);
      if (this.cachedVersion[slot] !== 0) cachedVersion.push([id, this.cachedVersion[slot]]);
      if (this.expiresAtMs[slot] !== Infinity) expiresAtMs.push([id, this.expiresAtMs[slot]]);
    }
    const others: NonNullable<ConsistencyState['others']> = [];
    for (const holders of this.others.values())
      for (const [key, h] of holders) others.push([key, h.id, h.version, h.expiresAtMs]);
    return {
      writes: this.writes,
      within: [...this.within],
      lost: this.lost,
      open,
      cachedVersion,
      expiresAtMs,
      ...(others.length > 0 ? { others } : {}),
    };
  }

  /** Puts a {@link saveState} back into a fresh tracker. */
  loadState(state: ConsistencyState): void {
    this.writes = state.writes;
    this.within.splice(0, this.within.length, ...state.within);
    this.lost = state.lost;
    this.open.fill(undefined);
    this.cachedVersion.fill(0);
    this.expiresAtMs.fill(Infinity);
    for (const [id, list] of state.open) {
      const slot = this.slot(id);
      this.open[slot] = list.map((w) => ({ ...w, slot }));
    }
    for (const [id, v] of state.cachedVersion) this.cachedVersion[this.slot(id)] = v;
    for (const [id, ms] of state.expiresAtMs) this.expiresAtMs[this.slot(id)] = ms;
    this.others.clear();
    for (const [key, id, version, expiresAtMs] of state.others ?? []) {
      const slot = this.slot(id);
      let holders = this.others.get(slot);
      if (holders === undefined) {
        holders = new Map();
        this.others.set(slot, holders);
      }
      holders.set(key, { id, version, expiresAtMs });
    }
  }

  /** The shares so far, judging writes still open as of `nowMs` (an entry's expiry ends it). */
  summary(nowMs: number): ConsistencySummary {
    const within = [...this.within];
    let pending = 0;
    let lost = this.lost;
    let undecided = 0;
    const longest = BOUNDS_MS[BOUNDS_MS.length - 1];
    for (let slot = 0; slot < this.open.length; slot++) {
      const list = this.open[slot];
      if (list === undefined) continue;
      const expires = this.expiresAtMs[slot];
      const holders = this.others.get(slot);
      for (const w of list) {
        if (w.isLost) {
          lost++;
          continue;
        }
        if (w.isQueued === true) {
          pending++;
          continue;
        }
        const until = holders === undefined ? expires : this.staleUntil(slot, w.version);
        const doneMs =
          w.goodSinceMs !== null ? w.goodSinceMs : until === Infinity ? nowMs + 1e12 : until;
        BOUNDS_MS.forEach((b, i) => {
          if (doneMs - w.atMs <= b) within[i]++;
        });
        // Not consistent within 60 s as things stand, with time left for something to change that.
        if (doneMs - w.atMs > longest && nowMs - w.atMs < longest) undecided++;
      }
    }
    if (this.writes === 0) return { writes: 0, within1s: null, within10s: null, within60s: null };
    const share = (n: number) => Math.max(0, n - this.lost) / this.writes;
    return {
      writes: this.writes,
      within1s: share(within[0]),
      within10s: share(within[1]),
      within60s: share(within[2]),
      ...(pending > 0 ? { pending } : {}),
      ...(lost > 0 ? { lost } : {}),
      ...(undecided > 0 ? { undecided } : {}),
    };
  }

  private record(latencyMs: number): void {
    BOUNDS_MS.forEach((b, i) => {
      if (latencyMs <= b) this.within[i]++;
    });
  }

  /**
   * Whether the newest write of row `id` at `version` was lost before the database had it
   * (write-behind's queue deleted, evicted, expired or emptied by a restart): a copy at that
   * version is that write's, which no store will ever commit, even with later writes of the row
   * since (a read that took the copy before them returns it after). A later write at the same
   * version, still on its way, owns a copy at it instead.
   */
  isLostWrite(id: number, version: number): boolean {
    const slot =
      id >= 0 && id < this.rowSlots && Number.isInteger(id) ? id : this.extraSlots.get(id);
    const list = slot === undefined ? undefined : this.open[slot];
    return list?.findLast((w) => w.version === version)?.isLost === true;
  }

  /** Where row `id`'s state is kept (see the class comment). */
  private slot(id: number): number {
    if (id >= 0 && id < this.rowSlots && Number.isInteger(id)) return id;
    let slot = this.extraSlots.get(id);
    if (slot === undefined) {
      slot = this.rowSlots + this.extraIds.length;
      this.extraSlots.set(id, slot);
      this.extraIds.push(id);
      this.open.push(undefined);
      if (slot >= this.cachedVersion.length) {
        const size = 2 * slot + 1;
        const versions = new Float64Array(size);
        versions.set(this.cachedVersion);
        this.cachedVersion = versions;
        const expiries = new Float64Array(size).fill(Infinity);
        expiries.set(this.expiresAtMs);
        this.expiresAtMs = expiries;
      }
    }
    return slot;
  }

  private idOf(slot: number): number {
    return slot < this.rowSlots ? slot : this.extraIds[slot - this.rowSlots];
  }

  /** An entry that expired before `nowMs` stopped being held when it expired. */
  private settleExpiry(slot: number, nowMs: number): void {
    if (this.others.size > 0 && this.others.has(slot)) return this.settleExpiries(slot, nowMs);
    const expires = this.expiresAtMs[slot];
    if (expires > nowMs) return;
    this.cachedVersion[slot] = 0;
    this.expiresAtMs[slot] = Infinity;
    this.judge(slot, 0, expires);
  }

  /** {@link settleExpiry} of a row held under other keys too: each entry gone, in time order. */
  private settleExpiries(slot: number, nowMs: number): void {
    const holders = this.others.get(slot) as Map<string, OtherHolder>;
    for (;;) {
      let at = this.expiresAtMs[slot];
      let key: string | null = null;
      for (const [k, h] of holders)
        if (h.expiresAtMs < at) {
          at = h.expiresAtMs;
          key = k;
        }
      if (at > nowMs) break;
      if (key === null) {
        this.cachedVersion[slot] = 0;
        this.expiresAtMs[slot] = Infinity;
      } else holders.delete(key);
      this.judge(slot, this.heldVersion(slot), at);
    }
    if (holders.size === 0) this.others.delete(slot);
  }

  /** The oldest version any key holds of the row in `slot` (0: none holds it). */
  private heldVersion(slot: number): number {
    let held = this.cachedVersion[slot];
    const holders = this.others.size === 0 ? undefined : this.others.get(slot);
    if (holders !== undefined)
      for (const h of holders.values()) if (held === 0 || h.version < held) held = h.version;
    return held;
  }

  /** When the last entry holding a version older than `version` of the row expires. */
  private staleUntil(slot: number, version: number): number {
    const v = this.cachedVersion[slot];
    let until = v !== 0 && v < version ? this.expiresAtMs[slot] : -Infinity;
    for (const h of this.others.get(slot)?.values() ?? [])
      if (h.version < version && h.expiresAtMs > until) until = h.expiresAtMs;
    return until;
  }

  private judge(slot: number, cached: number, atMs: number): void {
    const list = this.open[slot];
    if (list === undefined) return;
    for (const w of list) {
      if (cached === 0) delete w.isBehindCopy;
      const isGood = cached === 0 || (cached >= w.version && w.isBehindCopy !== true);
      if (!isGood) w.goodSinceMs = null;
      else if (w.goodSinceMs === null) w.goodSinceMs = Math.max(atMs, w.atMs);
    }
  }
}

/** The write of `list` still queued and not lost at `rank`, oldest first (undefined: none). */
function queuedAt(list: readonly TrackedWrite[], rank: number): TrackedWrite | undefined {
  if (rank < 0) return undefined;
  let n = 0;
  for (const w of list) if (w.isQueued === true && w.isLost !== true && n++ === rank) return w;
  return undefined;
}

/** When a fill's entry expires: its EX / PX option from now, or never. */
export function fillExpiryMs(argv: readonly string[], nowMs: number): number {
  for (let i = 3; i < argv.length - 1; i++) {
    const opt = argv[i];
    if (opt === 'EX') return nowMs + Number(argv[i + 1]) * 1000;
    if (opt === 'PX') return nowMs + Number(argv[i + 1]);
  }
  return Infinity;
}

/**
 * Why the writes judged for consistency are not the run's writes, when they are not: the tracker
 * judges each write by its commit (a write-behind write's store in the cache, any other write's
 * UPDATE), so a write that committed nothing (its row was gone, or the database refused it)
 * counts none, and a write path that commits twice (two UPDATEs) counts twice. (A run stopped
 * part way judges the writes that finished, as it counts them: those in flight are withdrawn.)
 * Null when they match.
 */
export function judgedWritesNote(s: WorkloadSummary): string | null {
  const c = s.consistency;
  if (!c || c.writes === s.writes) return null;
  const count = (n: number, one: string) =>
    `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
  return `${count(c.writes, 'commit')} judged for ${count(s.writes, 'write')}: each write is judged by its commit (a write-behind write's store in the cache, any other write's UPDATE), so a write that committed nothing (its row was gone, or the database refused it) counts none, and one that committed twice counts twice`;
}
