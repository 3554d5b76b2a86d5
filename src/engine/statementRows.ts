import type { SqlValue, Statement } from 'sql.js';
import { USER_COLUMNS } from './userSeed';

/** A statement whose columns are the users table's, in its order: its rows take one shape. */
const USERS = 'users';

/**
 * A statement's current row keyed by column name, the object sql.js's `getAsObject` makes (the
 * same keys in the same order, the same values), with each statement's column names read from
 * SQLite once instead of decoded again for every row: getAsObject cost about 4 µs a row here,
 * the values and this about 1.5 (every cache miss's SELECT and every UPDATE ... RETURNING of a
 * long run). A statement's columns change only with the schema (SQLite prepares it again
 * then): whoever may change the schema calls {@link forget}.
 */
export class StatementRows {
  private readonly columns = new Map<Statement, readonly string[] | typeof USERS>();

  /** The row `stmt` stepped onto (call after a `step()` that returned true). */
  read(stmt: Statement): Record<string, SqlValue> {
    let names = this.columns.get(stmt);
    if (names === undefined) {
      const read = stmt.getColumnNames();
      names = isUsersColumns(read) ? USERS : read;
      this.columns.set(stmt, names);
    }
    const v = stmt.get();
    // One literal, so every row of the table has one hidden class (keys in the table's order).
    if (names === USERS)
      return { id: v[0], name: v[1], email: v[2], plan: v[3], version: v[4], updated_at: v[5] };
    const row: Record<string, SqlValue> = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = v[i];
    return row;
  }

  /** The schema may have changed: read every statement's columns again. */
  forget(): void {
    this.columns.clear();
  }
}

const isUsersColumns = (names: readonly string[]): boolean =>
  names.length === USER_COLUMNS.length && names.every((n, i) => n === USER_COLUMNS[i]);
