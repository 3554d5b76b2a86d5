import type { Database as SqlJsDatabase, SqlJsStatic, Statement, SqlValue } from 'sql.js';
import type { VirtualClock } from './clock';
import { ConsoleSqlRefusal, type SqlTrial } from './consoleSql';
import { Rng } from './rng';
import { openSqlite, withSqlRandom } from './sqlConnection';
import { CHANGES_TABLE, CHANGES_TRIGGER, VERSION_TRIGGER } from './seedSchema';
import { mayChangeRows, statementsOf } from './sqlText';
import { VirtualTimeBinding } from './virtualTime';
import { type Sender } from './sender';
import { SqlLog, type SqlLogEntry } from './sqlLog';
import { trialCopy } from './trialCopy';
import { RESET_DATABASE_STATEMENT, reseedUsers } from './resetToSeed';
import type { VersionHistory } from './versionHistory';
import { CommittedRows } from './committedRows';
import { openSeededUsers } from './userSeed';
import { SchemaCheck } from './schemaProblems';
import { countRows, countRowsPastSafeIds } from './usersTable';
import { unsafeVersion, writeLeavesUnsafe, writePastSafe } from './versionLimit';
import { errorMessage } from './errorMessage';
import type { SqlResult } from './sqlResult';
import type { DatabaseState } from './databaseState';
import { rowProblem } from './missingColumns';
import {
  SELECT_CHANGES_SQL,
  SELECT_USER_SQL,
  UPDATE_COLUMNS_SQL,
  updateSqlFor,
  WRITABLE_COLUMNS,
  type ChangeRow,
  type UserChanges,
  type UserRow,
} from './userStatements';
import { isInTransaction } from './sqliteProbes';
import { runSqlConsoleLine } from './sqlConsoleLine';
import { TriggerWatch } from './triggerWatch';
import type { CopyRule, RowContents } from './rowContents';
import { StatementRows } from './statementRows';

/** Every write that changed no other row shares this one (no array allocated per write). */
const NO_OTHER_ROWS: readonly number[] = Object.freeze([]);

export { CHANGES_TABLE, CHANGES_TRIGGER, VERSION_TRIGGER };
export { RESET_DATABASE_STATEMENT };
export {
  SELECT_CHANGES_SQL,
  SELECT_USER_SQL,
  WRITABLE_COLUMNS,
  type ChangeRow,
  type UserChanges,
  type UserRow,
} from './userStatements';

export interface DatabaseOptions {
  rows: number;
  readLatencyMs: number;
  writeLatencyMs: number;
  logLimit: number;
}

export const DEFAULT_DATABASE_OPTIONS: DatabaseOptions = {
  rows: 1000,
  readLatencyMs: 2,
  writeLatencyMs: 5,
  logLimit: 10_000,
};

/**
 * The database adapter over sql.js: the `users` table seeded with ids 1..rows, every statement
 * logged at its virtual time, and each row's committed versions with the time each was
 * committed (what staleness is judged against).
 */
