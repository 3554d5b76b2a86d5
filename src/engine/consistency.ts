/**
 * Consistency as production teams measure it: for every write, how long until the cache no
 * longer holds a version older than the write's (it holds the new one, a newer one, or
 * nothing), for good. Reported as the share of writes consistent within 1 s, 10 s and 60 s of
 * virtual time, which the page writes as nines (99.9% = three nines).
 */

/** The share of writes consistent within each bound (1 when there were no writes). */
export interface ConsistencySummary {
  /** Writes judged (every committed write of the run). */
  writes: number;
  within1s: number;
  within10s: number;
  within60s: number;
}

interface TrackedWrite {
  version: number;
  atMs: number;
  /** Since when the cache has held nothing older than `version` (null: it holds an older one now). */
  goodSinceMs: number | null;
}

const BOUNDS_MS = [1000, 10_000, 60_000] as const;

/** A {@link ConsistencyTracker} as plain data (Back's checkpoints). */
export interface ConsistencyState {
  writes: number;
  within: number[];
  lost: number;
  open: [number, TrackedWrite[]][];
  cachedVersion: [number, number][];
  expiresAtMs: [number, number][];
}

/** Watches each row's cached version against the writes committed to it. */
export class ConsistencyTracker {
  private writes = 0;
  /** Finished writes consistent within each bound. */
  private readonly within = [0, 0, 0];
  /** Writes the run lost for good (write-behind's queue on a cache restart). */
  private lost = 0;
  private readonly open = new Map<number, TrackedWrite[]>();
  /** Per row: the version the cache holds (0: none), and when that entry expires. */
  private readonly cachedVersion = new Map<number, number>();
  private readonly expiresAtMs = new Map<number, number>();

  /** A write of row `id` committed `version` at `nowMs`. */
  committed(id: number, version: number, nowMs: number): void {
    this.settleExpiry(id, nowMs);
    this.writes++;
    const list = this.open.get(id) ?? [];
    // Writes before this one that are consistent now are done: a later regression shows in
    // this write's figure too, since the cache then holds something older than it.
    const still: TrackedWrite[] = [];
    for (const w of list) {
      if (w.goodSinceMs !== null) this.record(w.goodSinceMs - w.atMs);
      else still.push(w);
    }
    const cached = this.cachedVersion.get(id) ?? 0;
    still.push({
      version,
      atMs: nowMs,
      goodSinceMs: cached === 0 || cached >= version ? nowMs : null,
    });
    this.open.set(id, still);
  }

  /** The cache now holds `version` of row `id` (0: nothing), expiring at `expiresAtMs`. */
  cached(id: number, version: number, expiresAtMs: number, nowMs: number): void {
    this.settleExpiry(id, nowMs);
    this.cachedVersion.set(id, version);
    this.expiresAtMs.set(id, version === 0 ? Infinity : expiresAtMs);
    this.judge(id, version, nowMs);
  }

  /** The cache restarted empty. */
  restarted(nowMs: number): void {
    for (const id of this.open.keys()) {
      this.settleExpiry(id, nowMs);
      this.judge(id, 0, nowMs);
    }
    this.cachedVersion.clear();
    this.expiresAtMs.clear();
  }

  /** `count` writes will never reach anyone (lost before the database had them). */
  lostWrites(count: number): void {
    this.lost += count;
  }

  /** Everything the tracker holds, as data. */
  saveState(): ConsistencyState {
    return {
      writes: this.writes,
      within: [...this.within],
      lost: this.lost,
      open: [...this.open].map(([id, list]) => [id, list.map((w) => ({ ...w }))]),
      cachedVersion: [...this.cachedVersion],
      expiresAtMs: [...this.expiresAtMs],
    };
  }

  /** Puts a {@link saveState} back into a fresh tracker. */
  loadState(state: ConsistencyState): void {
    this.writes = state.writes;
    this.within.splice(0, this.within.length, ...state.within);
    this.lost = state.lost;
    this.open.clear();
    for (const [id, list] of state.open)
      this.open.set(
        id,
        list.map((w) => ({ ...w })),
      );
    this.cachedVersion.clear();
    for (const [id, v] of state.cachedVersion) this.cachedVersion.set(id, v);
    this.expiresAtMs.clear();
    for (const [id, ms] of state.expiresAtMs) this.expiresAtMs.set(id, ms);
  }

  /** The shares so far, judging writes still open as of `nowMs` (an entry's expiry ends it). */
  summary(nowMs: number): ConsistencySummary {
    const within = [...this.within];
    for (const [id, list] of this.open) {
      const expires = this.expiresAtMs.get(id) ?? Infinity;
      for (const w of list) {
        const doneMs =
          w.goodSinceMs !== null ? w.goodSinceMs : expires === Infinity ? nowMs + 1e12 : expires;
        BOUNDS_MS.forEach((b, i) => {
          if (doneMs - w.atMs <= b) within[i]++;
        });
      }
    }
    const share = (n: number) => (this.writes === 0 ? 1 : Math.max(0, n - this.lost) / this.writes);
    return {
      writes: this.writes,
      within1s: share(within[0]),
      within10s: share(within[1]),
      within60s: share(within[2]),
    };
  }

  private record(latencyMs: number): void {
    BOUNDS_MS.forEach((b, i) => {
      if (latencyMs <= b) this.within[i]++;
    });
  }

  /** An entry that expired before `nowMs` stopped being held when it expired. */
  private settleExpiry(id: number, nowMs: number): void {
    const expires = this.expiresAtMs.get(id);
    if (expires === undefined || expires > nowMs) return;
    this.cachedVersion.set(id, 0);
    this.expiresAtMs.set(id, Infinity);
    this.judge(id, 0, expires);
  }

  private judge(id: number, cached: number, atMs: number): void {
    const list = this.open.get(id);
    if (!list) return;
    for (const w of list) {
      const isGood = cached === 0 || cached >= w.version;
      if (!isGood) w.goodSinceMs = null;
      else if (w.goodSinceMs === null) w.goodSinceMs = Math.max(atMs, w.atMs);
    }
  }
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

/** A share as nines: 0.999 is 3 (Infinity when every write was consistent). */
export function nines(share: number): number {
  return share >= 1 ? Infinity : -Math.log10(1 - share);
}

/** "99.9% (3.0 nines)", "100% (every write)". */
export function formatNines(share: number): string {
  if (share >= 1) return '100% (every write)';
  const pct = share * 100;
  const text = pct >= 99 ? pct.toFixed(3).replace(/0+$/, '').replace(/\.$/, '') : pct.toFixed(1);
  return `${text}% (${nines(share).toFixed(1)} nines)`;
}
