import { CHANGES_TABLE } from './seedSchema';

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

/** What the application runs to read a user on a cache miss. */
export const SELECT_USER_SQL = 'SELECT * FROM users WHERE id = ?';

/** The UPDATE of these columns a write runs: one more version, and the time, with each. */
export const UPDATE_COLUMNS_SQL = (cols: readonly string[]): string =>
  `UPDATE users SET ${cols.map((c) => `${c} = ?, `).join('')}version = version + 1, updated_at = ? WHERE id = ? RETURNING *`;

/** The display text of the UPDATE a write with these changes runs. */
export const updateSqlFor = (changes: UserChanges): string =>
  UPDATE_COLUMNS_SQL(WRITABLE_COLUMNS.filter((c) => changes[c] !== undefined));

/** What the consumer runs to read the log past its cursor. */
export const SELECT_CHANGES_SQL = `SELECT id, user_id, version, at FROM ${CHANGES_TABLE} WHERE id > ? ORDER BY id LIMIT ?`;

/** A row of the change log. */
export interface ChangeRow {
  id: number;
  user_id: number;
  version: number;
  at: number;
}
