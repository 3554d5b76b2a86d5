import type { Cache } from './cache';
import { isTombstone } from './programs/readVersionedFill';
import { userIdOfKey, versionOf } from './programs/steps';

/**
 * Whether a key's text (a string, or a hash's fields as JSON) is a copy of a row: JSON with a
 * version, no tombstone. Its start is looked at first: a value that is no JSON is not read to
 * its end (a megabyte a learner stored).
 */
function isCopy(text: string | null | undefined): boolean {
  return (
    typeof text === 'string' &&
    text.trimStart().startsWith('{') &&
    !isTombstone(text) &&
    versionOf(text) > 0
  );
}

/**
 * The users' keys among `keys` that hold a copy of a row now, taken before a learner's command
 * runs (a DEL, an EXEC of its queue, a script), so {@link copiesGone} counts what it removed
 * however it was sent. Undefined when none does (most commands: nothing kept).
 */
export function copiesHeld(cache: Cache, keys: readonly string[]): string[] | undefined {
  let held: string[] | undefined;
  for (const key of keys) {
    if (userIdOfKey(key) === 0 || held?.includes(key)) continue;
    if (isCopy(cache.rowText(key))) (held ??= []).push(key);
  }
  return held;
}

/**
 * How many of the keys that held a copy before a command hold none after it (deleted, expired,
 * a tombstone or a value that is no row put in its place): the copies it removed, counted in
 * `RunCounts.removedCopies`. A key the command gave a row again (DEL then SET in one EXEC) kept one.
 */
export function copiesGone(cache: Cache, held: readonly string[] | undefined): number {
  if (held === undefined) return 0;
  let gone = 0;
  for (const key of held) if (!isCopy(cache.rowText(key))) gone++;
  return gone;
}
