import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  discardNote,
  hitResult,
  expiry,
  noted,
  readResult,
  redis,
  selectUser,
  withCorruption,
  wrongTypeOf,
  type ProgramContext,
} from './steps';
import type { Program, ReadResult } from './types';

/**
 * Read with early refresh (XFetch): on a hit, refresh before expiry with probability
 * exp(-remaining / (beta * delta)), so one reader renews a hot key before its TTL runs out.
 */
export function* readEarlyRefresh(id: number, ctx: ProgramContext): Program<ReadResult> {
  const { settings } = ctx;
  const key = cacheKey(id);
  let hadCacheError = false;
  let note: string | undefined;
  // Why the entry found cannot be used (a corrupt entry), when it cannot.
  let problem: string | null = null;
  try {
    try {
      const cached = (yield redis('get', 'GET', key)) as string | null;
      if (cached !== null) {
        problem = corruptionOf(id, cached);
        if (problem === null) {
          let remainingMs: number;
          try {
            remainingMs = (yield redis('pttl', 'PTTL', key)) as number;
          } catch {
            // The GET already served the row: a PTTL that cannot reach Redis only means no
            // early refresh (falling back to the database here read the row again, for a hit).
            return hitResult(id, cached);
          }
          const gap = -settings.xfetchDeltaMs * settings.xfetchBeta * Math.log(1 - ctx.random());
          if (remainingMs < 0 || gap < remainingMs) return hitResult(id, cached);
        }
      }
    } catch (e) {
      problem = wrongTypeOf(e);
      if (problem === null) throw e;
    }
    // Not a row this application wrote: log it and delete it, then go on as a miss, whose fill
    // puts the row back. A DEL can only make a miss, never a stale value: a racing reader's
    // fresh fill it removes is read again from the database by the next read.
    if (problem !== null) yield noted(redis('discard', 'DEL', key), discardNote(key, problem));
  } catch (e) {
    hadCacheError = true;
    note = cacheErrorNote(key, e);
  }
  const row = (yield selectUser('select', id, note)) as UserRow | null;
  if (row === null || hadCacheError)
    return withCorruption(readResult(id, row, false, null, hadCacheError), problem);
  try {
    yield redis('set', 'SET', key, JSON.stringify(row), ...expiry(settings.ttlSeconds));
  } catch {
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
  return withCorruption(readResult(id, row, false, row.version), problem);
}
