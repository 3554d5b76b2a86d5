import { useMemo } from 'react';
import type { CacheEntry } from '../engine/simSnapshot';
import { rowDiff } from '../store/rowDiff';
import { selectDbRows, selectPattern } from '../store/selectors';
import { useSandbox } from './storeContext';
import './difference.css';

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
  const diffs = useMemo(
    () => (entry.type === 'string' ? rowDiff(entry.value, row, pattern) : []),
    [entry.type, entry.value, row, pattern],
  );
  if (diffs.length === 0) return null;
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
        {diffs.map((d) => (
          <tr key={d.field}>
            <th scope="row">
              <code>{d.field}</code>
            </th>
            <td>
              <mark className="diff-cached">{d.cached}</mark>
            </td>
            <td>
              <mark className="diff-row">{d.row}</mark>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
