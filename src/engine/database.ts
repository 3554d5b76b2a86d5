import type { Database as SqlJsDatabase, SqlJsStatic, Statement, SqlValue } from 'sql.js';
import type { VirtualClock } from './clock';

/** A row of the `users` table. `version` goes up by one on every write: the ground truth. */
export interface UserRow {
  id: number;
  name: string;
  email: string;
  plan: string;
  version: number;
  updated_at: number;
}

/** Columns a write may change; `version` and `updated_at` follow from the write itself. */
export type UserChanges = Partial<Pick<UserRow, 'name' | 'email' | 'plan'>>;
export const WRITABLE_COLUMNS = ['name', 'email', 'plan'] as const;

/** One SQL statement as the log shows it. */
export interface SqlLogEntry {
  seq: number;
  timeMs: number;
  actor: string;
  /** The statement with its parameters written in, as a reader would type it. */
  sql: string;
  kind: 'read' | 'write';
  rows?: number;
  changes?: number;
  error?: string;
}

/** Result of a console statement: the last result set, or the number of rows changed. */
export interface SqlResult {
  columns: string[];
  rows: SqlValue[][];
  /** Rows inserted, deleted or changed. */
  changes: number;
  /** For each row the statements changed, the columns whose values differ (all, if added or removed). */
  changedCells: Record<number, string[]>;
}

const USER_COLUMNS = ['id', 'name', 'email', 'plan', 'version', 'updated_at'];

function diffRows(
  before: Map<number, SqlValue[]>,
  after: Map<number, SqlValue[]>,
): Record<number, string[]> {
  const changed: Record<number, string[]> = {};
  for (const [id, row] of after) {
    const old = before.get(id);
    if (!old) changed[id] = [...USER_COLUMNS];
    else {
      const cols = USER_COLUMNS.filter((_, i) => old[i] !== row[i]);
      if (cols.length > 0) changed[id] = cols;
    }
  }
  for (const id of before.keys()) if (!after.has(id)) changed[id] = [...USER_COLUMNS];
  return changed;
}

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

export const SELECT_USER_SQL = 'SELECT * FROM users WHERE id = ?';
const UPDATE_COLUMNS_SQL = (cols: string[]): string =>
  `UPDATE users SET ${cols.map((c) => `${c} = ?, `).join('')}version = version + 1, updated_at = ? WHERE id = ? RETURNING *`;

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Radia',
  'Leslie',
  'Frances',
  'John',
  'Tim',
  'Katherine',
  'Linus',
  'Sophie',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Perlman',
  'Lamport',
  'Allen',
  'McCarthy',
  'Berners-Lee',
  'Johnson',
  'Torvalds',
  'Wilson',
];
const PLANS = ['free', 'pro', 'team'];

