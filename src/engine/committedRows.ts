import type { VirtualClock } from './clock';
import type { DatabaseState } from './databaseState';
import { contentsOf, sameContents, type CopyRule, type RowContents } from './rowContents';
import { seedRow } from './userSeed';
import type { UserRow } from './userStatements';
import { cell, type UsersTable } from './usersTable';
import { VersionHistory } from './versionHistory';

/** What {@link CommittedRows.saveState} keeps, in the order `DatabaseState` lists it. */
type CommittedRowsState = Pick<
  DatabaseState,
  'versions' | 'commits' | 'deleted' | 'reusedVersions' | 'peakVersions' | 'rowHistory'
>;

/**
 * What the database adapter knows of each seeded row besides the table itself: the versions it
 * committed and when (the ground truth staleness is judged against), the contents of each
 * version when kept, the rows the console deleted and the rows it set back to a version they
 * had reached before. The adapter tells it each commit; a console line's or a reset's changes
 * are told here once the adapter has read them from the table.
 */
export class CommittedRows {
  /** Each row's committed versions and when (the ground truth; see `versionHistory.ts`). */
  readonly history: VersionHistory;
  /** Rows a console line deleted and none has put back, with when (see `deletedAtMs`). */
  readonly deleted = new Map<number, number>();
  /**
   * Rows a console line left at a version they had reached before, with other contents than
   * that version had (see `versionsReused`), until a write moves the version on: a copy at that
   * version is judged by its fields, not by its version alone (`hasReusedVersion`).
   */
  readonly reusedVersions = new Set<number>();
  /**
   * Per row, the contents each committed version had (see {@link keepRowHistory}); null until
   * asked for: a timed run of our own programs never needs it and pays nothing for it.
   */
  private rowHistory: Map<number, Map<number, RowContents>> | null = null;
  /** The seeded rows: ids 1..rows. */
  private readonly rows: number;
  private readonly clock: VirtualClock;
  /** The row as the table holds it now, or null (none, or the table cannot be read). */
  private readonly rowNow: (id: number) => UserRow | null;

  constructor(rows: number, clock: VirtualClock, rowNow: (id: number) => UserRow | null) {
    this.rows = rows;
    this.clock = clock;
    this.rowNow = rowNow;
    this.history = new VersionHistory(rows);
  }

  /**
   * From now on, remembers the contents of every version committed (a learner's read path may
   * return any of them, and only those: see {@link neverHad}).
   */
  keepRowHistory(): void {
    this.rowHistory ??= new Map();
  }

  /**
   * Whether `row` differs from every version of its user the database ever committed: its
   * version was never committed, or the contents at that version were other than these. Only
   * with {@link keepRowHistory} (without it, and for a row not known, false: not proven).
   * The row the table holds now counts as committed, whatever the console did to it.
   */
  neverHad(row: UserRow, rule: CopyRule): boolean {
    const history = this.rowHistory;
    if (history === null) return false;
    const id = row.id;
    const version = row.version;
    const now = this.rowNow(id);
    if (now !== null && version === now.version && sameContents(row, now, rule, now)) return false;
    // A row the console added has no history kept (its versions are not tracked).
    if (!(id > 0 && id <= this.rows)) return false;
    const kept = history.get(id)?.get(version);
    if (kept !== undefined) return !sameContents(row, kept, rule, now);
    // The seed is version 1 of every seeded row.
    return version !== 1 || !sameContents(row, seedRow(id), rule, now);
  }

  /**
   * The contents the database committed for row `id` at `version` (history kept by
   * {@link keepRowHistory}, the seed, or the table as it is now), or null: never committed, or
   * not known.
   */
  committedContents(id: number, version: number): RowContents | null {
    const kept = this.rowHistory?.get(id)?.get(version);
    if (kept !== undefined) return kept;
    const now = this.rowNow(id);
    if (now !== null && now.version === version) return contentsOf(now);
    return version === 1 && id > 0 && id <= this.rows ? seedRow(id) : null;
  }

  /** Row `id` now holds `version`, with these contents when known, committed now. */
  noteCommit(id: number, version: number, row?: RowContents): void {
    // A version moved on: copies are judged by it again.
    // Row 0 and below are the console's own (SQLite takes them; no read asks for one): kept
    // nowhere, as the history keeps none of them.
    if (!(Number.isInteger(id) && id > 0)) return;
    if (this.history.isTracked(id) && version > this.history.committedVersion(id))
      this.reusedVersions.delete(id);
    if (this.rowHistory !== null && row !== undefined) {
      let kept = this.rowHistory.get(id);
      if (!kept) {
        kept = new Map();
        this.rowHistory.set(id, kept);
      }
      kept.set(version, contentsOf(row));
    }
    this.history.commit(id, version, this.clock.nowMs);
  }

