import { USER_COLUMNS } from './userSeed';

/**
 * Why the application cannot use a row the SELECT returned: the console renamed or dropped
 * columns it reads. It starts with `ROW_MISSING_COLUMNS`, so the narration can tell it from an
 * error of SQLite's.
 */
export const ROW_MISSING_COLUMNS = 'the row has no column';
const missingColumnsError = (missing: readonly string[]): string =>
  `${ROW_MISSING_COLUMNS} ${missing.join(', ')} (the application reads ${USER_COLUMNS.join(', ')})`;

/**
 * Why a row a statement returned is no user row (a column the application reads renamed or
 * dropped in the console), or null. Runs on every SELECT and UPDATE: no array unless one lacks.
 */
export function rowProblem(row: object): string | null {
  for (const c of USER_COLUMNS)
    if (!(c in row)) return missingColumnsError(USER_COLUMNS.filter((k) => !(k in row)));
  return null;
}
