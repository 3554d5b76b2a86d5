import type { PeekType } from './keyspacePeek';
import type { Storer } from './commandLog';
import { isTombstone } from './programs/readVersionedFill';
import { rowIdOf } from './rowVersion';
import { describeRedisValue } from './stepEvent';

/**
 * What a versioned invalidation (INVALIDATE_IF_OLDER) found at its key as its script reads it:
 * nothing; a tombstone, or a copy of the row, at a version; another user's row; a string that is
 * no row (with the version the script reads in it, if any: it looks only for `"version":` and
 * digits, and replaces whatever holds none or an older one); or a value that is not a string,
 * on which the script's GET fails with WRONGTYPE before it sets anything.
 */
export type VersionedKeyFound =
  | { kind: 'nothing' }
  | { kind: 'tombstone'; version: number }
  /**
   * `version` absent: the script reads none in it (JSON written with a space after the colon).
   * For a fill (FILL_IF_NEWER): who stored the copy, by the command log (absent: not known), and
   * whether it is the very text the fill carries.
   */
  | { kind: 'copy'; version?: number; storedBy?: Storer; isFillsValue?: boolean }
  | { kind: 'other-user'; version: number; userId: number }
  | { kind: 'not-a-row'; value: string; version?: number }
  | { kind: 'not-a-string'; type: string };

/** The version the script reads in a value: `string.match(cur, '"version":(%d+)')`, as a number. */
export function scriptVersionOf(value: string): number | undefined {
  const digits = /"version":(\d+)/.exec(value)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/**
 * What the key of user `id` held just before its versioned invalidation ran, from a peek of it
 * (no command sent): see {@link VersionedKeyFound}.
 */
export function versionedKeyFound(
  held: { value: string | null; type: PeekType },
  id: number,
): VersionedKeyFound {
  if (held.type === 'none' || held.value === null) return { kind: 'nothing' };
  // A real server's peek reads by GET: a failed GET is a value of another type.
  if (held.type !== 'string') return { kind: 'not-a-string', type: held.type };
  const value = held.value;
  const version = scriptVersionOf(value);
  if (version !== undefined && isTombstone(value)) return { kind: 'tombstone', version };
  const rowId = rowIdOf(value);
  if (rowId === id) return version === undefined ? { kind: 'copy' } : { kind: 'copy', version };
  if (version !== undefined && rowId > 0) return { kind: 'other-user', version, userId: rowId };
  const shown = describeRedisValue(value);
  return version === undefined
    ? { kind: 'not-a-row', value: shown }
    : { kind: 'not-a-row', value: shown, version };
}
