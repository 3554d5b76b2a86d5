import type { KeyState } from './keyspacePeek';
import { isTombstone } from './programs/readVersionedFill';
import { corruptionOf, userIdOfKey } from './programs/steps';
import { rowIdOf, versionOf } from './rowVersion';
import { describeRedisValue, type StepEvent } from './stepEvent';

/**
 * What a DEL or UNLINK of one user's key (`user:<id>`) removed, as the read path would have
 * judged it: a copy of the row it could serve, a tombstone, or something else (another user's
 * row, a string that is no row, a value of another type). The narration calls only a `copy`
 * "the cached copy".
 */
export type DeletedEntry =
  | { kind: 'copy'; version: number }
  | { kind: 'tombstone'; version: number }
  | { kind: 'other-user'; version: number; userId: number }
  | { kind: 'not-a-row'; value: string }
  | { kind: 'not-a-string'; type: string };

/**
 * The user key a command removes on its own, DEL or UNLINK of that key alone: the one removal
 * whose narration names what the key held. Undefined for any other command, so the step's hot
 * path reads nothing more for them.
 */
export function removedUserKey(argv: readonly string[]): string | undefined {
  if (argv.length !== 2) return undefined;
  const name = argv[0].toUpperCase();
  if (name !== 'DEL' && name !== 'UNLINK') return undefined;
  return userIdOfKey(argv[1]) > 0 ? argv[1] : undefined;
}

/** What `held` (the key's state just before its removal) was, as {@link DeletedEntry}. */
export function deletedEntryOf(key: string, held: KeyState): DeletedEntry {
  if (held.type !== 'string') return { kind: 'not-a-string', type: held.type };
  const value = held.held;
  if (isTombstone(value)) return { kind: 'tombstone', version: versionOf(value) };
  const id = userIdOfKey(key);
  if (corruptionOf(id, value) === null) return { kind: 'copy', version: versionOf(value) };
  const rowId = rowIdOf(value);
  if (rowId > 0 && rowId !== id)
    return { kind: 'other-user', version: versionOf(value), userId: rowId };
  return { kind: 'not-a-row', value: describeRedisValue(value) };
}

/** The key of a GETDEL or GETEX, the reads that may change their key as they answer it. */
export function keyChangingReadKey(argv: readonly string[]): string | undefined {
  return argv.length >= 2 && (argv[0] === 'GETDEL' || argv[0] === 'GETEX') ? argv[1] : undefined;
}

/**
 * What a GETDEL or GETEX that answered a value did to its key besides, from the key as it was
 * (`before`) and is (`after`, undefined: gone) at `atMs`, as {@link StepEvent.keyLeftByRead}.
 * Nothing when it left the key as it was.
 */
export function keyLeftByReadOf(
  before: { expiresAtMs: number },
  after: { expiresAtMs: number } | undefined,
  atMs: number,
): Pick<StepEvent, 'keyLeftByRead'> {
  if (after === undefined) return { keyLeftByRead: { isRemoved: true } };
  if (after.expiresAtMs === before.expiresAtMs) return {};
  // From the whole millisecond, as TTL and PTTL count it: from the fractional step time a
  // key with 1,500 ms left by PTTL (TTL 2) read "1,499.4 ms" and was said to have had 1 s left.
  const left = (expiresAtMs: number) =>
    expiresAtMs === Infinity ? null : Math.max(0, expiresAtMs - Math.floor(atMs));
  return { keyLeftByRead: { ttlMs: left(after.expiresAtMs), wasTtlMs: left(before.expiresAtMs) } };
}
