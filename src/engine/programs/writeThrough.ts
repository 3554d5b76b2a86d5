import type { UserChanges, UserRow } from '../database';
import { storeIfNewer, viaCache } from './cacheLayer';
import { cacheKey, updateUser, writeResult, type ProgramContext } from './steps';
import type { Program, WriteResult } from './types';

/**
 * The write-through write path. The application hands the write to the cache; the cache writes
 * the database first (UPDATE, synchronously) and then stores the new row (SET ... EX) before it
 * acknowledges, so a read after the write finds the new row in the cache.
 */
export function* writeThrough(
  id: number,
  changes: UserChanges,
  { settings }: ProgramContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  const row = (yield viaCache(updateUser('update', id, changes))) as UserRow | null;
  if (row === null) return writeResult(id, null, false);
  try {
    yield viaCache(storeIfNewer('store', key, row, settings.ttlSeconds));
  } catch {
    // The database has the write; the cache could not take the new row and may keep the old one.
    return writeResult(id, row, true);
  }
  return writeResult(id, row, false);
}
