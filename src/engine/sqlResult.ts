import type { SqlValue } from 'sql.js';

/** Result of a console statement: the last result set, or the number of rows changed. */
export interface SqlResult {
  columns: string[];
  /** The cells; an INTEGER beyond ±9007199254740991 is the string of its exact digits. */
  rows: SqlValue[][];
  /** `[row, column, text]` of each REAL cell, with the text SQLite writes for it (`2.0`, `Inf`). */
  realTexts: [number, number, string][];
  /** `[row, column, length]` of each TEXT or BLOB cell cut to its first characters or bytes (see consoleSql). */
  cutCells: [number, number, number][];
  /**
   * Rows the statements inserted, deleted or changed, as SQLite counts them: a trigger's own
   * changes are not counted, and a CREATE, DROP or ALTER changes none (see `changedCells` for
   * the rows of users it took away).
   */
  changes: number;
  /** For each row the statements changed, the columns whose values differ (all, if added or removed). */
  changedCells: Record<number, string[]>;
  /** More rows followed the ones returned; they were not read (see MAX_CONSOLE_ROWS). */
  isTruncated: boolean;
  /** Result sets of earlier statements on the line, not returned (only the last one is). */
  earlierSets: number;
  /**
   * The statements changed the database: a row of any table (as SQLite counts changes, so an
   * UPDATE that matched a row counts even when it wrote the same values) or the schema.
   */
  hasChanged: boolean;
  /** A statement created, altered or dropped a table, index, trigger or view (schema_version moved). */
  schemaChanged: boolean;
  /**
   * What the line did to the schema, one phrase each (`created table notes`, `renamed table
   * notes to memos`, `dropped index users_plan`), from its objects before and after. Empty when
   * it changed none, or when the schema changed but the line could not be told apart from a
   * read (then {@link schemaChangedText} says only that it changed).
   */
  schemaChanges: string[];
  /**
   * Rows the statements left at a version they had already reached (a version set back, a row
   * deleted and inserted again), unless put back exactly as that version was: `[id, version]`.
   * A copy of that version is then judged by its fields (`hasReusedVersion`), not its version.
   */
  versionsReused: [id: number, version: number][];
}

const rowsText = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;

/** How many of a line's schema changes are named; the rest are counted. */
const SCHEMA_CHANGES_NAMED = 4;

/**
 * What a line did to the schema, as it follows the rows it changed or returned: `; the schema
 * changed: created table notes` (empty when the schema did not change). A count of rows cannot
 * say it: as SQLite counts them, a CREATE, DROP or ALTER changes none.
 */
export function schemaChangedText(
  result: Partial<Pick<SqlResult, 'schemaChanged' | 'schemaChanges'>>,
): string {
  const told = result.schemaChanges ?? [];
  if (result.schemaChanged !== true && told.length === 0) return '';
  if (told.length === 0) return '; the schema changed (a table, column, index or trigger)';
  const more = told.length - SCHEMA_CHANGES_NAMED;
  const named = told.slice(0, SCHEMA_CHANGES_NAMED).join(', ');
  return `; the schema changed: ${more > 0 ? `${named} and ${more} more` : named}`;
}

/**
 * What a console line did, in the words the log and the narration give its step: the rows it
 * changed (as SQLite counts them) and the rows its last result set returned, each when there is
 * one, then what it did to the schema ({@link schemaChangedText}). An `UPDATE ... RETURNING` both
 * changed and returned rows; a line cut at `maxRows` returned more than it read.
 */
export function sqlReplyText(
  result: Pick<SqlResult, 'columns' | 'rows' | 'changes'> &
    Partial<Pick<SqlResult, 'isTruncated' | 'hasChanged' | 'schemaChanged' | 'schemaChanges'>>,
): string {
  const schema = schemaChangedText(result);
  const changed = `${rowsText(result.changes)} changed`;
  if (result.columns.length === 0) return result.hasChanged ? changed + schema : rowsText(0);
  const returned = `${result.isTruncated ? 'more than ' : ''}${rowsText(result.rows.length)}`;
  return (result.changes > 0 ? `${changed}; ${returned} returned` : returned) + schema;
}
