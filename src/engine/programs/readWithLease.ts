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
import { RELEASE_IF_HELD } from './readSingleFlight';

/**
 * Fill only while our lease still holds, atomically: a writer's DEL removes the lease with the
 * value, so a fill that read the row before that write is refused (Memcache leases, NSDI 2013).
 */
export const FILL_IF_LEASE_HOLDS =
  "if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], unpack(ARGV, 3)); redis.call('DEL', KEYS[2]); return 1 end return 0";

/**
 * Read with a lease: on a miss take a token (SET NX PX). Only the holder queries the database
 * and fills; everyone else waits and retries, so a hot key costs one SELECT, not a stampede.
 */
export function* readWithLease(
  id: number,
  { settings, token }: ProgramContext,
): Program<ReadResult> {
  const key = cacheKey(id);
  const leaseKey = `lease:${key}`;
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
        // Not a row this application wrote: log it, delete it and go on as a miss, lease and
        // all (a SET over it would skip the lease). The DEL can only make a miss: a fill that
        // raced it under its own lease is gone, and the next read takes a lease and refills.
        problem = found;
        yield noted(redis('discard', 'DEL', key), discardNote(key, found));
      }
      const granted = yield redis(
        'lease',
        'SET',
        leaseKey,
        token,
        'NX',
        'PX',
        String(settings.leaseMs),
      );
      if (granted === 'OK') {
        const row = (yield selectUser('select', id)) as UserRow | null;
        if (row === null) {
          // Nothing to fill, but the lease still goes, only while it holds our token
          // (RELEASE_IF_HELD, readSingleFlight.ts, as single flight releases its lock): held, it
          // would keep every other reader of this id waiting until it expires.
          yield redis('release', 'EVAL', RELEASE_IF_HELD, '1', leaseKey, token);
          return withCorruption(readResult(id, null, false, null), problem);
        }
        const args = [JSON.stringify(row), ...expiry(settings.ttlSeconds)];
        try {
          const filled = yield redis(
            'fill',
            'EVAL',
            FILL_IF_LEASE_HOLDS,
            '2',
            key,
            leaseKey,
            token,
            ...args,
          );
          return withCorruption(
            readResult(id, row, false, filled === 1 ? row.version : null),
            problem,
          );
        } catch {
          // The row is read: a fill that fails (out of memory, Redis gone) costs the cache, not
          // the read (no second SELECT); the lease it would have deleted still goes.
          try {
            yield redis('release', 'EVAL', RELEASE_IF_HELD, '1', leaseKey, token);
          } catch {
            // Unreachable too: the lease expires on its own.
          }
          return withCorruption(readResult(id, row, false, null, true), problem);
        }
      }
    } catch (e) {
      const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
      return withCorruption(readResult(id, row, false, null, true), problem);
    }
    if (attempt >= settings.maxRetries) {
      // Waited long enough: answer from the database without filling.
      const row = (yield selectUser('give-up', id)) as UserRow | null;
      return withCorruption(readResult(id, row, false, null), problem);
    }
    yield pause('wait', settings.retryDelayMs, 'lease');
  }
}
