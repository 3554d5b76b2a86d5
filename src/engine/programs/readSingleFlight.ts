import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  discardNote,
  hitResult,
  expiry,
  noted,
  pause,
  readResult,
  redis,
  selectUser,
  withCorruption,
  wrongTypeOf,
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
  // Why an entry found cannot be used (a corrupt entry), once one was.
  let problem: string | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      let found: string | null = null;
      try {
        const cached = (yield redis('get', 'GET', key)) as string | null;
        if (cached !== null) {
          found = corruptionOf(id, cached);
          if (found === null) return hitResult(id, cached);
        }
      } catch (e) {
        found = wrongTypeOf(e);
        if (found === null) throw e;
      }
      if (found !== null) {
        // Not a row this application wrote: log it, delete it and go on as a miss, which takes
        // the lock, so one reader refills. The DEL can only make a miss: a refill that raced
        // it is gone, and the next read locks and refills again from the database.
        problem = found;
        yield noted(redis('discard', 'DEL', key), discardNote(key, found));
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
        return withCorruption(readResult(id, row, false, filledVersion, hadCacheError), problem);
      }
    } catch (e) {
      const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
      return withCorruption(readResult(id, row, false, null, true), problem);
    }
    if (attempt >= settings.maxRetries) {
      const row = (yield selectUser('give-up', id)) as UserRow | null;
      return withCorruption(readResult(id, row, false, null), problem);
    }
    yield pause('wait', settings.retryDelayMs, 'lock');
  }
}
