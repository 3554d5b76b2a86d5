// What a cached value under a user's key holds, judged against its row: the checks behind the
// Redis panel's badges that read the value itself (a whole version, another user's row, fields
// unlike the row's).
import type { UserRow } from './database';
import type { EngineConfig } from './engineConfig';
import { corruptionOf } from './programs/steps';
import { copyDiff } from './copyDiff';
import { rowIdOf } from './rowVersion';

/**
 * Whether a copy at its row's version is not the row: it differs in any field, by the judgement
 * the Redis panel's table of differing fields shows (`copyDiff`). The console set it by hand, a
 * learner's code cached other values, or the console set the row back to that version with
 * other contents (`Database.hasReusedVersion`). Judged only for a key that changed or whose row
 * did, against the row `rowOf` gives (the database panel's copy of it when that is current,
 * else a read), so a Step costs what it changed.
 */
export function isUnlikeRowNow(
  value: string,
  type: string,
  id: number,
  version: number,
  rowOf: (id: number) => UserRow | null,
  pattern: EngineConfig['pattern'],
): boolean {
  const row = rowOf(id);
  if (row === null || row.version !== version) return false;
  const diff = copyDiff(value, id, row, pattern, type === 'hash' ? 'hash' : 'string');
  return diff !== null && diff.fields.length > 0;
}

/**
 * Whether a string under `user:<id>` is a JSON object with a whole-number version: a row as our
 * read path writes it (its memoised pattern, no parse), else what a parse finds. Text that is no
 * JSON object (a row a console APPEND or SETRANGE broke), and a version that is text (`"2"`) or
 * a fraction (`2.5`), are no row for our read paths (`corruptionOf`: a corrupt entry), whatever
 * digits a scan finds in them.
 */
export function isRowWithWholeVersion(value: string, id: number): boolean {
  if (corruptionOf(id, value) === null) return true;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    const { version } = parsed as { version?: unknown };
    return Number.isSafeInteger(version) && (version as number) > 0;
  } catch {
    return false;
  }
}

/**
 * Whether a hash's fields (as JSON text) hold `version`, the digits a scan found, as the number
 * their `version` field is: `2.5` or `2e3` is no whole version a read path could take as the
 * scan's 2 (a learner's HGETALL path reads 2.5, ours counts any hash a corrupt entry).
 */
export function hasVersionField(value: string, version: number): boolean {
  try {
    const { version: field } = JSON.parse(value) as { version?: unknown };
    return typeof field === 'string' && field.trim() !== '' && Number(field) === version;
  } catch {
    return false;
  }
}

/** The other user whose row a value under `user:<id>` holds (0: none). */
export function otherUserOf(value: string, id: number): number {
  const held = rowIdOf(value);
  return held > 0 && held !== id ? held : 0;
}
