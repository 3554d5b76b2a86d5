import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  corruptNote,
  corruptResult,
  hitResult,
  expiry,
  pause,
  readResult,
  redis,
  selectUser,
  type ProgramContext,
} from './steps';
import type { Program, ReadResult } from './types';

/**
 * Release a lock (or lease) only while it still holds our token, atomically: a plain DEL, sent
 * after our lock expired and another reader took it, would free that reader's lock. Replies 1
 * (released our own) or 0 (no longer ours: left alone). As Redis' docs for SET NX PX locks advise.
 */
export const RELEASE_IF_HELD =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * Read with single flight: on a miss, one reader takes a lock (SET NX PX) and refills; the others
 * wait and read the refilled value, so an expiring hot key does not send a herd to the database.
 */
export function* readSingleFlight(
  id: number,
  { settings, token }: ProgramContext,
): Program<ReadResult> {
  const key = cacheKey(id);
  const lockKey = `lock:${key}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const cached = (yield redis('get', 'GET', key)) as string | null;
      if (cached !== null) {
        const problem = corruptionOf(id, cached);
        if (problem === null) return hitResult(id, cached);
        // Not a row this application wrote: a corrupt entry. Log it, read the database.
        const row = (yield selectUser('corrupt', id, corruptNote(key, problem))) as UserRow | null;
        return corruptResult(id, row, problem);
      }
      const locked = yield redis(
        'lock',
        'SET',
        lockKey,
        token,
        'NX',
        'PX',
        String(settings.leaseMs),
      );
      if (locked === 'OK') {
        const row = (yield selectUser('select', id)) as UserRow | null;
        // The row is read: a fill or a release that fails now costs the cache, not the read (no
        // second SELECT). No row: nothing to cache, but the lock still goes, as it does when the
        // fill fails: held, it would keep every other reader of this id waiting until it expires.
        let filledVersion: number | null = null;
        let hadCacheError = false;
        if (row !== null)
          try {
            yield redis('set', 'SET', key, JSON.stringify(row), ...expiry(settings.ttlSeconds));
            filledVersion = row.version;
          } catch {
            hadCacheError = true;
          }
        try {
          yield redis('unlock', 'EVAL', RELEASE_IF_HELD, '1', lockKey, token);
        } catch {
          hadCacheError = true;
        }
        return readResult(id, row, false, filledVersion, hadCacheError);
      }
    } catch (e) {
      const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
      return readResult(id, row, false, null, true);
    }
    if (attempt >= settings.maxRetries) {
      const row = (yield selectUser('give-up', id)) as UserRow | null;
      return readResult(id, row, false, null);
    }
    yield pause('wait', settings.retryDelayMs, 'lock');
  }
}
