import type { Database as SqlJsDatabase } from 'sql.js';
import { TRIAL_PRAGMAS } from './consoleSql';

/** Whether a transaction is open (sql.js exports no sqlite3_get_autocommit to ask). */
export function isInTransaction(db: SqlJsDatabase): boolean {
  try {
    // BEGIN fails inside a transaction, and only there.
    db.run('BEGIN');
  } catch {
    return true;
  }
  db.run('ROLLBACK');
  return false;
}

/**
 * Rows changed since the connection opened, in any table, the schema's version (which SQLite
 * bumps on every CREATE, DROP and ALTER) and the connection settings the console may switch
 * (`PRAGMA query_only = 1` fails every later write): a statement changed the database when any
 * differs after it.
 */
export function changeMark(db: SqlJsDatabase): {
  changes: unknown;
  schema: unknown;
  settings: number[];
} {
  const changes = db.exec('SELECT total_changes()')[0]?.values[0]?.[0];
  const schema = db.exec('PRAGMA schema_version')[0]?.values[0]?.[0];
  const settings = TRIAL_PRAGMAS.map((name) =>
    Number(db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0] ?? 0),
  );
  return { changes, schema, settings };
}