  /**
   * A console line changed rows `ids` of the table, which now reads `after`: notes the versions
   * they hold and the rows it deleted or put back. Returns the rows it left at a version they
   * had reached before with other contents than that version had ([id, version] each).
   */
  noteConsoleLine(after: UsersTable, ids: readonly number[]): [number, number][] {
    const versionsReused: [number, number][] = [];
    for (const id of ids) {
      const version = cell(after, id, 'version');
      if (typeof version === 'number' && version <= this.history.committedVersion(id)) {
        // Put back exactly as that version was (its contents known): no copy of it is wrong.
        const was =
          this.rowHistory?.get(id)?.get(version) ??
          (version === 1 && id <= this.rows ? seedRow(id) : undefined);
        const now = {
          name: cell(after, id, 'name'),
          email: cell(after, id, 'email'),
          plan: cell(after, id, 'plan'),
          updated_at: cell(after, id, 'updated_at'),
        };
        if (!(was && sameContents(now as unknown as UserRow, was, { isPartOfCopy: true }, null))) {
          versionsReused.push([id, version]);
          this.reusedVersions.add(id);
        } else this.reusedVersions.delete(id);
      }
    }
    this.syncVersions(after, ids);
    for (const id of ids)
      if (after.rows.has(id)) this.deleted.delete(id);
      else this.deleted.set(id, this.clock.nowMs);
    return versionsReused;
  }

  /**
   * The table was read whole after a write whose triggers may have changed rows it did not name:
   * `movedRows` are the rows whose version moved (as the table holds them now), `present` marks
   * each id the table holds. Notes those versions and the rows gone since; returns the ids of
   * both (`moved`, the moved rows' ids, with the gone ones added).
   */
  noteTableRead(moved: number[], movedRows: readonly UserRow[], present: Uint8Array): number[] {
    for (const row of movedRows) {
      this.noteCommit(row.id, row.version, row);
      this.deleted.delete(row.id);
    }
    for (let id = 1; id < this.history.versions.length; id++)
      if (present[id] === 0 && !this.deleted.has(id)) {
        this.deleted.set(id, this.clock.nowMs);
        moved.push(id);
      }
    return moved;
  }

  /**
   * Reset database put the seed back: the rows it restored (`changed`, each a new write) and the
   * rows the console had added that it removed. No row holds a reused version after it.
   */
  noteReseed(changed: readonly UserRow[], removed: readonly number[]): void {
    for (const row of changed) this.noteCommit(row.id, row.version, row);
    this.reusedVersions.clear();
    this.deleted.clear();
    for (const id of removed) this.deleted.set(id, this.clock.nowMs);
  }

  /** Its part of `DatabaseState`, as data. */
  saveState(): CommittedRowsState {
    const history = this.history.saveState();
    return {
      versions: history.versions,
      commits: history.commits,
      ...(this.deleted.size === 0 ? {} : { deleted: [...this.deleted] }),
      ...(this.reusedVersions.size === 0 ? {} : { reusedVersions: [...this.reusedVersions] }),
      ...(history.peakVersions === undefined ? {} : { peakVersions: history.peakVersions }),
      ...(this.rowHistory === null
        ? {}
        : {
            rowHistory: [...this.rowHistory].map(
              ([id, kept]): [number, [number, RowContents][]] => [id, [...kept]],
            ),
          }),
    };
  }

  /** Puts a {@link saveState} back (the contents of versions only while they are kept). */
  loadState(state: CommittedRowsState): void {
    this.history.loadState(state);
    this.deleted.clear();
    for (const [id, atMs] of state.deleted ?? []) this.deleted.set(id, atMs);
    this.reusedVersions.clear();
    for (const id of state.reusedVersions ?? []) this.reusedVersions.add(id);
    if (this.rowHistory !== null) {
      this.rowHistory.clear();
      for (const [id, kept] of state.rowHistory ?? []) this.rowHistory.set(id, new Map(kept));
    }
  }

  /** Notes the versions the rows a console line changed now hold (only those rows). */
  private syncVersions(rows: UsersTable, ids: readonly number[]): void {
    const { versions } = this.history;
    for (const id of ids) {
      const version = cell(rows, id, 'version');
      // Taken at its word, lower too: a version set back is the one the row holds now.
      if (typeof version === 'number' && this.history.isTracked(id) && version !== versions[id])
        this.noteCommit(id, version, {
          name: cell(rows, id, 'name'),
          email: cell(rows, id, 'email'),
          plan: cell(rows, id, 'plan'),
          updated_at: cell(rows, id, 'updated_at'),
        });
    }
  }
}