export class Database {
  readonly options: DatabaseOptions;
  private readonly SQL: SqlJsStatic;
  private db: SqlJsDatabase;
  private readonly clock: VirtualClock;
  /** The generator random() and randomblob() draw from, and the log position it was seeded at. */
  private randomRng: Rng | null = null;
  private randomSeq = -1;
  /** SQLite's "now" on the virtual clock while SQL that may read it runs (a line, a trigger). */
  private readonly time: VirtualTimeBinding;
  /** Prepared on first use: a checkpoint may be restored while the console has `users` renamed. */
  private selectPrepared: Statement | null = null;
  private updateStmts: Statement[] = [];
  /** The application's statements' rows, their column names read once per schema. */
  private readonly stmtRows = new StatementRows();
  /** Whether the console changed the seed's triggers, and the read of every version after. */
  private readonly triggers: TriggerWatch;
  /**
   * Whether the schema holds a trigger other than the seed's (null: not known since the schema
   * last changed). Only then can an application write change rows it did not name.
   */
  private hasOtherTriggers: boolean | null = false;
  /**
   * The rows the last application write changed besides the one it named (a trigger the console
   * added wrote them, or deleted them): the views of the rows and their cached copies must judge
   * those again too.
   */
  alsoChanged: readonly number[] = NO_OTHER_ROWS;
  /** What the database knows of each row besides the table (see `committedRows.ts`). */
  private readonly committed: CommittedRows;
  /**
   * The committed rows' versions, deleted rows and reused versions themselves: read at every
   * step and every read's check, without a hop through {@link committed}.
   */
  private readonly history: VersionHistory;
  private readonly deleted: ReadonlyMap<number, number>;
  private readonly reusedVersions: ReadonlySet<number>;
  private readonly sqlLog: SqlLog;
  /**
   * Statements the application ran (console statements are counted apart). `reads` and `writes`
   * count the SELECTs and UPDATEs the database ran, not those it refused.
   */
  reads = 0;
  writes = 0;
  consoleReads = 0;
  consoleWrites = 0;
  /** Reads of the change log by a change-data-capture consumer. */
  changeReads = 0;
  /** The highest change id a consumer has read: a log rebuilt by a reset continues after it. */
  private lastChangeIdRead = 0;
  constructor(SQL: SqlJsStatic, clock: VirtualClock, options: Partial<DatabaseOptions> = {}) {
    this.options = { ...DEFAULT_DATABASE_OPTIONS, ...options };
    this.SQL = SQL;
    this.clock = clock;
    this.time = new VirtualTimeBinding(clock);
    this.sqlLog = new SqlLog(clock, this.options.logLimit);
    this.db = openSeededUsers(SQL, this.options.rows, () => this.clock.nowMs);
    this.committed = new CommittedRows(this.options.rows, clock, (id) => this.peekRow(id));
    this.history = this.committed.history;
    this.deleted = this.committed.deleted;
    this.reusedVersions = this.committed.reusedVersions;
    this.triggers = new TriggerWatch(this.db);
  }

  /**
   * Runs SQL that may read the time or draw random values (a console line, or an application
   * statement a trigger may run beside): on the virtual clock, and with random() and randomblob()
   * seeded by the statement's place in the log, so a replay (Back, a link) makes the same values.
   */
  private running<T>(fn: () => T): T {
    return this.time.run(() => withSqlRandom(this.sqlRandom, fn));
  }

  /** The generator of the statement running: seeded when it first draws (most never do). */
  private readonly sqlRandom = (): Rng => {
    const seq = this.sqlLog.seq;
    if (this.randomRng === null || this.randomSeq !== seq) {
      this.randomRng = new Rng(seq);
      this.randomSeq = seq;
    }
    return this.randomRng;
  };

  /** See {@link hasOtherTriggers}; read from the schema once after each change of it. */
  private otherTriggers(): boolean {
    this.hasOtherTriggers ??= this.triggers.hasOtherTriggers(this.db);
    return this.hasOtherTriggers;
  }

  /** `SELECT ... WHERE id = ?`, prepared once; throws SQLite's error while `users` is missing. */
  private get selectStmt(): Statement {
    this.selectPrepared ??= this.db.prepare(SELECT_USER_SQL);
    return this.selectPrepared;
  }

  get log(): readonly SqlLogEntry[] {
    return this.sqlLog.entries;
  }

  /**
   * Frees the sql.js database and its prepared statements. sql.js keeps every database in its
   * module's wasm memory until closed, so a host that runs many (the lab worker) must close each.
   */
  close(): void {
    this.db.close();
  }

  /**
   * Whether row `id` holds a version it had reached before with other contents (a version set
   * back in the console): a copy at that version may be an older state of the row.
   */
  hasReusedVersion(id: number): boolean {
    return this.reusedVersions.has(id);
  }

