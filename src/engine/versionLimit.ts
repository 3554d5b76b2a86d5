import type { Database as SqlJsDatabase, SqlValue } from 'sql.js';

/** The highest version the application reads exactly, as the refusals write it. */
const UNSAFE_LIMIT = '9,007,199,254,740,991 (2^53 - 1)';

/**
 * Why the application's write of row `id` at `version` is refused: it adds one to the version,
 * and from 2^53 - 1 on the result is no longer exact as a JavaScript number. `notDone` says what
 * was not done ("the UPDATE was not run").
 */
export function writePastSafeText(id: number, version: number, notDone: string): string {
  return `user ${id} holds version ${version}, and a write would take it past ${UNSAFE_LIMIT}: the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there, so ${notDone}. Set the version lower in the SQL console to write the row again.`;
}

/**
 * The first row of users (by id) holding a whole-number version past 2^53 - 1, as its id and
 * the version's exact text, or null: sql.js answers an INTEGER as a JavaScript number, so the
 * application, the checker and every panel would read it rounded (9007199254740993 as ...992),
 * or, at 2^53, the next write's version as this one. SQLite compares the 64-bit integers
 * exactly; its text of the version is the truth.
 */
export function unsafeVersion(db: SqlJsDatabase): [id: string, version: string] | null {
  let found: SqlValue[] | undefined;
  try {
    found = db.exec(
      `SELECT id, CAST(version AS TEXT) FROM users WHERE typeof(version) = 'integer' AND version > ${Number.MAX_SAFE_INTEGER} ORDER BY id LIMIT 1`,
    )[0]?.values[0];
  } catch {
    // No users table or no version column (the console broke the schema): no version to read.
    return null;
  }
  return found ? [String(found[0]), String(found[1])] : null;
}

/**
 * Throws when a console line left a row at a version past 2^53 - 1 (see {@link unsafeVersion}).
 * The line is then rolled back, so the page never shows a version the row does not hold.
 */
export function refuseUnsafeVersion(db: SqlJsDatabase): void {
  const found = unsafeVersion(db);
  if (!found) return;
  const [id, version] = found;
  const read = String(Number(version));
  const next = (BigInt(version) + 1n).toString();
  throw new Error(
    `user ${id} would hold version ${version}, past ${UNSAFE_LIMIT}: the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there (${
      read !== version
        ? `it would read ${version} as ${read}`
        : `the next write of the row would make ${next}, which it would read as ${String(Number(next))}`
    }), so the line was not run. The database is as it was before it.`,
  );
}

/**
 * The refusal of the application's write of row `id` at `version`, when the write would take a
 * row past 2^53 - 1 (as the console refuses a line that would): the write adds one to it.
 */
export function writePastSafe(id: number, version: number): Error {
  return new Error(writePastSafeText(id, version, 'the UPDATE was not run'));
}

/** The refusal of a write after which a trigger would leave row `id` at `version` (text). */
export function writeLeavesUnsafe(id: string, version: string): Error {
  return refusedWrite(`the write would leave user ${id} at version ${version},`);
}

function refusedWrite(what: string): Error {
  return new Error(
    `${what} past ${UNSAFE_LIMIT}: the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there, so the UPDATE was not run. Set the version lower in the SQL console to write the row again.`,
  );
}
