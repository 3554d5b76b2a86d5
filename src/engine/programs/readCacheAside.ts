import type { UserRow } from '../database';
import {
  cacheErrorNote,
  cacheKey,
  corruptionOf,
  corruptNote,
  corruptResult,
  hitResult,
  expiry,
  getUserStep,
  readResult,
  redis,
  selectUser,
  type ProgramContext,
} from './steps';
import type { Program, ReadResult } from './types';

/** The cache-aside read path: GET; on a miss SELECT, then SET ... EX; on a hit, no database. */
export function* readCacheAside(id: number, { settings }: ProgramContext): Program<ReadResult> {
  const key = cacheKey(id);
  try {
    const cached = (yield getUserStep(id)) as string | null;
    if (cached !== null) {
      const problem = corruptionOf(id, cached);
      if (problem === null) return hitResult(id, cached);
      // Not a row this application wrote: a corrupt entry. Log it, read the database.
      const row = (yield selectUser('corrupt', id, corruptNote(key, problem))) as UserRow | null;
      return corruptResult(id, row, problem);
    }
  } catch (e) {
    // Redis is unreachable or refused the command: degrade to the database, slower but correct.
    const row = (yield selectUser('fallback', id, cacheErrorNote(key, e))) as UserRow | null;
    return readResult(id, row, false, null, true);
  }
  const row = (yield selectUser('select', id)) as UserRow | null;
  if (row === null) return readResult(id, null, false, null);
  try {
    yield redis('set', 'SET', key, JSON.stringify(row), ...expiry(settings.ttlSeconds));
  } catch {
    return readResult(id, row, false, null, true);
  }
  return readResult(id, row, false, row.version);
}