  /**
   * The highest version row `id` has reached (0: none known). Above the version it holds now
   * when a console line set the row back: a copy at a version up to this one is an older state
   * of the row, not a write the database does not have yet.
   */
  peakVersion(id: number): number {
    return this.history.peakVersion(id);
  }

  /** The version the database holds for a row now (0 for a row that does not exist). */
  committedVersion(id: number): number {
    return this.history.committedVersion(id);
  }

  /**
   * When a console line (another process) deleted row `id`, while the table still lacks it;
   * undefined for a row that is there (or was never deleted). A deleted row keeps its last
   * version, so this is what tells a cached copy of it from one of a row the database holds.
   */
  deletedAtMs(id: number): number | undefined {
    return this.deleted.size === 0 ? undefined : this.deleted.get(id);
  }

  /**
   * How many rows the users table holds (null while it cannot be read: dropped, renamed). The
   * page's own look, like {@link peekRows}: not logged, not counted as a read.
   */
  rowCount(): number | null {
    return countRows(this.db);
  }

  /**
   * How many rows of users have an INTEGER id past ±(2^53 - 1), which no JavaScript number names
   * exactly: the database panel cannot show them (0 while the table cannot be read).
   */
  rowsPastSafeIds(): number {
    return countRowsPastSafeIds(this.db);
  }

  /** When `version` of row `id` was committed (0 for the seed version). */
  commitTime(id: number, version: number): number {
    return this.history.commitTime(id, version);
  }

  /**
   * From now on, remembers the contents of every version committed (a learner's read path may
   * return any of them, and only those: see {@link neverHad}).
   */
  keepRowHistory(): void {
    this.committed.keepRowHistory();
  }

  /**
   * Whether `row` differs from every version of its user the database ever committed (see
   * {@link CommittedRows.neverHad}).
   */
  neverHad(row: UserRow, rule: CopyRule = {}): boolean {
    return this.committed.neverHad(row, rule);
  }

  /**
   * The contents the database committed for row `id` at `version`, or null: never committed, or
   * not known (see {@link CommittedRows.committedContents}).
   */
  committedContents(id: number, version: number): RowContents | null {
    return this.committed.committedContents(id, version);
  }

  /**
   * Row `id` as the table holds it now (null: none, or the table cannot be read): the page's own
   * look, not logged, not counted as a read.
   */
  rowNow(id: number): UserRow | null {
    return this.peekRow(id);
  }

  /** The row as the table holds it, or null (none, or the table is unreadable). */
  private peekRow(id: number): UserRow | null {
    try {
      return this.peekRows([id])[0] ?? null;
    } catch {
      return null;
    }
  }

  /** `SELECT * FROM users WHERE id = ?` */
  selectUser(actor: Sender, id: number): UserRow | null {
    let stmt: Statement | undefined;
    let row: UserRow | null;
    try {
      stmt = this.selectStmt;
      stmt.bind([id]);
      const found = this.running(() => stmt!.step()) ? this.stmtRows.read(stmt) : null;
      // Counted once it ran: a SELECT the database refused (a broken schema) read nothing, but
      // one that answered a row the application cannot use did read it.
      this.reads++;
      // SELECT * answers whatever columns the console left; a row without one the application
      // reads (renamed or dropped) is no user row to return or cache.
      const problem = found && rowProblem(found);
      if (problem) throw new Error(problem);
      row = found as unknown as UserRow | null;
    } catch (e) {
      throw this.failed(actor, SELECT_USER_SQL, [id], 'read', e);
    } finally {
      stmt?.reset();
    }
    if (this.options.logLimit > 0)
      this.sqlLog.record(actor, SELECT_USER_SQL, [id], 'read', { rows: row ? 1 : 0 });
    else this.sqlLog.seq++;
    return row;
  }

