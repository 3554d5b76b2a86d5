import type { Database as SqlJsDatabase } from 'sql.js';
import { CHANGES_TABLE, CHANGES_TRIGGER, VERSION_TRIGGER } from './seedSchema';
import { USER_COLUMNS, VERSION_CONSTRAINT } from './userSeed';
import { errorMessage } from './errorMessage';

/**
 * The users table made again without the constraint that keeps each version a whole number
 * from 1, said with the rows that now hold some other version (a few named); null while the
 * table has it. Such a row's version is no count to judge a copy by: our read path takes a
 * copy of it for a corrupt entry, and `version + 1` leaves NULL at NULL.
 */
function lostVersionConstraint(db: SqlJsDatabase): string | null {
  const made = db.exec("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")[0]
    ?.values[0]?.[0];
  if (typeof made !== 'string' || made.includes(VERSION_CONSTRAINT)) return null;
  const odd =
    db.exec(
      "SELECT CAST(id AS INTEGER), version FROM users WHERE NOT (typeof(version) = 'integer' AND version >= 1) ORDER BY id LIMIT 4",
    )[0]?.values ?? [];
  const count = Number(
    db.exec(
      "SELECT count(*) FROM users WHERE NOT (typeof(version) = 'integer' AND version >= 1)",
    )[0]?.values[0]?.[0] ?? 0,
  );
  const head = `The users table was made again without its version constraint (${VERSION_CONSTRAINT}: a whole number from 1)`;
  if (count === 0)
    return `${head}: every row still holds such a version, but a console line may now store NULL, text or 0, which the page cannot judge a copy by.`;
  const shown = (v: unknown) =>
    v === null ? 'NULL' : typeof v === 'string' ? `"${v}"` : String(v);
  const named = odd
    .slice(0, 3)
    .map(([id, v]) => `user ${String(id)}: ${shown(v)}`)
    .join(', ');
  return `${head}: ${count === 1 ? '1 row holds' : `${count} rows hold`} a version that is not one (${named}${count > 3 ? ` and ${count - 3} more` : ''}). A copy of such a row is taken for a corrupt cache entry, so every read of it goes to the database, and a write of a row at NULL leaves it at NULL.`;
}

/**
 * What is wrong with the schema the application relies on, one sentence each (empty when all
 * is well): the users table or its columns gone, or the version trigger gone.
 */
export function schemaProblems(db: SqlJsDatabase): string[] {
  const problems: string[] = [];
  // A connection setting, not the schema, but it breaks every write the same way.
  if (db.exec('PRAGMA query_only')[0]?.values[0]?.[0] === 1)
    problems.push(
      'PRAGMA query_only is on (switched on in the SQL console): every write of a user fails ("attempt to write a readonly database"); reads still work. PRAGMA query_only = 0 switches it off, as does Reset database.',
    );
  let columns: string[];
  try {
    columns = (db.exec("SELECT name FROM pragma_table_info('users')")[0]?.values ?? [])
      .map((r) => r[0])
      .filter((c): c is string => typeof c === 'string');
  } catch (e) {
    // A view named users over a table since dropped (or renamed): SQLite cannot even list its
    // columns. Thrown from here, it failed every snapshot, and the page froze at that line.
    problems.push(
      `users cannot be read: SQLite answers "${errorMessage(e)}" (a view made in the SQL console over a table since dropped or renamed): every read and write of a user fails.`,
    );
    return problems;
  }
  if (columns.length === 0) {
    problems.push(
      'The users table is gone (dropped or renamed in the SQL console): every read and write of a user fails.',
    );
    return problems;
  }
  const missing = USER_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    problems.push(
      `The users table has lost its column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: ${
        missing.includes('version') || missing.includes('updated_at')
          ? 'reads and writes of a user fail'
          : `reads and writes of a user fail (a write of another column still changes the row, then the application cannot use the row it returns)`
      }.`,
    );
  // A view named users (the table renamed, a view made in its place) reads as the table, but
  // the triggers went with the table under its new name: they still bump and log its writes.
  const view = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'users'").length;
  const table = view > 0 ? '' : " AND tbl_name = 'users'";
  if (view > 0) {
    const insteadOf = db.exec(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'users' AND sql LIKE '%instead%of%update%'",
    )[0]?.values[0]?.[0];
    problems.push(
      'users is a view, not the table (made in the SQL console): reads of a user go through it, ' +
        (typeof insteadOf === 'string'
          ? `and writes of a user through its INSTEAD OF trigger ${insteadOf}.`
          : 'but every write of a user fails, as SQLite cannot change a view ("cannot modify users because it is a view").'),
    );
  }
  // The constraint's check reads id and version: a table made again without them (named lost
  // above) has no version to judge, and the query would throw ("no such column").
  if (view === 0 && columns.includes('id') && columns.includes('version')) {
    const lost = lostVersionConstraint(db);
    if (lost !== null) problems.push(lost);
  }
  const trigger = db.exec(
    `SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '${VERSION_TRIGGER}'${table}`,
  );
  if (trigger.length === 0)
    problems.push(
      `The ${VERSION_TRIGGER} trigger is gone: a console UPDATE no longer bumps version, so the stale reads it causes go undetected.`,
    );
  const changesTable = db.exec(
    `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${CHANGES_TABLE}'`,
  );
  if (changesTable.length === 0)
    problems.push(
      `The ${CHANGES_TABLE} table is gone: the ${CHANGES_TRIGGER} trigger cannot record a write, so every UPDATE of a user fails.`,
    );
  const changesTrigger = db.exec(
    `SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '${CHANGES_TRIGGER}'${table}`,
  );
  if (changesTrigger.length === 0)
    problems.push(
      `The ${CHANGES_TRIGGER} trigger is gone: writes no longer reach the ${CHANGES_TABLE} log, so a change-data-capture consumer never invalidates them.`,
    );
  return problems;
}

/**
 * {@link schemaProblems} asked again and again of one adapter (at every snapshot, each Step of
 * the page): eight queries of the schema each time, unless the schema was found whole and has
 * not moved since.
 */
export class SchemaCheck {
  /** The schema last found whole: its connection and schema_version. */
  private wholeSchema: { db: SqlJsDatabase; version: unknown } | null = null;

  /** See {@link schemaProblems}. */
  problems(db: SqlJsDatabase): string[] {
    // A schema found whole is whole until SQLite moves its schema_version (every CREATE, DROP
    // and ALTER, a rollback of one moving it back; the console may not set it) or the
    // connection turns query_only on. A schema with a problem is read afresh each time: a lost
    // version constraint's sentence counts rows.
    const [version, queryOnly] = db
      .exec('PRAGMA schema_version; PRAGMA query_only')
      .map((r) => r.values[0]?.[0]);
    const whole = this.wholeSchema;
    if (queryOnly === 0 && whole?.db === db && whole.version === version) return [];
    const problems = schemaProblems(db);
    this.wholeSchema = problems.length === 0 ? { db, version } : null;
    return problems;
  }
}
