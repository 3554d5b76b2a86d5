import type { UserChanges, UserRow } from '../database';
import type { ReadMitigation } from './catalog';
import { invalidation } from './invalidation';
import {
  cacheKey,
  expiry,
  pause,
  redis,
  updateUser,
  writeResult,
  type ProgramContext,
} from './steps';
import type { Program, WriteResult } from './types';

export interface WriteContext extends ProgramContext {
  mitigation: ReadMitigation;
}

/**
 * invalidate (recommended): UPDATE the database, then invalidate the key (a DEL; under a read
 * mitigation, as `invalidation` says); the next read refills.
 */
export function* writeInvalidate(
  id: number,
  changes: UserChanges,
  ctx: WriteContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  try {
    yield invalidation('del', key, row, ctx.mitigation, ctx.settings);
  } catch {
    return writeResult(id, row, true); // not invalidated: the old value stays until its TTL
  }
  return writeResult(id, row, false);
}

/** update-cache: UPDATE, then SET the new row. Two writers can finish out of order. */
export function* writeUpdateCache(
  id: number,
  changes: UserChanges,
  ctx: WriteContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  if (row === null) return writeResult(id, null, false);
  try {
    yield redis('set', 'SET', key, JSON.stringify(row), ...expiry(ctx.settings.ttlSeconds));
  } catch {
    return writeResult(id, row, true);
  }
  return writeResult(id, row, false);
}

/** ttl-only: UPDATE and nothing else; the cache catches up when the entry expires. */
export function* writeTtlOnly(id: number, changes: UserChanges): Program<WriteResult> {
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  return writeResult(id, row, false, false);
}

/** delete-first: DEL, then UPDATE. A read between the two refills the old row. */
export function* writeDeleteFirst(
  id: number,
  changes: UserChanges,
  _ctx: WriteContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  let isLost = false;
  try {
    yield redis('del', 'DEL', key);
  } catch {
    isLost = true;
  }
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  return writeResult(id, row, isLost);
}

/** double-delete: DEL, UPDATE, wait, DEL again to remove what a racing reader filled. */
export function* writeDoubleDelete(
  id: number,
  changes: UserChanges,
  ctx: WriteContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  let isLost = false;
  try {
    yield redis('del-first', 'DEL', key);
  } catch {
    isLost = true;
  }
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  yield pause('wait', ctx.settings.doubleDeleteDelayMs);
  try {
    yield invalidation('del-again', key, row, ctx.mitigation, ctx.settings);
  } catch {
    return writeResult(id, row, true);
  }
  return writeResult(id, row, isLost);
}
