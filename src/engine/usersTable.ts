import type { Database as SqlJsDatabase, SqlValue } from 'sql.js';
import { KEYED_USERS_SQL } from './consoleSql';

const SELECT_ALL_USERS_SQL = 'SELECT * FROM users';

/** The users table as it is now: its columns (whatever the console made of them) and rows by id. */
export interface UsersTable {
  columns: string[];
  rows: Map<number, SqlValue[]>;
}

/**
 * For each row the statements changed, the columns whose values differ (all, if added or
 * removed). Only columns the table has before and after are compared: a renamed or dropped
 * column changes the schema, not the rows' values.
 */
export function diffRows(before: UsersTable, after: UsersTable): Record<number, string[]> {
  const shared = after.columns
    .map((c, i) => [c, i, before.columns.indexOf(c)] as const)
    .filter(([, , j]) => j >= 0);
  const changed: Record<number, string[]> = {};
  for (const [id, row] of after.rows) {
    const old = before.rows.get(id);
    if (!old) changed[id] = [...after.columns];
    else {
      const cols = shared.filter(([, i, j]) => old[j] !== row[i]).map(([c]) => c);
      if (cols.length > 0) changed[id] = cols;
    }
  }
  for (const id of before.rows.keys()) if (!after.rows.has(id)) changed[id] = [...before.columns];
  return changed;
}

/** Row `id`'s value in `column` (undefined when there is no such row or column). */
export function cell(table: UsersTable, id: number, column: string): SqlValue | undefined {
  const i = table.columns.indexOf(column);
  return i >= 0 ? table.rows.get(id)?.[i] : undefined;
}

/** A version as the constraint keeps it, a whole number from 1; undefined for anything else. */
export const countOf = (value: SqlValue | undefined): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;

/** The users table by id (no rows when the console dropped or renamed it, or it has no id). */
export function allRows(db: SqlJsDatabase): UsersTable {
  const rows = new Map<number, SqlValue[]>();
  let res;
  try {
    res = db.exec(KEYED_USERS_SQL)[0];
  } catch {
    // No id column (or no table): no row the application could find, but the columns left.
    try {
      return { columns: db.exec(SELECT_ALL_USERS_SQL)[0]?.columns ?? [], rows };
    } catch {
      return { columns: [], rows };
    }
  }
  const columns = res?.columns.slice(2) ?? [];
  for (const [key, isFound, ...row] of res?.values ?? [])
    // An id past 2^53 - 1 comes back rounded, onto another row's id: no key to tell it by.
    if (isFound === 1 && typeof key === 'number' && Number.isSafeInteger(key)) rows.set(key, row);
  return { columns, rows };
}

/** How many rows the users table holds (null while it cannot be read: dropped, renamed). */
export function countRows(db: SqlJsDatabase): number | null {
  try {
    const count = db.exec('SELECT count(*) FROM users')[0]?.values[0]?.[0];
    return typeof count === 'number' ? count : null;
  } catch {
    return null;
  }
}

/**
 * How many rows of users have an INTEGER id past ±(2^53 - 1), which no JavaScript number names
 * exactly (0 while the table cannot be read).
 */
export function countRowsPastSafeIds(db: SqlJsDatabase): number {
  try {
    const count = db.exec(
      "SELECT count(*) FROM users WHERE typeof(id) = 'integer' AND (id > 9007199254740991 OR id < -9007199254740991)",
    )[0]?.values[0]?.[0];
    return typeof count === 'number' ? count : 0;
  } catch {
    return 0;
  }
}
