import type { Database as SqlJsDatabase, SqlJsStatic } from 'sql.js';

/**
 * Opens a sql.js connection the way every database here is opened: `vnow()` answers the
 * virtual time, the rollback journal is kept in memory and the file is held exclusively.
 * sql.js keeps its file in an emulated file system, where a journal "on disk" means creating,
 * writing and deleting a file for every write, and a shared lock means re-reading the file's
 * header before every statement: together about three times the cost of an UPDATE and twice
 * that of a SELECT, for a file no other connection opens and nothing needs to outlive. Rollback
 * (ROLLBACK, a failed statement, a savepoint) works the same with the journal in memory.
 */
export function openSqlite(
  SQL: SqlJsStatic,
  bytes: Uint8Array | null,
  nowMs: () => number,
): SqlJsDatabase {
  const db = bytes ? new SQL.Database(bytes) : new SQL.Database();
  db.create_function('vnow', nowMs);
  db.run('PRAGMA journal_mode = MEMORY');
  db.run('PRAGMA locking_mode = EXCLUSIVE');
  return db;
}