/** The deterministic seed row for an id. */
export function seedRow(id: number): UserRow {
  const first = FIRST[id % FIRST.length];
  const last = LAST[Math.floor(id / FIRST.length) % LAST.length];
  return {
    id,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${id}@example.com`,
    plan: PLANS[id % PLANS.length],
    version: 1,
    updated_at: 0,
  };
}

/** Writes SQL parameters into the statement text, for the log and the animation. */
export function inlineParams(sql: string, params: readonly SqlValue[]): string {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++];
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
    return "x'…'";
  });
}

/**
 * The database adapter over sql.js: the `users` table seeded with ids 1..rows, every statement
 * logged at its virtual time, and each row's committed versions with the time each was
 * committed (what staleness is judged against).
 */
export class Database {
  readonly options: DatabaseOptions;
  private readonly db: SqlJsDatabase;
  private readonly clock: VirtualClock;
  private readonly selectStmt: Statement;
  private readonly updateStmts: Statement[] = [];
  private readonly versions: Int32Array;
  /** commitTimes[id] lists when each version after the first was committed (index v-2). */
  private readonly commitTimes = new Map<number, number[]>();
  private logSeq = 0;
  private readonly logEntries: SqlLogEntry[] = [];
  /** Statements the application ran (console statements are counted apart). */
  reads = 0;
  writes = 0;
  consoleReads = 0;
  consoleWrites = 0;

  constructor(SQL: SqlJsStatic, clock: VirtualClock, options: Partial<DatabaseOptions> = {}) {
    this.options = { ...DEFAULT_DATABASE_OPTIONS, ...options };
    this.clock = clock;
    this.db = new SQL.Database();
    this.db.create_function('vnow', () => this.clock.nowMs);
    this.db.run(`CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      plan TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1,
      updated_at INTEGER NOT NULL DEFAULT 0
    )`);
    // Any write that does not bump the version itself (a console UPDATE) still counts as one.
    this.db.run(`CREATE TRIGGER users_version AFTER UPDATE ON users
      WHEN NEW.version = OLD.version
      BEGIN UPDATE users SET version = OLD.version + 1, updated_at = vnow() WHERE id = NEW.id; END`);
    const insert = this.db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)');
    this.db.run('BEGIN');
    for (let id = 1; id <= this.options.rows; id++) {
      const r = seedRow(id);
      insert.run([r.id, r.name, r.email, r.plan, r.version, r.updated_at]);
    }
    this.db.run('COMMIT');
    insert.free();
    this.versions = new Int32Array(this.options.rows + 1).fill(1);
    this.selectStmt = this.db.prepare(SELECT_USER_SQL);
  }

  get log(): readonly SqlLogEntry[] {
    return this.logEntries;
  }

  /**
   * Frees the sql.js database and its prepared statements. sql.js keeps every database in its
   * module's wasm memory until closed, so a host that runs many (the lab worker) must close each.
   */
  close(): void {
    this.db.close();
  }

  /** The version the database holds for a row now (0 for a row that does not exist). */
  committedVersion(id: number): number {
    return id > 0 && id < this.versions.length ? this.versions[id] : 0;
  }

  /** When `version` of row `id` was committed (0 for the seed version). */
  commitTime(id: number, version: number): number {
    if (version <= 1) return 0;
    return this.commitTimes.get(id)?.[version - 2] ?? 0;
  }

  /** `SELECT * FROM users WHERE id = ?` */
  selectUser(actor: string, id: number): UserRow | null {
    this.reads++;
    const stmt = this.selectStmt;
    stmt.bind([id]);
    const row = stmt.step() ? (stmt.getAsObject() as unknown as UserRow) : null;
    stmt.reset();
    this.record(actor, SELECT_USER_SQL, [id], 'read', { rows: row ? 1 : 0 });
    return row;
  }

  /** Applies `changes` to row `id`, bumping its version; resolves to the new row (null: no row). */
  updateUser(actor: string, id: number, changes: UserChanges): UserRow | null {
    this.writes++;
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
    let stmt = this.updateStmts[mask];
    if (!stmt) {
      stmt = this.db.prepare(
        UPDATE_COLUMNS_SQL(WRITABLE_COLUMNS.filter((_, i) => mask & (1 << i))),
      );
      this.updateStmts[mask] = stmt;
    }
    stmt.bind(params);
    const row = stmt.step() ? (stmt.getAsObject() as unknown as UserRow) : null;
    stmt.reset();
    if (row) this.noteCommit(row.id, row.version);
    if (this.options.logLimit > 0)
      this.record(actor, Database.updateSqlFor(changes), params, 'write', { changes: row ? 1 : 0 });
    else this.logSeq++;
    return row;
  }

  /** The display text of the UPDATE a write with these changes runs. */
  static updateSqlFor(changes: UserChanges): string {
    return UPDATE_COLUMNS_SQL(WRITABLE_COLUMNS.filter((c) => changes[c] !== undefined));
  }

  /**
   * Runs console SQL (one or more statements). Writes go straight to the database, never to the
   * cache: this is "another process" changing the data. Throws with SQLite's message on error,
   * in which case nothing the statements did is kept. Console traffic is counted apart from the
   * application's (`consoleReads`, `consoleWrites`).
   */
  execute(actor: string, sql: string): SqlResult {
    const mayWrite = !/^\s*(select|with|pragma|explain)\b/i.test(sql);
    const before = mayWrite ? this.allRows() : undefined;
    let columns: string[] = [];
    let rows: SqlValue[][] = [];
    try {
      this.db.run('SAVEPOINT console');
      for (const stmt of this.db.iterateStatements(sql)) {
        const names = stmt.getColumnNames();
        const out: SqlValue[][] = [];
        while (stmt.step()) out.push(stmt.get());
        if (names.length > 0) {
          columns = names;
          rows = out;
        }
      }
      this.db.run('RELEASE console');
    } catch (e) {
      this.db.run('ROLLBACK TO console');
      this.db.run('RELEASE console');
      const error = e instanceof Error ? e.message : String(e);
      this.record(actor, sql, [], mayWrite ? 'write' : 'read', { error });
      throw new Error(error);
    }
    // Every write bumps a version, so comparing rows finds exactly what changed (the version
    // trigger's own UPDATE is not a second change, as SQLite's total_changes() would count it).
    const changedCells = before ? diffRows(before, this.allRows()) : {};
    const changes = Object.keys(changedCells).length;
    if (changes > 0) {
      this.consoleWrites++;
      this.syncVersions();
    } else this.consoleReads++;
    this.record(
      actor,
      sql,
      [],
      changes > 0 ? 'write' : 'read',
      changes > 0 ? { changes } : { rows: rows.length },
    );
    return { columns, rows, changes, changedCells };
  }

  private allRows(): Map<number, SqlValue[]> {
    const out = new Map<number, SqlValue[]>();
    const res = this.db.exec('SELECT * FROM users');
    for (const row of res[0]?.values ?? []) out.set(row[0] as number, row);
    return out;
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

  private noteCommit(id: number, version: number): void {
    if (id >= this.versions.length) return;
    const prev = this.versions[id];
    this.versions[id] = version;
    let times = this.commitTimes.get(id);
    if (!times) {
      times = [];
      this.commitTimes.set(id, times);
    }
    for (let v = prev + 1; v <= version; v++) times[v - 2] = this.clock.nowMs;
  }

  private syncVersions(): void {
    const res = this.db.exec('SELECT id, version FROM users');
    for (const [id, version] of res[0]?.values ?? []) {
      if (
        typeof id === 'number' &&
        typeof version === 'number' &&
        id < this.versions.length &&
        version > this.versions[id]
      )
        this.noteCommit(id, version);
    }
  }

  private record(
    actor: string,
    sql: string,
    params: readonly SqlValue[],
    kind: 'read' | 'write',
    result: { rows?: number; changes?: number; error?: string },
  ): void {
    this.logSeq++;
    if (this.options.logLimit === 0) return;
    this.logEntries.push({
      seq: this.logSeq,
      timeMs: this.clock.nowMs,
      actor,
      sql: params.length ? inlineParams(sql, params) : sql,
      kind,
      ...result,
    });
    if (this.logEntries.length > this.options.logLimit)
      this.logEntries.splice(0, this.logEntries.length - this.options.logLimit);
  }
}
