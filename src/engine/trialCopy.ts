import type { Database as SqlJsDatabase, SqlJsStatic } from 'sql.js';
import { TRIAL_PRAGMAS, type SqlTrial } from './consoleSql';

/** The parts of sql.js' module the backup needs: SQLite's backup API, which sql.js does not wrap. */
type Backup = {
  _sqlite3_backup_init(dest: number, destName: number, src: number, srcName: number): number;
  _sqlite3_backup_step(backup: number, pages: number): number;
  _sqlite3_backup_finish(backup: number): number;
  stringToNewUTF8(s: string): number;
  _free(ptr: number): void;
};

const handle = (db: SqlJsDatabase): number => (db as unknown as { db: number }).db;

/**
 * A console line to try on a copy of `db` first (see SqlGuard): the copy's bytes (SQLite's
 * backup API, so the open statements and functions of `db` are left alone) and the connection
 * settings the line runs under.
 */
export function trialCopy(
  SQL: SqlJsStatic,
  db: SqlJsDatabase,
  run: Pick<SqlTrial, 'sql' | 'nowMs' | 'randomSeed'>,
): SqlTrial {
  const api = SQL as unknown as Backup;
  const copy = new SQL.Database();
  const main = api.stringToNewUTF8('main');
  try {
    const backup = api._sqlite3_backup_init(handle(copy), main, handle(db), main);
    if (backup === 0) throw new Error('could not copy the database for a trial run');
    api._sqlite3_backup_step(backup, -1);
    api._sqlite3_backup_finish(backup);
    const pragmas: SqlTrial['pragmas'] = {};
    for (const name of TRIAL_PRAGMAS) {
      const value = db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0];
      if (typeof value === 'number') pragmas[name] = value;
    }
    return {
      bytes: copy.export(),
      pragmas,
      nowMs: run.nowMs,
      sql: run.sql,
      randomSeed: run.randomSeed,
    };
  } finally {
    api._free(main);
    copy.close();
  }
}
