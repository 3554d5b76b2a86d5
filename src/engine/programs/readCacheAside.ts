import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  discardNote,
  hitResult,
  expiry,
  getUserStep,
  noted,
  readResult,
  redis,
  selectUser,
  withCorruption,
  wrongTypeOf,
  type ProgramContext,
} from './steps';
import type { Program, ReadResult } from './types';

/** The cache-aside read path: GET; on a miss SELECT, then SET ... EX; on a hit, no database. */
export function* readCacheAside(id: number, { settings }: ProgramContext): Program<ReadResult> {
  const key = cacheKey(id);
  // Why the entry found cannot be used (a corrupt entry), when it cannot.
  let problem: string | null = null;
  try {
    try {
      const cached = (yield getUserStep(id)) as string | null;
      if (cached !== null) {
        problem = corruptionOf(id, cached);
        if (problem === null) return hitResult(id, cached);
      }
    } catch (e) {
      problem = wrongTypeOf(e);
      if (problem === null) throw e;
    }
    // Not a row this application wrote: log it and delete it, then go on as a miss, whose fill
    // puts the row back (left there, every read would miss on it until its TTL). A DEL can only
    // make a miss, never a stale value: a racing reader's fresh fill it removes is read again
    // from the database by the next read.
    if (problem !== null) yield noted(redis('discard', 'DEL', key), discardNote(key, problem));
  } catch (e) {
    // Redis is unreachable or refused the command: degrade to the database, slower but correct.
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
  const row = (yield selectUser('select', id)) as UserRow | null;
  if (row === null) return withCorruption(readResult(id, null, false, null), problem);
  try {
    yield redis('set', 'SET', key, JSON.stringify(row), ...expiry(settings.ttlSeconds));
  } catch {
    return withCorruption(readResult(id, row, false, null, true), problem);
  }
  return withCorruption(readResult(id, row, false, row.version), problem);
}
