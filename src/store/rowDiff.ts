import type { UserRow } from '../engine/database';
import type { Pattern } from '../engine/programs/patterns';
import { copyDiff, type FieldDiff } from '../engine/copyDiff';

export { NO_SUCH_COLUMN, type FieldDiff } from '../engine/copyDiff';

/** The value is the application's cached copy of `row` (JSON of that user), not another's. */
export function isCopyOfRow(cachedJson: string, row: UserRow | undefined): boolean {
  const diff = row ? copyDiff(cachedJson, row.id, row) : null;
  return diff !== null && diff.otherUserId === undefined;
}

/**
 * The fields in which a cached user (the JSON the application wrote) differs from the database
 * row `row`, in column order, by the Redis panel's judgement (`copyDiff`): empty when they
 * agree, when there is no row to compare with, or when the value is no row at all (a
 * tombstone, a lease, not JSON); another user's row differs in its `id`.
 */
export function rowDiff(
  cachedJson: string,
  row: UserRow | undefined,
  pattern: Pattern = 'cache-aside',
): FieldDiff[] {
  return (row && copyDiff(cachedJson, row.id, row, pattern)?.fields) || [];
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
