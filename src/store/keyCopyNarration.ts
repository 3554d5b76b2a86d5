// What a console line did to the cached copies of rows: which keys a request stores next, what
// the next read of a deleted key does, and each copy judged against its row, in the words of the
// Redis panel's badges. Split from inputNarration.ts, which tells the line itself.
import { shownCommand } from '../engine/stepEvent';
import type { CacheEntry, SimSnapshot } from '../engine/simSnapshot';
import { keyList } from '../scenarios/actionNarration';

/** A user's cached copy's key. */
export const USER_KEY = /^user:\d+$/;

/** The actors whose next command stores `key` (a read's fill after its SELECT, a write's SET). */
function storingNext(key: string, snap: SimSnapshot): SimSnapshot['actors'] {
  const names = new RegExp(`(^| )${key}( |$)`);
  return snap.actors.filter(
    ({ pending }) =>
      pending?.target === 'redis' &&
      !NOT_STORING.has(pending.command.split(' ')[0].toUpperCase()) &&
      names.test(pending.command),
  );
}

export const isStoredNext = (key: string, snap: SimSnapshot): boolean =>
  storingNext(key, snap).length > 0;

/** Commands a request sends that do not store the key they name. */
const NOT_STORING = new Set(['GET', 'DEL', 'UNLINK', 'EXISTS', 'TTL', 'PTTL', 'TYPE']);

/**
 * Which deleted keys a sentence on their next read names: "each" when every key named is a
 * user's, else those keys by name (beside `write-behind:queue`, "it" named no key).
 */
export const nextReadOf = (keys: readonly string[], users: readonly string[]): string =>
  users.length === keys.length
    ? 'each'
    : `${users.length === 1 ? '' : 'each of '}${keyList(users)}`;

/**
 * What the next read of a key just deleted does: it misses, unless a request under way stores
 * the key first (a read's fill after its SELECT, a write's SET): a read after that hits.
 */
export function nextReadText(key: string, snap: SimSnapshot): string {
  const misses = 'misses and loads the row from the database';
  const storing = storingNext(key, snap);
  if (storing.length === 0) return ` The next read of it ${misses}.`;
  // An engine script by its name, as the diagrams and the step narration write it.
  const next = storing
    .map((a) => `${a.name}'s next command, ${a.pending ? shownCommand(a.pending) : ''},`)
    .join(' and ');
  return ` ${next} ${storing.length === 1 ? 'stores' : 'store'} it again: a read whose GET comes before ${storing.length === 1 ? 'it' : 'them'} ${misses}.`;
}

/** What Redis holds now at a user's key, judged against the row (empty: not said). */
export function copyText(key: string, snap: SimSnapshot, isYourRead: boolean): string {
  const entry = snap.cache.find((e) => e.key === key);
  if (!entry) return ` Redis holds no ${key} now.`;
  const judged = judgedCopy(entry, snap);
  if (judged !== null) return ` Redis now holds ${key} ${judged}.`;
  // What our read paths make of it; a learner's path does what its code does.
  if (entry.type !== 'string')
    return ` Redis now holds ${typeText(entry.type)} at ${key}, not its row${isYourRead ? '.' : ": a read's GET of it fails (WRONGTYPE), so the read deletes it, reads the database and fills the key as its miss path does."}`;
  return ` Redis now holds a value at ${key} that is not its row${isYourRead ? '.' : ': a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does.'}`;
}

/** A key's type in words, after "holds": "a hash", "a value of another type". */
const typeText = (type: CacheEntry['type']): string =>
  type === 'hash' || type === 'list' || type === 'set' ? `a ${type}` : 'a value of another type';

/**
 * A cached copy against its row ("at version 1, older than the row's version 2"), in the order
 * the Redis panel's STALE badge judges it (`FreshnessBadges`): a copy STALE by its fields or by a
 * row set back is not older than the row. Null: not a row.
 */
function judgedCopy(entry: CacheEntry, snap: SimSnapshot): string | null {
  if (entry.version === null) return null;
  const id = Number(entry.key.slice('user:'.length));
  const row = snap.db.find((r) => r.id === id);
  const at = `at version ${entry.version}`;
  const rows = row ? ` version ${row.version}` : ' row';
  if (entry.otherUserId !== undefined)
    return `as user ${entry.otherUserId}'s row (version ${entry.version}), not a copy of user ${id}'s: STALE`;
  if (entry.isRowDeleted) return `${at}, a copy of a row the database no longer holds: STALE`;
  if (entry.isSetBack) return `${at}, newer than the database's${rows}, which was set back: STALE`;
  if (entry.isUnlikeRow) return `${at}, with other fields than the row's: STALE`;
  if (entry.isStale) return `${at}, older than the database's${rows}: STALE`;
  if (entry.isAhead) return `${at}, newer than the database's${rows}`;
  return `${at}, the database's current row`;
}

/** The cached copies of rows that no longer match their row, in the Redis panel's order. */
export const staleCopies = (snap: SimSnapshot): CacheEntry[] =>
  snap.cache.filter(
    (e) => USER_KEY.test(e.key) && (e.isStale || e.isRowDeleted === true || e.isUnlikeRow === true),
  );

/**
 * The cached copies that no longer match their row, said after the database changed, and the
 * copies ahead of their row (write-behind's, badged AHEAD), which differ from it too.
 */
export function staleCopiesText(snap: SimSnapshot): string {
  const stale = staleCopies(snap);
  const ahead = snap.cache.filter((e) => USER_KEY.test(e.key) && e.isAhead && !stale.includes(e));
  if (stale.length === 0 && ahead.length === 0) return ' No cached copy differs from its row.';
  // A copy of a deleted row (a DELETE, a DROP TABLE) has no row to match: said as its badge says.
  const gone = stale.filter((e) => e.isRowDeleted === true);
  const differing = stale.filter((e) => e.isRowDeleted !== true);
  const them = (copies: readonly CacheEntry[]) => (copies.length === 1 ? 'it' : 'them');
  const differingText =
    differing.length === 0
      ? ''
      : ` Redis holds ${differing.length === 1 ? 'a copy' : 'copies'} that no longer ${differing.length === 1 ? 'matches its row' : 'match their rows'}: ${keyList(differing.map((e) => e.key))}; a read that hits ${them(differing)} is STALE.`;
  const goneText =
    gone.length === 0
      ? ''
      : ` Redis holds ${gone.length === 1 ? 'a copy of a row' : 'copies of rows'} the database no longer holds: ${keyList(gone.map((e) => e.key))}; a read that hits ${them(gone)} is STALE.`;
  return `${differingText}${goneText}${ahead.map((e) => aheadCopyText(e, snap)).join('')}`;
}

/** A copy ahead of its row: a write still on its way to the database, or one none will commit. */
function aheadCopyText(entry: CacheEntry, snap: SimSnapshot): string {
  const why = entry.isNeverCommitted
    ? 'no write on its way will bring the database to it, so a read that hits it is STALE'
    : 'the cache holds a write not yet in the database (AHEAD), and a read that hits it is not stale';
  return ` Redis holds ${entry.key} ${judgedCopy(entry, snap) ?? 'ahead of its row'}: ${why}.`;
}
