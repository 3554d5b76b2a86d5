import { copyDiff } from './copyDiff';
import { NOT_A_ROW } from './consistency';
import { isTombstone } from './fillTracker';
import { userIdOfKey } from './programs/steps';
import { rowIdOf, versionOf } from './rowVersion';
import type { Runtime } from './runtime';

/**
 * A console command changed `keys` (`all`: it flushed the keyspace). The consistency tracker
 * learns what each holds now, as it learns what the application's commands store: a deleted
 * copy holds nothing older than any write, so it can make a write consistent, never undo one.
 * A row typed by hand counts at its version only when it is the database's row as it stands
 * (the Redis panel's judgement, `copyDiff.ts`); any other copy (the row's version with other
 * fields, a version the row has left or not reached) is no write's row, and every write of it
 * is not consistent while the cache keeps it, as a read of it is stale. One typed while a
 * write-behind write of the row waits for its flush is judged again at that flush, against
 * the row the flush makes (it may be that write's copy, typed letter for letter).
 */
export function consoleChanged(rt: Runtime, keys: readonly string[] | 'all'): void {
  const nowMs = rt.clock.nowMs;
  if (keys === 'all') return rt.consistency.restarted(nowMs);
  for (const key of keys) {
    const held = rt.cache.heldText(key);
    const text = held?.text;
    // A row is JSON: its start is read at once, where a value with no version in it is read
    // to its end (a megabyte, for each key a console COPY made of one).
    const isRow =
      text !== undefined &&
      text.trimStart().startsWith('{') &&
      !isTombstone(text) &&
      versionOf(text) > 0;
    const id = userIdOfKey(key);
    const expiresAtMs = held?.expiresAtMs ?? Infinity;
    if (id === 0) {
      // A row cached under another name (`profile:3`), as the learner's commands count it.
      const rowId = isRow ? rowIdOf(text) : 0;
      const version = rowId > 0 ? versionOf(text as string) : 0;
      rt.consistency.cachedUnder(key, rowId, version, expiresAtMs, nowMs);
      continue;
    }
    if (!isRow) {
      rt.consistency.cached(id, 0, Infinity, nowMs);
      continue;
    }
    const version = versionOf(text);
    const row = rt.db.rowNow(id);
    const diff =
      row !== null && row.version === version
        ? copyDiff(text, id, row, rt.config.pattern, held?.isString === false ? 'hash' : 'string')
        : null;
    const isRowNow = diff !== null && diff.fields.length === 0;
    rt.consistency.cached(id, isRowNow ? version : NOT_A_ROW, expiresAtMs, nowMs);
  }
}
