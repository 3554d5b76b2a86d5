import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  corruptNote,
  corruptResult,
  hitResult,
  expiry,
  readResult,
  redis,
  selectUser,
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
  try {
    const cached = (yield redis('get', 'GET', key)) as string | null;
    if (cached !== null) {
      const problem = corruptionOf(id, cached);
      if (problem !== null) {
        // Not a row this application wrote: a corrupt entry. Log it, read the database.
        const row = (yield selectUser('corrupt', id, corruptNote(key, problem))) as UserRow | null;
        return corruptResult(id, row, problem);
      }
      let remainingMs: number;
      try {
        remainingMs = (yield redis('pttl', 'PTTL', key)) as number;
      } catch {
        // The GET already served the row: a PTTL that cannot reach Redis only means no early
        // refresh (falling back to the database here read the row again, for a hit).
        return hitResult(id, cached);
      }
      const gap = -settings.xfetchDeltaMs * settings.xfetchBeta * Math.log(1 - ctx.random());
      if (remainingMs < 0 || gap < remainingMs) return hitResult(id, cached);
    }
  } catch (e) {
    hadCacheError = true;
    note = cacheErrorNote(key, e);
  }
  const row = (yield selectUser('select', id, note)) as UserRow | null;
  if (row === null || hadCacheError) return readResult(id, row, false, null, hadCacheError);
  try {
    yield redis('set', 'SET', key, JSON.stringify(row), ...expiry(settings.ttlSeconds));
  } catch {
    return readResult(id, row, false, null, true);
  }
  return readResult(id, row, false, row.version);
}
