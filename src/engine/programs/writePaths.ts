import type { UserChanges, UserRow } from '../database';
import type { ReadMitigation } from './catalog';
import { invalidation } from './invalidation';
import { FILL_IF_NEWER } from './readVersionedFill';
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

/**
 * update-cache: UPDATE, then SET the new row. Two writers can finish out of order, and a plain
 * SET lets the older row land last. Under versioned fills the row goes in as a reader's fill
 * does, by the script that stores it only over an older version, so the late writer is refused.
 */
export function* writeUpdateCache(
  id: number,
  changes: UserChanges,
  ctx: WriteContext,
): Program<WriteResult> {
  const key = cacheKey(id);
  const row = (yield updateUser('update', id, changes)) as UserRow | null;
  if (row === null) return writeResult(id, null, false);
  const json = JSON.stringify(row);
  const ttl = expiry(ctx.settings.ttlSeconds);
  try {
    if (ctx.mitigation === 'versioned-fill')
      yield redis('store', 'EVAL', FILL_IF_NEWER, '1', key, json, String(row.version), ...ttl);
    else yield redis('set', 'SET', key, json, ...ttl);
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
  let isLostAgain = false;
  try {
    yield invalidation('del-again', key, row, ctx.mitigation, ctx.settings);
  } catch {
    isLostAgain = true;
  }
  const result = writeResult(id, row, isLost || isLostAgain);
  // One DEL of the two failing still removed the key once: the write did remove a copy.
  return isLost !== isLostAgain ? { ...result, isPartlyInvalidated: true } : result;
}
