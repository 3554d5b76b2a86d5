import type { UserRow } from '../engine/database';
import type { Pattern } from '../engine/programs/patterns';

/** One field where the cached copy and the database row disagree, each shown as JSON. */
export interface FieldDiff {
  field: string;
  cached: string;
  row: string;
}

const COLUMNS: readonly (keyof UserRow)[] = [
  'id',
  'name',
  'email',
  'plan',
  'version',
  'updated_at',
];

/** The cached value as the application's copy of `row` (JSON of that user), or null. */
function copyOf(cachedJson: string, row: UserRow | undefined): Record<string, unknown> | null {
  if (!row) return null;
  let cached: unknown;
  try {
    cached = JSON.parse(cachedJson);
  } catch {
    return null;
  }
  if (typeof cached !== 'object' || cached === null) return null;
  const copy = cached as Record<string, unknown>;
  return copy.id === row.id ? copy : null;
}

/** The value is the application's cached copy of `row` (not a tombstone, a lease, another user). */
export const isCopyOfRow = (cachedJson: string, row: UserRow | undefined): boolean =>
  copyOf(cachedJson, row) !== null;

/** What the difference table shows for a field the database row has no column for. */
export const NO_SUCH_COLUMN = '(no such column)';

/**
 * The fields in which a cached user (the JSON the application wrote) differs from the database
 * row, in column order: the row's own columns (whatever the SQL console renamed them to), then
 * any the application's copy holds that the row no longer has. Empty when they agree, when
 * there is no row to compare with, or when the value is not a cached copy of that row (a
 * tombstone, a lease, another user, not JSON). Under write-behind `updated_at` is left out, as
 * the read checker leaves it out (`copyFieldsUnlike`): the flush stamps the row when it reaches
 * the database, and the cached copy keeps the older stamp by design.
 */
export function rowDiff(
  cachedJson: string,
  row: UserRow | undefined,
  pattern: Pattern = 'cache-aside',
): FieldDiff[] {
  const copy = copyOf(cachedJson, row);
  if (!copy || !row) return [];
  const fields = Object.keys(row);
  for (const c of [...COLUMNS, ...Object.keys(copy)]) if (!fields.includes(c)) fields.push(c);
  const cells = row as unknown as Record<string, unknown>;
  return fields
    .filter((c) => !(pattern === 'write-behind' && c === 'updated_at'))
    .filter((c) => JSON.stringify(copy[c]) !== JSON.stringify(cells[c]))
    .map((c) => ({
      field: c,
      cached: copy[c] === undefined ? '(missing)' : JSON.stringify(copy[c]),
      row: c in cells ? JSON.stringify(cells[c]) : NO_SUCH_COLUMN,
    }));
}

/**
 * A cached row written short enough for a label but never cut before a field that differs:
 * `{"plan":"free","version":1,"id":123, …}`, the differing fields first (all of them, whatever
 * the length), then as many of the others as fit in `maxChars`.
 */
export function compactRow(cachedJson: string, diffs: FieldDiff[], maxChars: number): string {
  let cached: unknown;
  try {
    cached = JSON.parse(cachedJson);
  } catch {
    return cachedJson;
  }
  if (typeof cached !== 'object' || cached === null) return cachedJson;
  const differing = new Set(diffs.map((d) => d.field));
  const parts = diffs
    .filter((d) => d.field !== 'updated_at')
    .map((d) => `${JSON.stringify(d.field)}:${d.cached}`);
  for (const [field, value] of Object.entries(cached)) {
    if (differing.has(field)) continue;
    const part = `${JSON.stringify(field)}:${JSON.stringify(value)}`;
    if (`{${[...parts, part].join(',')}, …}`.length > maxChars)
      return `{${parts.join(',')}${parts.length > 0 ? ', ' : ''}…}`;
    parts.push(part);
  }
  return `{${parts.join(',')}}`;
}

/** One side of the differing fields ("plan \"free\", version 1"), for the lines under a stale reply. */
export const diffSide = (diffs: FieldDiff[], side: 'cached' | 'row'): string =>
  diffs
    .filter((d) => d.field !== 'updated_at')
    .map((d) => `${d.field} ${d[side]}`)
    .join(', ');
