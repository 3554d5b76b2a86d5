import type { CacheEntry } from '../engine/simSnapshot';
import { formatDuration } from './format';
import { useSandbox } from './storeContext';

/**
 * Whether a cached copy is behind its database row (STALE), is another user's row (STALE · user
 * 6's row), outlives a deleted row (STALE · row deleted), is newer than a row the console set back (STALE · row set back) or is ahead of it
 * (AHEAD: a write on its way; AHEAD · never committed: no write of the row is on its way to
 * commit it), in words as well as colour; nothing while the versions agree.
 */
export function FreshnessBadges({ entry: e }: { entry: CacheEntry }) {
  const isWriteBehind = useSandbox((s) => s.config.pattern === 'write-behind');
  return (
    <>
      {e.isStale && (
        <span
          className="badge badge-stale"
          title={
            e.otherUserId !== undefined
              ? `The value is user ${e.otherUserId}'s row, not a copy of this key's row at any version (set by hand, or cached under the wrong key): the application's read path takes it for a corrupt entry`
              : e.isRowDeleted
                ? 'The database no longer holds this row (it was deleted): the cached copy outlives it'
                : e.isSetBack
                  ? 'The database row was set back to an older version than this copy: the copy holds a state the row no longer has'
                  : e.isUnlikeRow && e.isVersionReused
                    ? "The database row was set back to this copy's version in the SQL console, with other contents: the copy is an older state of the row, not the row (the table under it lists the fields that differ): a read that hits it is counted stale"
                    : e.isUnlikeRow
                      ? 'The cached copy has the version the database row has now, but is not that row: the table under it lists the fields that differ (set by hand, or cached so by your code: the database never had it at that version): a read that hits it is counted stale'
                      : 'The cached version is older than the database row'
          }
        >
          {e.otherUserId !== undefined
            ? `STALE · user ${e.otherUserId}'s row`
            : e.isRowDeleted
              ? 'STALE · row deleted'
              : e.isSetBack
                ? 'STALE · row set back'
                : 'STALE'}
        </span>
      )}
      {e.isAhead && (
        <span
          className="badge badge-ahead"
          title={
            e.isNeverCommitted
              ? `Version ${e.version} is newer than any version the database has committed for this row, and ${
                  isWriteBehind
                    ? 'no write of the row is on its way to the database (none is under way, queued or taken by the flusher): the copy was set by hand, or its write was lost with the queue'
                    : 'no write of this pattern puts a version in the cache before the database: the copy was set by hand, or by your code ahead of its UPDATE'
                }. It is not the database's row, so a read that hits it is counted stale`
              : 'The cached version is newer than the database row: a write the database does not have yet'
          }
        >
          {e.isNeverCommitted ? 'AHEAD · never committed' : 'AHEAD'}
        </span>
      )}
    </>
  );
}

/** The key's remaining TTL on the virtual clock ("none" for a key without expiry). */
export function KeyTtl({ entry: e }: { entry: CacheEntry }) {
  return (
    <span className="ttl" aria-label={`TTL of ${e.key}`}>
      TTL {e.ttlMs < 0 ? 'none' : formatDuration(e.ttlMs)}
    </span>
  );
}