  /** Logs a statement the database refused (the console broke the schema) and returns its error. */
  private failed(
    actor: Sender,
    sql: string,
    params: readonly SqlValue[],
    kind: 'read' | 'write',
    e: unknown,
  ): Error {
    const error = errorMessage(e);
    this.sqlLog.record(actor, sql, params, kind, { error });
    // The console's own refusal stays one: it is told as refused, not as SQLite's error.
    return e instanceof ConsoleSqlRefusal ? e : new Error(error);
  }

  /**
   * `SELECT id, user_id, version, at FROM changes WHERE id > ? ORDER BY id LIMIT ?`: the change
   * log past `after`. Counted apart from the application's reads (`changeReads`): it is the
   * consumer tailing the log, not load the cache is there to take off.
   */
  readChanges(actor: Sender, after: number, limit: number): ChangeRow[] {
    this.changeReads++;
    const rows: ChangeRow[] = [];
    let stmt: Statement | undefined;
    try {
      stmt = this.db.prepare(SELECT_CHANGES_SQL);
      stmt.bind([after, limit]);
      while (stmt.step()) rows.push(stmt.getAsObject() as unknown as ChangeRow);
    } catch (e) {
      throw this.failed(actor, SELECT_CHANGES_SQL, [after, limit], 'read', e);
    } finally {
      stmt?.free();
    }
    const last = rows.at(-1);
    if (last && last.id > this.lastChangeIdRead) this.lastChangeIdRead = last.id;
    this.sqlLog.record(actor, SELECT_CHANGES_SQL, [after, limit], 'read', { rows: rows.length });
    return rows;
  }

  /** Applies `changes` to row `id`, bumping its version; resolves to the new row (null: no row). */
  updateUser(actor: Sender, id: number, changes: UserChanges): UserRow | null {
    this.alsoChanged = NO_OTHER_ROWS;
    // One prepared statement per set of changed columns, found by a bit mask of them.
    const params: SqlValue[] = [];
    let mask = 0;
    for (let i = 0; i < WRITABLE_COLUMNS.length; i++) {
      const value = changes[WRITABLE_COLUMNS[i]];
      if (value !== undefined) {
        mask |= 1 << i;
        params.push(value);
      }
    }
    params.push(this.clock.nowMs, id);
    let row: UserRow | null;
    let stmt = this.updateStmts[mask];
    // The write adds one to the version: from 2^53 - 1 on, refused before it runs. A trigger the
    // console added may set versions of its own, so then the write runs inside a savepoint and
    // every version is checked before it is kept.
    const { versions } = this.history;
    const at = id > 0 && id < versions.length ? versions[id] : this.peekRow(id)?.version;
    if (at !== undefined && at >= Number.MAX_SAFE_INTEGER)
      throw this.failed(actor, updateSqlFor(changes), params, 'write', writePastSafe(id, at));
    const isGuarded = this.otherTriggers();
    if (isGuarded) this.db.run('SAVEPOINT application_write');
    try {
      if (!stmt) {
        stmt = this.db.prepare(
          UPDATE_COLUMNS_SQL(WRITABLE_COLUMNS.filter((_, i) => mask & (1 << i))),
        );
        this.updateStmts[mask] = stmt;
      }
      stmt.bind(params);
      // A trigger the console added may read the time.
      row = this.running(() => stmt!.step())
        ? (this.stmtRows.read(stmt) as unknown as UserRow)
        : null;
      stmt.reset();
      const unsafe = isGuarded ? unsafeVersion(this.db) : null;
      if (unsafe) throw writeLeavesUnsafe(...unsafe);
      if (isGuarded) this.db.run('RELEASE application_write');
    } catch (e) {
      if (isGuarded && isInTransaction(this.db)) {
        this.db.run('ROLLBACK TO application_write');
        this.db.run('RELEASE application_write');
      }
      throw this.failed(actor, updateSqlFor(changes), params, 'write', e);
    } finally {
      stmt?.reset();
    }
    // Counted once it ran: an UPDATE the database refused (a broken schema) wrote nothing.
    this.writes++;
    if (row) this.committed.noteCommit(row.id, row.version, row);
    // Only a trigger the console added or replaced can make the UPDATE change rows it does not
    // name; then every row's version is read back. No count of changes tells instead: the
    // console can drop the change log's trigger, or make a trigger skip a change (RAISE(IGNORE))
    // while another writes a second row, and the count comes out as the seed's.
    if (this.otherTriggers()) this.alsoChanged = this.syncAllVersions().filter((o) => o !== id);
    // The change is made (and committed above), but a row without a column the application
    // reads (renamed or dropped in the console) is no user row to return or cache: as a read.
    const problem = row && rowProblem(row);
    if (problem)
      throw this.failed(actor, updateSqlFor(changes), params, 'write', new Error(problem));
    if (this.options.logLimit > 0)
      this.sqlLog.record(actor, updateSqlFor(changes), params, 'write', {
        changes: row ? 1 : 0,
      });
    else this.sqlLog.seq++;
    return row;
  }

