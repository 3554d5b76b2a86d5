import type { UserRow } from './database';
import { storedBy } from './commandLog';
import { copyDiff, NO_SUCH_COLUMN, type FieldDiff } from './copyDiff';
import { isTombstone } from './fillTracker';
import { userIdOfKey } from './programs/steps';
import { rowIdOf } from './rowVersion';
import type { CacheEntry, SimSnapshot } from './simSnapshot';

/**
 * How a cached entry left behind compares with the database, for the judges that look at what a
 * finished run left in the cache (the challenges' checker and the interleaving explorer): they
 * must agree on it.
 */

/** The database row a cached entry is a copy of: by its key (`user:<id>`), else by its JSON. */
function rowOf(snap: SimSnapshot, entry: CacheEntry): UserRow | undefined {
  const id = userIdOfKey(entry.key) || rowIdOf(entry.value);
  return snap.db.find((r) => r.id === id);
}

/**
 * The fields in which a cached copy (a string of JSON, or a hash: its fields as JSON) at its
 * row's version differs from the row, by the judgement behind the Redis panel's STALE badge and
 * its table of differing fields (`copyDiff`): a field the copy leaves out (`updated_at` too,
 * except under write-behind) or one the row has no column for differs.
 */
function unlikeFields(snap: SimSnapshot, entry: CacheEntry, row: UserRow): FieldDiff[] {
  const type = entry.type === 'hash' ? 'hash' : 'string';
  return copyDiff(entry.value, row.id, row, snap.config.pattern, type)?.fields ?? [];
}

/**
 * A cached user row the database never had: a version ahead of the row's (once nothing is left
 * to flush it), or the row's own version with other contents (a read path that changed the row
 * before caching it, or cached only some of its fields; a console SET or HSET).
 */
export function isAlteredCopy(snap: SimSnapshot, entry: CacheEntry): boolean {
  // A tombstone (versioned fill's writer leaves one in place of the row) holds no row at all.
  if (entry.version === null || (entry.type !== 'string' && entry.type !== 'hash')) return false;
  if (isTombstone(entry.value)) return false;
  if (entry.isAhead) return true;
  const row = rowOf(snap, entry);
  if (!row || entry.version !== row.version) return false;
  return unlikeFields(snap, entry, row).length > 0;
}

/**
 * Said after what is wrong with an entry when the console stored it (by the command log): the
 * programs did not leave it, whatever it holds.
 */
function byHand(snap: SimSnapshot, entry: CacheEntry): string {
  const type = entry.type === 'hash' ? 'hash' : 'string';
  const storer = storedBy(snap.redisLog, entry.key, entry.value, type);
  return storer?.actor === 'console' && storer.isScript !== true
    ? ' The console set that copy by hand.'
    : '';
}

/**
 * What is wrong with the cache a finished run left (null: every cached row is its database row
 * as it is): a stale entry first, else a row the database never had, said with the versions and
 * the fields that differ, cached value against the row's.
 */
export function cacheLeftWrong(snap: SimSnapshot): string | null {
  // Another user's row is no copy of the key's row at any version: said as whose it is.
  const other = snap.cache.find((e) => e.otherUserId !== undefined);
  if (other)
    return `The cache is left holding ${other.key} as user ${other.otherUserId}'s row (version ${other.version}), not a copy of user ${userIdOfKey(other.key)}'s.${byHand(snap, other)}`;
  // A copy at its row's version with other values is told below, field by field.
  const stale = snap.cache.find((e) => e.isStale && e.isUnlikeRow !== true);
  if (stale) {
    const row = rowOf(snap, stale);
    const held = `The cache is left holding ${stale.key} at version ${stale.version} while the database has version ${row?.version ?? '?'}`;
    // A copy set with no expiry has no TTL to end it.
    return (
      (stale.ttlMs < 0
        ? `${held}, with no TTL: stale until a write deletes it or it is evicted.`
        : `${held}: stale until the TTL.`) + byHand(snap, stale)
    );
  }
  const altered = snap.cache.find((e) => isAlteredCopy(snap, e));
  if (!altered) return null;
  const row = rowOf(snap, altered);
  const head = `The cache is left holding ${altered.key} as a row the database never had`;
  const by = byHand(snap, altered);
  if (!row) return `${head} (version ${altered.version}; the database holds no such row).${by}`;
  if (altered.version !== row.version)
    return `${head}: version ${altered.version}, a version the database never committed (it has version ${row.version}).${by}`;
  const fields = unlikeFields(snap, altered, row);
  const cached = fields.map((f) => `${f.field} ${f.cached === '(missing)' ? 'missing' : f.cached}`);
  const inRow = fields.map((f) =>
    f.row === NO_SUCH_COLUMN ? `no ${f.field} column` : `${f.field} ${f.row}`,
  );
  return `${head}: version ${altered.version} with ${cached.join(', ')}, where the database has version ${row.version} with ${inRow.join(', ')}.${by}`;
}
