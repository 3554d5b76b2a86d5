// The database panel's rows, kept between snapshots (see snapshotView.ts).
import type { Database, UserRow } from './database';
import type { ChangedRows } from './snapshotView';

/** What a {@link RowView} showed at its last update (see `CacheViewState` in snapshotView.ts). */
export interface RowViewState {
  rows: readonly UserRow[];
  isAllStale: boolean;
}

/** The index of row `id` in `sorted`, or `~index` where it would go. */
function findRow(sorted: readonly UserRow[], id: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = sorted[mid].id - id;
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return ~lo;
}

/**
 * The database panel's rows: every row the run remembers (touched, cached, shown by a console
 * SELECT), by id. Only rows that are new to it or may have changed are read again.
 */
export class RowView {
  private readonly sorted: UserRow[] = [];
  private published: UserRow[] = [];
  /** Every remembered id is read again on the next update (a console write, a reset). */
  private isAllStale = true;
  /** Rows read back from SQLite by the last update (tests assert on it). */
  peeked = 0;

  /** The rows as the last update left them (see `CacheView.saveState` in snapshotView.ts). */
  saveState(): RowViewState {
    return { rows: this.published, isAllStale: this.isAllStale };
  }

  loadState(state: RowViewState): void {
    this.sorted.length = 0;
    for (const row of state.rows) this.sorted.push(row);
    this.published = state.rows as UserRow[];
    this.isAllStale = state.isAllStale;
  }

  /**
   * Row `id` as the last update read it, when it cannot have changed since (`changed` are the
   * rows written since): undefined when it is not remembered or may have changed.
   */
  current(id: number, changed: ChangedRows): UserRow | undefined {
    if (this.isAllStale || changed === 'all' || changed.has(id)) return undefined;
    const at = findRow(this.sorted, id);
    return at >= 0 ? this.sorted[at] : undefined;
  }

  /**
   * Brings the rows up to date: `added` are ids remembered since last time, `changed` rows
   * that may have been written, `remembered` all ids (read again only when everything is).
   */
  update(
    db: Database,
    remembered: ReadonlySet<number>,
    added: ReadonlySet<number>,
    changed: ChangedRows,
  ): UserRow[] {
    this.peeked = 0;
    try {
      if (changed === 'all' || this.isAllStale) {
        // Row 0 and below too: the console's own, but a SELECT shows them, so the panel does.
        const ids = [...remembered].filter(Number.isSafeInteger).sort((a, b) => a - b);
        this.peeked = ids.length;
        this.sorted.length = 0;
        for (const row of db.peekRows(ids)) this.sorted.push(Object.freeze(row));
        this.isAllStale = false;
        this.published = this.sorted.slice();
        return this.published;
      }
      const ids = new Set<number>();
      for (const id of added) if (Number.isSafeInteger(id)) ids.add(id);
      for (const id of changed) if (remembered.has(id)) ids.add(id);
      if (ids.size === 0) return this.published;
      this.peeked = ids.size;
      const found = new Map(db.peekRows([...ids]).map((row) => [row.id, row]));
      for (const id of ids) {
        const row = found.get(id);
        const at = findRow(this.sorted, id);
        if (row && at >= 0) this.sorted[at] = Object.freeze(row);
        else if (row) this.sorted.splice(~at, 0, Object.freeze(row));
        else if (at >= 0) this.sorted.splice(at, 1);
      }
      this.published = this.sorted.slice();
      return this.published;
    } catch {
      // The console dropped or reshaped the users table: no rows to show, and every row is read
      // again once it is back.
      this.isAllStale = true;
      this.published = [];
      return this.published;
    }
  }
}
