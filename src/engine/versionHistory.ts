/**
 * Each seeded row's committed versions: the version it holds now, every commit after the seed
 * with when it was made, and the highest version a row set back once reached. The ground truth
 * staleness is judged against. Rows the console added (ids past the seed) are not tracked.
 */
export class VersionHistory {
  /** Each row's committed version, by id (a double: a console may set any integer). */
  readonly versions: Float64Array;
  /**
   * Each row's commits after the seed, in order: the version each made current and when. One
   * entry per write, however far a write moves the version (a console may set 100000000).
   */
  private readonly commits = new Map<number, { versions: number[]; times: number[] }>();
  /**
   * The highest version each row has reached, kept when a console line sets the row back below
   * it (see {@link peakVersion}).
   */
  private readonly peaks = new Map<number, number>();

  /** Rows 1..`rows`, each at the seed's version 1. */
  constructor(rows: number) {
    this.versions = new Float64Array(rows + 1).fill(1);
  }

  /**
   * The highest version row `id` has reached (0: none known). Above the version it holds now
   * when a console line set the row back: a copy at a version up to this one is an older state
   * of the row, not a write the database does not have yet.
   */
  peakVersion(id: number): number {
    return Math.max(this.peaks.get(id) ?? 0, this.committedVersion(id));
  }

  /**
   * Whether row `id` is one of the seed's, whose versions are kept. Not an id the console gives
   * a row of its own: past the seed, or 0 and below (SQLite takes `INSERT ... (0, ...)` and
   * `(-1, ...)`; the application never reads them).
   */
  isTracked(id: number): boolean {
    return Number.isInteger(id) && id > 0 && id < this.versions.length;
  }

  /** The version the database holds for a row now (0 for a row that does not exist). */
  committedVersion(id: number): number {
    return this.isTracked(id) ? this.versions[id] : 0;
  }

  /** When `version` of row `id` was committed (0 for the seed version). */
  commitTime(id: number, version: number): number {
    if (version <= 1) return 0;
    const c = this.commits.get(id);
    if (!c) return 0;
    // The first commit that reached `version` (a write may skip versions: they share its time).
    let lo = 0;
    let hi = c.versions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c.versions[mid] < version) lo = mid + 1;
      else hi = mid;
    }
    return lo < c.times.length ? c.times[lo] : 0;
  }

  /** Row `id` now holds `version`, committed at `atMs` (an id the seed has not is ignored). */
  commit(id: number, version: number, atMs: number): void {
    // Row 0 wrote the spare slot 0 of `versions`, and row -1 kept commits and peaks of its own.
    if (!this.isTracked(id)) return;
    if (version < this.versions[id]) this.peaks.set(id, this.peakVersion(id));
    this.versions[id] = version;
    let c = this.commits.get(id);
    if (!c) {
      c = { versions: [], times: [] };
      this.commits.set(id, c);
    }
    // A console may set a lower version (or put a deleted row back at one): the versions above
    // it are no longer the row's, and the commits that reached them say nothing of it now.
    while ((c.versions.at(-1) ?? 0) > version) {
      c.versions.pop();
      c.times.pop();
    }
    if (version > (c.versions.at(-1) ?? 1)) {
      c.versions.push(version);
      c.times.push(atMs);
    }
  }

  /** The history as data (see `DatabaseState`); `peakVersions` only when a row was set back. */
  saveState(): {
    versions: Float64Array;
    commits: [id: number, versions: number[], times: number[]][];
    peakVersions?: [id: number, version: number][];
  } {
    const commits: [number, number[], number[]][] = [];
    for (const [id, c] of this.commits) commits.push([id, [...c.versions], [...c.times]]);
    return {
      versions: this.versions.slice(),
      commits,
      ...(this.peaks.size === 0 ? {} : { peakVersions: [...this.peaks] }),
    };
  }

  /** Puts a {@link saveState} back. */
  loadState(state: {
    versions: Float64Array;
    commits: readonly [id: number, versions: number[], times: number[]][];
    peakVersions?: readonly [id: number, version: number][];
  }): void {
    this.versions.set(state.versions);
    this.commits.clear();
    for (const [id, versions, times] of state.commits)
      this.commits.set(id, { versions: [...versions], times: [...times] });
    this.peaks.clear();
    for (const [id, version] of state.peakVersions ?? []) this.peaks.set(id, version);
  }
}
