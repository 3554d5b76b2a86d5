import { useMemo } from 'react';
import type { CacheEntry } from '../engine/simSnapshot';
import { copyDiff, otherUserText, UNCARRIED_TEXT, uncarriedFields } from '../engine/copyDiff';
import { selectDbRows, selectPattern } from '../store/selectors';
import { useSandbox } from './storeContext';
import './difference.css';
import { shown } from '../store/shown';

type Rows = ReturnType<typeof selectDbRows>;
/** Each rows array's rows by cache key, built once per snapshot (not a search per key). */
const byKey = new WeakMap<Rows, Map<string, Rows[number]>>();
function rowFor(rows: Rows, key: string): Rows[number] | undefined {
  let index = byKey.get(rows);
  if (!index) {
    index = new Map();
    for (const r of rows) if (!index.has(`user:${r.id}`)) index.set(`user:${r.id}`, r);
    byKey.set(rows, index);
  }
  return index.get(key);
}

/**
 * The fields where a cached copy differs from its database row, side by side (cached `plan:
 * "free"` against row `plan: "team"`). Nothing when they agree.
 */
export function CachedRowDiff({ entry }: { entry: CacheEntry }) {
  const rows = useSandbox(selectDbRows);
  const row = rowFor(rows, entry.key);
  const pattern = useSandbox(selectPattern);
  // The judgement the key's badge was given by (`copyDiff`): listed here whenever it differs.
  const diff = useMemo(
    () =>
      entry.type === 'string' || entry.type === 'hash'
        ? copyDiff(entry.value, row?.id ?? 0, row, pattern, entry.type)
        : null,
    [entry.type, entry.value, row, pattern],
  );
  const diffs = diff?.fields ?? [];
  // A value JSON could not carry (a BLOB, an infinite REAL) is listed too, with why: the badge
  // judges the copy the row as far as JSON goes, and without this the learner cannot see it.
  const uncarried = useMemo(
    () =>
      entry.type === 'string' && diff?.otherUserId === undefined
        ? uncarriedFields(entry.value, row).filter(
            ([f]) => !(diff?.fields ?? []).some((d) => d.field === f),
          )
        : [],
    [entry.type, entry.value, row, diff],
  );
  if (diffs.length === 0 && uncarried.length === 0) return null;
  return (
    <table className="row-diff" data-testid={`redis.diff.${entry.key}`}>
      <caption>Differs from the database row</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Cached</th>
          <th scope="col">Database</th>
        </tr>
      </thead>
      <tbody>
        {diff?.otherUserId !== undefined ? (
          <tr>
            <td colSpan={3}>{otherUserText(diff.otherUserId)}</td>
          </tr>
        ) : (
          [
            ...diffs.map((d) => ({ ...d, note: '' })),
            ...uncarried.map(([field, cached, inRow]) => ({
              field,
              cached,
              row: inRow,
              note: ` (${UNCARRIED_TEXT})`,
            })),
          ].map((d) => (
            <tr key={d.field}>
              <th scope="row">
                <code>{shown(d.field)}</code>
              </th>
              <td>
                <mark className="diff-cached">{shown(d.cached)}</mark>
              </td>
              <td>
                <mark className="diff-row">{shown(d.row)}</mark>
                {d.note}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
