import type { CacheLogEntry } from './commandLog';
import type { SimAction } from './simAction';
import type { SimSnapshot } from './simSnapshot';
import { seedRow } from './userSeed';

/**
 * What a challenge's check asks of every key besides the one its request names (another user's
 * copy is left as it was), and of every key the code leaves behind (it expires).
 */

/** The user whose cached row every check starts with, beside user 1's requests. */
const OTHER_ID = 2;
const OTHER_KEY = `user:${OTHER_ID}`;
const OTHER_COPY = JSON.stringify(seedRow(OTHER_ID));
/** The console's connection: what the check puts in Redis is nobody's code. */
const CONSOLE = 'console';

/**
 * Caches user 2's row before a check's requests. With nothing else in Redis, a path that ran
 * FLUSHALL, deleted user:1 to user:10, or wrote junk into user:2 left no trace the check saw, and
 * passed.
 */
export const CACHE_OTHER_USER: SimAction = {
  type: 'redis',
  actor: CONSOLE,
  argv: ['SET', OTHER_KEY, OTHER_COPY, 'EX', '3600'],
};

/** Whether a key is a user's copy (`user:` and the id in plain decimal, as the panels judge it). */
const isUserKey = (key: string): boolean => /^user:(0|[1-9]\d*)$/.test(key);

/** The last command of the learner's actors that reached `key` (a FLUSHALL reaches every key). */
function lastTouch(snap: SimSnapshot, key: string): CacheLogEntry | undefined {
  return snap.redisLog.findLast(
    (e) =>
      e.actor !== CONSOLE &&
      e.error === undefined &&
      (/^FLUSH(ALL|DB)$/i.test(e.argv[0] ?? '') ||
        e.argv.includes(key, 1) ||
        (e.changed?.includes(key) ?? false)),
  );
}

const byCommand = (entry: CacheLogEntry | undefined): string =>
  entry === undefined ? '' : ` (${entry.actor}'s ${entry.argv[0].toUpperCase()})`;

/**
 * A path of user `id` that deleted, changed or wrote another user's key: one user's read or write
 * must leave every other user's copy as it found it. Null when it did not.
 */
export function otherUserTouched(snap: SimSnapshot, id: number, who: string): string | null {
  const leave = `a ${who.includes('write') ? 'write' : 'read'} of user ${id} must leave every other user's copy as it found it: name cacheKey(id) only.`;
  const kept = snap.cache.find((e) => e.key === OTHER_KEY);
  if (kept === undefined)
    return `${who} deleted ${OTHER_KEY}, user ${OTHER_ID}'s cached row${byCommand(lastTouch(snap, OTHER_KEY))}: ${leave}`;
  if (kept.type !== 'string' || kept.value !== OTHER_COPY)
    return `${who} changed ${OTHER_KEY}, user ${OTHER_ID}'s cached row${byCommand(lastTouch(snap, OTHER_KEY))}: ${leave}`;
  const other = snap.cache.find(
    (e) => isUserKey(e.key) && e.key !== OTHER_KEY && e.key !== `user:${id}`,
  );
  if (other)
    return `${who} wrote ${other.key}, another user's key${byCommand(lastTouch(snap, other.key))}: ${leave}`;
  return null;
}
/**
 * User `id`'s copy left with no TTL, or one longer than `ctx.ttlSeconds`: the TTL is what ends a
 * stale copy that a race the check does not play (a DEL lost while Redis was down) leaves. Null
 * when it has one in bounds, or is not cached.
 */
export function untimedCopy(snap: SimSnapshot, id: number, who: string): string | null {
  const own = `user:${id}`;
  const ttlSeconds = snap.config.settings.ttlSeconds;
  const copy = snap.cache.find((e) => e.key === own);
  if (copy && copy.ttlMs < 0)
    return `${who} left ${own} cached with no TTL: a copy no write deletes (one whose DEL was lost while Redis was down) is then served for good. Set it with ...expiry(ctx), which gives it ctx.ttlSeconds (${ttlSeconds} s here).`;
  if (copy && copy.ttlMs > ttlSeconds * 1000)
    return `${who} left ${own} cached for ${Math.ceil(copy.ttlMs / 1000).toLocaleString('en-US')} s, longer than ctx.ttlSeconds (${ttlSeconds} s): the TTL bounds how long a stale copy is served. Set it with ...expiry(ctx).`;
  return null;
}

/**
 * A key a read path left in Redis with no TTL besides the copy (a lock, a counter used as one):
 * it is never freed if its owner stops, and a counter never reset makes no later reader the
 * first. Null when there is none.
 */
export function untimedLock(snap: SimSnapshot, id: number, who: string): string | null {
  const left = snap.cache.find((e) => e.key !== `user:${id}` && e.key !== OTHER_KEY && e.ttlMs < 0);
  if (left)
    return `${who} left ${left.key} in Redis with no TTL: a lock or a counter that never expires outlives the request that set it (a lock is never freed if its owner stops). Give it one (SET key value NX PX ctx.leaseMs), or delete it once done.`;
  return null;
}
