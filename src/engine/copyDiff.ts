import { type UserRow } from './database';
import { USER_COLUMNS } from './userSeed';
import type { EngineConfig } from './engineConfig';
import { isTombstone } from './fillTracker';

/** One field where a cached copy and its database row disagree, each side shown as JSON. */
export interface FieldDiff {
  field: string;
  cached: string;
  row: string;
}

/** How a cached value under `user:<id>` differs from row `id` (see {@link copyDiff}). */
export interface CopyDiff {
  /** The value is another user's row (this id): no copy of row `id` at all. */
  otherUserId?: number;
  /** The fields that differ, in column order (for another user's row: its `id`). */
  fields: FieldDiff[];
}

/** A BLOB as the SQLite panel and the SQL console show it: its size, not its bytes. */
export const blobText = (bytes: number): string => `<blob, ${bytes} byte${bytes === 1 ? '' : 's'}>`;

/**
 * A row's cell as the difference table shows it, as the SQLite panel does: JSON would show a
 * BLOB as `{"0":0,"1":255}` and an infinite REAL as `null`.
 */
export function rowCellText(value: unknown): string {
  if (value instanceof Uint8Array) return blobText(value.length);
  if (typeof value === 'number' && !Number.isFinite(value))
    return value > 0 ? 'Inf' : value < 0 ? '-Inf' : 'NaN';
  return JSON.stringify(value);
}

/** Said beside a row's value JSON could not carry into the cached copy. */
export const UNCARRIED_TEXT = 'JSON could not carry it';

/**
 * The fields of a copy that hold what `JSON.stringify` made of a row's value it cannot carry (a
 * BLOB becomes an object of its bytes, an infinite REAL null), as [field, copy's value, row's
 * value as the SQLite panel shows it]. The copy is the row as far as JSON goes, so its badge
 * does not call it stale; these say why it still is not the row's value.
 */
export function uncarriedFields(
  cachedJson: string,
  row: UserRow | null | undefined,
): [field: string, copy: string, row: string][] {
  if (!row) return [];
  const cells = row as unknown as Record<string, unknown>;
  const lossy = Object.keys(cells).filter((c) => {
    const v = cells[c];
    return v instanceof Uint8Array || (typeof v === 'number' && !Number.isFinite(v));
  });
  if (lossy.length === 0) return [];
  let copy: unknown;
  try {
    copy = JSON.parse(cachedJson);
  } catch {
    return [];
  }
  if (typeof copy !== 'object' || copy === null) return [];
  const fields = copy as Record<string, unknown>;
  return lossy
    .filter((c) => c in fields && JSON.stringify(fields[c]) === JSON.stringify(cells[c]))
    .map((c) => [c, JSON.stringify(fields[c]), rowCellText(cells[c])]);
}

/** What the difference table shows for a field the database row has no column for. */
export const NO_SUCH_COLUMN = '(no such column)';

/**
 * Whether a copy's field holds the row's value. A hash's field holds text: `"5"` is the number 5
 * of the row, while an empty or blank text is no number. The read checker judges a row a
 * learner's read built itself by this rule too (`isHash`), so a row rebuilt from a hash is
 * judged as the Redis panel judges the hash.
 */
export const isSameValue = (cached: unknown, row: unknown, isHash: boolean): boolean =>
  JSON.stringify(cached) === JSON.stringify(row) ||
  (isHash &&
    typeof cached === 'string' &&
    typeof row === 'number' &&
    cached.trim() !== '' &&
    Number(cached) === row);

/**
 * A column the application does not know (added in the SQL console) that is NULL on one side
 * and absent on the other: `ADD COLUMN phone TEXT` changes no row's data, so a copy cached before
 * it, which has no `phone`, is still the row (and one with `phone: null` still is once the column
 * is dropped). A value there (a column added with a default) is data the other side lacks.
 */
const isAbsentNull = (
  c: string,
  copy: Record<string, unknown>,
  cells: Record<string, unknown>,
): boolean =>
  !USER_COLUMNS.includes(c) && (copy[c] ?? null) === null && (cells[c] ?? null) === null;

/**
 * How a cached value of row `id` (JSON text; a hash as its fields' JSON) differs from the row:
 * the one judgement behind the Redis panel's table of differing fields and its STALE badge.
 * Every field counts: the row's own columns (whatever the SQL console renamed them to), a field
 * the copy left out ("(missing)") and one it holds that the row has no column for, but for a NULL
 * in a column the console added ({@link isAbsentNull}). A value that
 * is another user's row is said to be that user's. Under write-behind `updated_at` is left out,
 * as the read checker leaves it out (`fieldsUnlikeRow`, which judges a hit by this): the flush stamps the row when it
 * reaches the database, and the cached copy keeps the older stamp by design. Null when there is
 * nothing to compare: no row, a value that is not a JSON object, or a tombstone.
 */
export function copyDiff(
  cachedJson: string,
  id: number,
  row: UserRow | null | undefined,
  pattern: EngineConfig['pattern'] = 'cache-aside',
  type: 'string' | 'hash' = 'string',
): CopyDiff | null {
  if (!row) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cachedJson);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  if (isTombstone(cachedJson)) return null;
  const copy = parsed as Record<string, unknown>;
  const isHash = type === 'hash';
  const copyId = typeof copy.id === 'string' && isHash ? Number(copy.id) : copy.id;
  if (Number.isSafeInteger(copyId) && copyId !== id && (copyId as number) > 0)
    return {
      otherUserId: copyId as number,
      fields: [{ field: 'id', cached: JSON.stringify(copy.id), row: JSON.stringify(row.id) }],
    };
  const cells = row as unknown as Record<string, unknown>;
  const fields = Object.keys(row);
  for (const c of [...USER_COLUMNS, ...Object.keys(copy)]) if (!fields.includes(c)) fields.push(c);
  return {
    fields: fields
      .filter((c) => !(pattern === 'write-behind' && c === 'updated_at'))
      .filter((c) => !isSameValue(copy[c], cells[c], isHash) && !isAbsentNull(c, copy, cells))
      .map((c) => ({
        field: c,
        cached: copy[c] === undefined ? '(missing)' : JSON.stringify(copy[c]),
        row: c in cells ? rowCellText(cells[c]) : NO_SUCH_COLUMN,
      })),
  };
}

/** How {@link copyDiff} says a value differs, in a few words ("holds user 6's row"). */
export const otherUserText = (otherUserId: number): string => `holds user ${otherUserId}'s row`;