  /** The display text of the UPDATE a write with these changes runs. */
  static updateSqlFor(changes: UserChanges): string {
    return updateSqlFor(changes);
  }

  /**
   * Runs console SQL (one or more statements). Writes go straight to the database, never to the
   * cache: this is "another process" changing the data. Throws with SQLite's message on error,
   * in which case nothing the statements did is kept. Console traffic is counted apart from the
   * application's (`consoleReads`, `consoleWrites`). At most MAX_CONSOLE_ROWS rows are returned.
   */
  execute(actor: string, sql: string): SqlResult {
    // Every statement of the line, not only its first: `SELECT 1; UPDATE users ...` writes too.
    const mayWrite = statementsOf(sql).some(mayChangeRows);
    // Any line may rename, add or drop a column (or fail after doing so and roll it back).
    this.stmtRows.forget();
    const line = runSqlConsoleLine(
      this.db,
      sql,
      mayWrite,
      (fn) => this.running(fn),
      (e) =>
        // Refused before SQLite ran any of it (a COMMIT, a shell command): no statement to log.
        e instanceof ConsoleSqlRefusal && e.isBeforeAnyStatement
          ? e
          : this.failed(actor, sql, [], mayWrite ? 'write' : 'read', e),
    );
    const { result, hasChanged, schemaChanged, schemaChanges, after, changedCells } = line;
    // A trigger may have been added, replaced or dropped: read them from the schema next time.
    if (schemaChanged) this.hasOtherTriggers = null;
    const { columns, rows, realTexts, cutCells, isTruncated, earlierSets, changes } = result;
    if (hasChanged) this.consoleWrites++;
    else this.consoleReads++;
    const versionsReused = after
      ? this.committed.noteConsoleLine(after, Object.keys(changedCells).map(Number))
      : [];
    this.sqlLog.record(actor, sql, [], hasChanged ? 'write' : 'read', {
      ...(hasChanged && columns.length === 0 ? { changes } : { rows: rows.length }),
      ...(schemaChanged ? { schemaChanges } : {}),
    });
    return {
      columns,
      rows,
      realTexts,
      cutCells,
      changes,
      changedCells,
      isTruncated,
      earlierSets,
      hasChanged,
      schemaChanged,
      schemaChanges,
      versionsReused,
    };
  }

  /**
   * What is wrong with the schema the application relies on, one sentence each (empty when all
   * is well): see `schemaProblems.ts`.
   */
  schemaProblems(): string[] {
    return this.schemaCheck.problems(this.db);
  }

  /** Asked at every snapshot: the schema is read again only once it moved (see SchemaCheck). */
  private readonly schemaCheck = new SchemaCheck();

