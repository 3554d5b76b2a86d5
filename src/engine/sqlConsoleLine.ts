import type { Database as SqlJsDatabase } from 'sql.js';
import { runConsoleStatements, TRIAL_PRAGMAS, type ConsoleRows } from './consoleSql';
import { changeMark, isInTransaction, schemaChangesBetween, schemaObjects } from './sqliteProbes';
import { allRows, diffRows, type UsersTable } from './usersTable';
import { refuseUnsafeVersion } from './versionLimit';

/** What a SQL console line did, as SQLite tells it (see {@link runSqlConsoleLine}). */
export interface SqlConsoleLineRun {
  /** The line's last result set and the rows it changed. */
  result: ConsoleRows;
  /** See `SqlResult.hasChanged`. */
  hasChanged: boolean;
  /** See `SqlResult.schemaChanged`. */
  schemaChanged: boolean;
  /** See `SqlResult.schemaChanges`. */
  schemaChanges: string[];
  /** The users table after the line: read only for a line that may write. */
  after: UsersTable | undefined;
  /** See `SqlResult.changedCells` (empty for a line that cannot write). */
  changedCells: Record<number, string[]>;
}

/**
 * Runs a console line on `db` (one or more statements) inside a savepoint, through `running`
 * (the virtual clock and the seeded random values), and asks SQLite what it changed: rows,
 * settings, the schema. `mayWrite`: a statement of the line may change rows (see
 * `mayChangeRows`); only then are the users table and the schema read before and after, so a
 * change is told by what it did. When a statement fails nothing of the line is kept, its
 * connection settings neither, and what `fail` makes of the error is thrown.
 */
export function runSqlConsoleLine(
  db: SqlJsDatabase,
  sql: string,
  mayWrite: boolean,
  running: (fn: () => ConsoleRows) => ConsoleRows,
  fail: (e: unknown) => Error,
): SqlConsoleLineRun {
  const before = mayWrite ? allRows(db) : undefined;
  let result;
  let hasChanged;
  let schemaChanged;
  db.run('SAVEPOINT console_line');
  const mark = changeMark(db);
  // Read only for a line that may change the schema, so a schema change is told by what it did.
  const objectsBefore = mayWrite ? schemaObjects(db) : undefined;
  let schemaChanges: string[] = [];
  try {
    result = running(() => runConsoleStatements(db, sql));
    if (mayWrite) refuseUnsafeVersion(db);
    const after = changeMark(db);
    schemaChanged = after.schema !== mark.schema;
    if (schemaChanged && objectsBefore !== undefined)
      schemaChanges = schemaChangesBetween(objectsBefore, schemaObjects(db));
    hasChanged =
      schemaChanged ||
      after.changes !== mark.changes ||
      after.settings.join() !== mark.settings.join();
    db.run('RELEASE console_line');
  } catch (e) {
    // RAISE(ROLLBACK) in a trigger, or an INSERT OR ROLLBACK, ends the whole transaction, the
    // line's savepoint with it: nothing of the line is left to roll back, and SQLite's "no such
    // savepoint" would hide the line's own error.
    if (isInTransaction(db)) {
      db.run('ROLLBACK TO console_line');
      db.run('RELEASE console_line');
    }
    // Connection settings are no part of the transaction: a failed line keeps none of them.
    TRIAL_PRAGMAS.forEach((name, i) => db.run(`PRAGMA ${name} = ${mark.settings[i]}`));
    throw fail(e);
  }
  // Every write bumps a version, so comparing rows finds the rows of users that changed (the
  // version trigger's own UPDATE is not a second change). A table dropped or renamed counts as
  // all its rows removed; a column renamed or dropped changes no row's values.
  const after = before !== undefined ? allRows(db) : undefined;
  const changedCells = before !== undefined && after ? diffRows(before, after) : {};
  return { result, hasChanged, schemaChanged, schemaChanges, after, changedCells };
}