  /**
   * Puts the database back as it was seeded: everything the console created is dropped, the
   * users table and its trigger are created again with the seed rows, and connection settings
   * go back to their defaults. Versions never go back: a row that differs from its seed is
   * restored as a new write (its version goes up), so cached copies of it are judged stale.
   * Returns the rows restored or removed, and what it did to the schema (`created table users`
   * when the console had dropped it, `dropped index notes_at` for one the console made).
   */
  resetToSeed(actor: string): { rows: number; schemaChanges: string[] } {
    // The reset drops and creates the triggers again: read them from the schema next time.
    this.hasOtherTriggers = null;
    this.stmtRows.forget();
    const { changed, removed, schemaChanges } = reseedUsers(this.db, {
      rows: this.options.rows,
      nowMs: this.clock.nowMs,
      lastChangeIdRead: this.lastChangeIdRead,
      committedVersion: (id) => this.committedVersion(id),
      commitTime: (id, version) => this.commitTime(id, version),
    });
    this.committed.noteReseed(changed, removed);
    const count = changed.length + removed.length;
    if (count > 0 || schemaChanges.length > 0) this.consoleWrites++;
    this.sqlLog.record(actor, RESET_DATABASE_STATEMENT, [], 'write', {
      changes: count,
      ...(schemaChanges.length > 0 ? { schemaChanges } : {}),
    });
    return { rows: count, schemaChanges };
  }

  /**
   * Everything this adapter holds, as data (Back's checkpoints): the database file (SQLite's
   * backup API into a copy, exported, so this connection and its statements are left alone),
   * its connection settings, the committed versions and the log.
   */
  saveState(): DatabaseState {
    const { bytes, pragmas } = this.trialFor('');
    const { versions, commits, ...marks } = this.committed.saveState();
    return {
      bytes,
      pragmas,
      versions,
      commits,
      ...this.sqlLog.saveState(),
      ...marks,
      counters: [
        this.reads,
        this.writes,
        this.consoleReads,
        this.consoleWrites,
        this.changeReads,
        this.lastChangeIdRead,
      ],
    };
  }

  /** Puts a {@link saveState} back (the current database is closed and replaced). */
  loadState(state: DatabaseState): void {
    this.db.close();
    this.db = openSqlite(this.SQL, state.bytes, () => this.clock.nowMs);
    for (const [name, value] of Object.entries(state.pragmas))
      this.db.run(`PRAGMA ${name} = ${Number(value)}`);
    this.selectPrepared = null;
    this.updateStmts = [];
    this.stmtRows.forget();
    this.triggers.reopened();
    this.hasOtherTriggers = null;
    this.committed.loadState(state);
    this.sqlLog.loadState(state);
    [this.reads, this.writes, this.consoleReads, this.consoleWrites] = state.counters;
    this.changeReads = state.counters[4] ?? 0;
    this.lastChangeIdRead = state.counters[5] ?? 0;
  }

  /**
   * A console line to try on a copy of this database first (see SqlGuard): the copy's bytes
   * (SQLite's backup API, so the open statements and functions here are left alone), the
   * connection settings and the virtual time.
   */
  trialFor(sql: string): SqlTrial {
    return trialCopy(this.SQL, this.db, {
      sql,
      nowMs: this.clock.nowMs,
      randomSeed: this.sqlLog.seq,
    });
  }

  /** Rows by id, for panels (not logged: the learner's view, not the application's). */
  peekRows(ids: readonly number[]): UserRow[] {
    const out: UserRow[] = [];
    for (const id of ids) {
      this.selectStmt.bind([id]);
      if (this.selectStmt.step()) out.push(this.selectStmt.getAsObject() as unknown as UserRow);
      this.selectStmt.reset();
    }
    return out;
  }

  /**
   * Brings every row's known version, and the rows known deleted, up to the table as it is:
   * after a write whose triggers may have changed rows the write did not name. Reads only ids
   * and versions (the contents of the rows whose version moved after), so a write costs a scan
   * of two columns while the console's trigger is there, not a copy of the table. Returns the
   * rows whose version moved or that are gone since.
   */
  private syncAllVersions(): number[] {
    const read = this.triggers.readVersions(this.db, this.history.versions);
    if (read === null) return [];
    return this.committed.noteTableRead(read.moved, this.peekRows(read.moved), read.present);
  }
}
