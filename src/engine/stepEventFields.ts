import { holdEndOf, storedBy, storerOf, wasEvictedAfterStoring } from './commandLog';
import { uncarriedFields } from './copyDiff';
import type { Database } from './database';
import { describeCommand, describeNamedScript, describeReply } from './describe';
import { FILL_IF_NEWER, isTombstone } from './programs/readVersionedFill';
import { FILL_IF_LEASE_HOLDS } from './programs/readWithLease';
import { cacheKey, userIdOfKey } from './programs/steps';
import type { ProgramSettings, RedisStep, Step } from './programs/types';
import { queuedWriteOf } from './programs/writeBehind';
import { fieldsUnlikeRow } from './readChecker';
import { refreshRefusalOf, removerOf } from './refreshRefusal';
import { rowIdOf, versionOf } from './rowVersion';
import type { Runtime } from './runtime';
import type { SimConfig } from './simConfig';
import { EXEC_RAN_SHOWN, rowVersionOf, type StepEvent } from './stepEvent';
import { storedKeyOf, storedValueOf } from './storedValue';
import { versionedKeyFound, type VersionedKeyFound } from './versionedInvalidation';

// What a step's event (or a console line's) tells beyond its command and reply, read from the
// keyspace, the command log and the cache layer's ledger as the step ran: the keys it evicted,
// whose lock it removed, what a failed write left in the cache, why a fill or refresh was refused.

/**
 * How a hit's copy is not its row: fields other than the row's at its version, or another user's
 * row. By the checker's rule ({@link fieldsUnlikeRow}, the Redis panel's), so the sentence, the
 * STALE badge and the stale-read count agree.
 */
export function otherFieldsOf(
  db: Database,
  id: number,
  reply: unknown,
  pattern: SimConfig['pattern'],
): Pick<StepEvent, 'otherFields' | 'otherUserId'> {
  if (typeof reply !== 'string') return {};
  const { otherUserId, fields } = fieldsUnlikeRow(reply, id, db, pattern);
  if (otherUserId !== undefined) return { otherUserId };
  return fields.length > 0 ? { otherFields: fields } : {};
}

/** A hit's or fill's copy of a row value JSON could not carry ({@link uncarriedFields}). */
export function uncarriedOf(
  rt: Runtime,
  id: number,
  cachedJson: string | undefined,
): Pick<StepEvent, 'uncarried'> {
  // JSON makes an object of a BLOB and null of an infinite REAL: a copy with neither in it needs
  // no look at the row (a Step reads back only the rows it changed, and a hit changes none).
  if (cachedJson === undefined || id <= 0) return {};
  if (cachedJson.indexOf('{', 1) < 0 && !cachedJson.includes('null')) return {};
  const fields = uncarriedFields(cachedJson, rt.db.rowNow(id));
  return fields.length > 0 ? { uncarried: fields } : {};
}

/**
 * The keys the last `count` evictions removed, from the command log (they are logged just before
 * the command they made room for); fewer when the log keeps fewer.
 */
export function evictedBy(
  rt: Runtime,
  count: number,
): Pick<StepEvent, 'evicted' | 'evictedUnflushed'> {
  if (count <= 0) return {};
  const log = rt.cache.log;
  const keys: string[] = [];
  for (let i = log.length - 1; i >= 0 && keys.length < count && i >= log.length - count - 2; i--)
    if (log[i].isEviction === true) keys.unshift(String(log[i].argv[1]));
  if (keys.length === 0) return {};
  // Write-behind's copy of a write the database does not have yet: a later miss loads an older row.
  const unflushed =
    rt.config.pattern === 'write-behind'
      ? keys.filter((k) => userIdOfKey(k) > 0 && rt.ledger.hasPendingWrite(userIdOfKey(k), k))
      : [];
  return unflushed.length > 0 ? { evicted: keys, evictedUnflushed: unflushed } : { evicted: keys };
}

/**
 * What the cache holds of row `id` after a committed UPDATE whose request stopped before it
 * could touch the cache: no copy, or a copy of an older version, now stale (until the change
 * consumer's DEL under CDC, its expiry, or a delete).
 */
export async function copyLeftBy(rt: Runtime, id: number): Promise<string> {
  const key = cacheKey(id);
  const { value, type, pttl } = await rt.cache.peek(key);
  if (type === 'none') return `: the cache holds no copy of ${key}`;
  if (type !== 'string' || value === null) return '';
  const cached = versionOf(value);
  const committed = rt.db.committedVersion(id);
  if (!(cached > 0 && cached < committed)) return '';
  const isOwed = id < rt.fills.invalidationsPending.length && rt.fills.invalidationsPending[id] > 0;
  return (
    `: the cache still holds ${key} at version ${cached}, now stale` +
    (isOwed
      ? " until the change consumer's DEL removes it"
      : pttl > 0
        ? ' until it expires or is deleted'
        : ' until it is deleted')
  );
}

/**
 * The version of the row copy the cache holds at a write's key when its store of the new row or
 * its invalidation failed (0: none, a tombstone, another user's row, told apart, or another
 * value); nothing when not known (a real server).
 */
export function copyBeforeWriteOf(
  rt: Runtime,
  key: string,
): Pick<StepEvent, 'copyBeforeWrite' | 'otherRowBeforeWrite'> {
  const text = rt.cache.rowText(key);
  if (text === undefined) return {};
  if (text === null || isTombstone(text)) return { copyBeforeWrite: 0 };
  // Another user's row typed in by hand carries a version, but is no copy of this row. (A parse,
  // on a failed command only.)
  const rowId = rowIdOf(text);
  const isOtherUsers = rowId > 0 && rowId !== userIdOfKey(key);
  if (isOtherUsers)
    return {
      copyBeforeWrite: 0,
      otherRowBeforeWrite: { id: rowId, version: Math.max(0, versionOf(text)) },
    };
  return { copyBeforeWrite: Math.max(0, versionOf(text)) };
}

/**
 * A lease a write's failed command was to delete with the key (lease's invalidation): the token
 * it still holds, which lets its holder's fill through. Nothing when none is held, or not known.
 */
export function leaseLeftOf(rt: Runtime, argv: readonly string[]): Pick<StepEvent, 'leaseLeft'> {
  const leaseKey = argv.find((a) => a.startsWith('lease:'));
  if (leaseKey === undefined) return {};
  const token = rt.cache.rowText(leaseKey);
  return typeof token === 'string' ? { leaseLeft: { key: leaseKey, token } } : {};
}

/**
 * What a versioned invalidation that answered 0 kept at `key`, when it is no version of the row:
 * another user's row, or one newer than the database's; nothing otherwise, or not known.
 */
export function keptEntryOf(rt: Runtime, key: string): Pick<StepEvent, 'keptEntry'> {
  const text = rt.cache.rowText(key);
  const id = userIdOfKey(key);
  if (typeof text !== 'string' || isTombstone(text) || id <= 0) return {};
  const version = versionOf(text);
  const rowId = rowIdOf(text);
  if (rowId > 0 && rowId !== id) return { keptEntry: { version, otherUserId: rowId } };
  const databaseVersion = rt.db.committedVersion(id);
  return version > databaseVersion ? { keptEntry: { version, databaseVersion } } : {};
}

/** How many entries the flusher's LPOP took that are no write it can use (see `queuedWriteOf`). */
export function corruptTakenOf(reply: unknown): Pick<StepEvent, 'corruptTaken'> {
  const taken = Array.isArray(reply)
    ? (reply as unknown[])
    : typeof reply === 'string'
      ? [reply]
      : [];
  const corrupt = taken.filter(
    (t) => typeof t !== 'string' || typeof queuedWriteOf(t) === 'string',
  );
  return corrupt.length > 0 ? { corruptTaken: corrupt.length } : {};
}

/**
 * A lease's fill or a lock's release refused (0): how the request's own lease or lock came to be
 * gone, by the command log: evicted (Redis at its key limit), expired, or removed (by whom),
 * before anything else stored at its key. Nothing when the log does not tell it.
 */
export function holdGoneOf(
  rt: Runtime,
  step: Step,
  isRelease: boolean,
  token: string | undefined,
): Pick<StepEvent, 'isHoldEvicted' | 'holdEnd'> {
  if (step.target !== 'redis' || token === undefined) return {};
  const key = isRelease
    ? step.argv[3]
    : step.argv[0] === 'EVAL' && step.argv[1] === FILL_IF_LEASE_HOLDS
      ? step.argv[4]
      : undefined;
  if (key === undefined) return {};
  if (wasEvictedAfterStoring(rt.cache.log, key, token)) return { isHoldEvicted: true };
  const end = holdEndOf(rt.cache.log, key, token, rt.clock.nowMs);
  return end === undefined ? {} : { holdEnd: end };
}

/** A load behind a queued write: Redis down, or the copy gone, and by whom when the log shows it. */
export function behindQueueField(
  rt: Runtime,
  id: number,
): Pick<StepEvent, 'loadsBehindQueue' | 'copyRemovedBy'> {
  if (!rt.cache.isUp) return { loadsBehindQueue: 'unreachable' };
  const by = removerOf(rt.cache.log, cacheKey(id));
  return by === undefined
    ? { loadsBehindQueue: 'missing' }
    : { loadsBehindQueue: 'missing', copyRemovedBy: by };
}

/** Why a refresh-ahead reload was refused, when the keyspace and the log tell it. */
export function refreshRefusalField(rt: Runtime, key: string): Pick<StepEvent, 'refreshRefusal'> {
  const refusal = refreshRefusalOf(rt, key);
  return refusal === undefined ? {} : { refreshRefusal: refusal };
}

/**
 * The version of row `id`'s cached copy when it is older than `version` (the row's now), and
 * whether the change consumer owes its DEL; nothing for another user's row.
 */
export async function olderCopyOf(
  rt: Runtime,
  id: number,
  version: number,
): Promise<Pick<StepEvent, 'olderCopyVersion' | 'isInvalidationOwed'>> {
  const { value, type } = await rt.cache.peek(cacheKey(id));
  if (type !== 'string' || value === null) return {};
  const cached = versionOf(value);
  if (!(cached > 0 && cached < version)) return {};
  // Another user's row is no copy of this one, whatever its version (told by the stale fill).
  const rowId = rowIdOf(value);
  if (rowId > 0 && rowId !== id) return {};
  // Under CDC the flush's UPDATE is a change like any other: the consumer owes its DEL.
  const isOwed = id < rt.fills.invalidationsPending.length && rt.fills.invalidationsPending[id] > 0;
  return isOwed
    ? { olderCopyVersion: cached, isInvalidationOwed: true }
    : { olderCopyVersion: cached };
}

/**
 * The key of a command that removes one lock or lease key (`lock:...`, `lease:...`) without
 * checking whose it is: DEL, UNLINK or GETDEL of that key alone. Undefined otherwise.
 */
export function plainLockDelKey(argv: readonly string[]): string | undefined {
  if (argv.length !== 2 || !LOCK_REMOVERS.has(argv[0].toUpperCase())) return undefined;
  const key = argv[1];
  return key.startsWith('lock:') || key.startsWith('lease:') ? key : undefined;
}

const LOCK_REMOVERS: ReadonlySet<string> = new Set(['DEL', 'UNLINK', 'GETDEL']);

/**
 * Whether a {@link plainLockDelKey} command removed the key: DEL and UNLINK answer 1, GETDEL
 * the value it removed (nil: there was none).
 */
const hasRemovedLock = (reply: unknown): boolean => reply === 1 || typeof reply === 'string';

/** Refresh-ahead's check of an entry's TTL on a hit (the cache layer's PTTL). */
export const isRefreshCheck = (step: Step): boolean =>
  step.target === 'redis' && step.via === 'cache' && step.argv[0] === 'PTTL';

/** The TTL left below which a hit starts refresh-ahead's reload (`readRefreshAhead`), ms. */
export const refreshShareMs = (settings: ProgramSettings): number =>
  settings.ttlSeconds * 1000 * settings.refreshAheadFactor;

/**
 * What a plain DEL, UNLINK or GETDEL of a lock removed (`before`, the key as it was), and who
 * set it: nothing when it removed nothing or the key held no string.
 */
export function deletedLockField(
  log: Runtime['cache']['log'],
  key: string | undefined,
  before: { value: string | null; type: string } | undefined,
  reply: unknown,
): Pick<StepEvent, 'deletedLock'> {
  if (key === undefined || before?.type !== 'string' || !hasRemovedLock(reply)) return {};
  return { deletedLock: deletedLockOf(log, key, before.value) };
}

/** What a deleted lock held, and who set it by the command log (see `storerOf`). */
function deletedLockOf(
  log: Runtime['cache']['log'],
  key: string,
  value: string | null,
): NonNullable<StepEvent['deletedLock']> {
  const token = value ?? '';
  // Who set what the key held before the removal, the log's newest line, which stored nothing.
  const setBy = storerOf(log.slice(0, -1), key, token);
  return setBy === undefined ? { token } : { token, setBy };
}

/**
 * The key a Redis command works on: a script's (EVAL) first KEYS argument, not its text (none
 * when it names no key); any other command's first argument.
 */
export function redisKeyOf(argv: readonly string[]): string | undefined {
  const name = argv[0]?.toUpperCase();
  if (name === 'EVAL') return Number(argv[2]) >= 1 ? argv[3] : undefined;
  // An MSET is told by the row it stored, at that row's key, as a SET is.
  return name === 'MSET' || name === 'MSETNX' ? storedKeyOf(argv) : argv[1];
}

/**
 * The row a value stored under a key naming no user holds (`SET profile ...` by a learner's code),
 * when it is not the row of the request that stored it, `requestId`: told as that user's row, not
 * judged against the version of the request's.
 */
export function storedOtherRowOf(
  json: string,
  requestId: number,
): Pick<StepEvent, 'storedOtherRow'> {
  const rowId = rowIdOf(json);
  return rowId > 0 && rowId !== requestId ? { storedOtherRow: { id: rowId, requestId } } : {};
}

/**
 * A learner's EXEC as its event tells it: nil (nothing ran), or each queued command with the
 * reply it got; keyed, and versioned, by the fill it made of the request's own row when it made
 * one (its SET, SETEX ... of that key); else by the first queued one that stored another user's
 * row under a key naming no user, told as that command sent alone is ({@link storedOtherRowOf});
 * else by the first command's key. `requestId`: the row of the request that sent it.
 */
export function execFieldsOf(
  step: RedisStep,
  queue: readonly (readonly string[])[],
  reply: unknown,
  requestId: number,
): Partial<
  Pick<StepEvent, 'reply' | 'key' | 'rowVersion' | 'execRan' | 'execCount' | 'storedOtherRow'>
> {
  if (!Array.isArray(reply))
    return { reply: '(nil)', execRan: 'aborted', execCount: 0, rowVersion: null };
  const ownKey = cacheKey(requestId);
  const replies = reply as unknown[];
  const replyText = (item: unknown): string =>
    item instanceof Error ? `(error) ${item.message}` : describeReply(step, item);
  const ran = queue.map((argv, i) => ({
    command: describeCommand({ ...step, argv: [...argv] }),
    reply: replyText(replies[i]),
  }));
  const fillAt = queue.findIndex(
    (argv, i) =>
      argv[1] === ownKey &&
      storedValueOf(argv, replies[i]) !== undefined &&
      rowVersionOf({ ...step, argv: [...argv] }, replies[i]) !== null,
  );
  const shown = ran.slice(0, 3).map((r) => r.reply);
  const other = fillAt >= 0 ? undefined : storedOtherRowIn(queue, replies, requestId);
  return {
    reply:
      queue.length === 0
        ? 'ran nothing (empty queue)'
        : `ran ${queue.length} queued: ${shown.join(', ')}${queue.length > 3 ? ', …' : ''}`,
    key: fillAt >= 0 ? ownKey : (other?.key ?? queue[0]?.[1] ?? ''),
    rowVersion:
      fillAt >= 0
        ? rowVersionOf({ ...step, argv: [...queue[fillAt]] }, replies[fillAt])
        : (other?.version ?? null),
    execRan: ran.slice(0, EXEC_RAN_SHOWN),
    execCount: queue.length,
    ...(other !== undefined ? { storedOtherRow: other.storedOtherRow } : {}),
  };
}

/**
 * The first of an EXEC's commands that stored another user's row under a key naming no user (a
 * SET, SETEX or SETNX whose reply says it stored, {@link storedValueOf}): its key, the version it
 * stored and whose row it is.
 */
function storedOtherRowIn(
  queue: readonly (readonly string[])[],
  replies: readonly unknown[],
  requestId: number,
):
  | {
      key: string;
      version: number | null;
      storedOtherRow: NonNullable<StepEvent['storedOtherRow']>;
    }
  | undefined {
  for (let i = 0; i < queue.length; i++) {
    const argv = queue[i];
    const key = argv[1];
    if (key === undefined || userIdOfKey(key) !== 0) continue;
    const value = storedValueOf(argv, replies[i]);
    if (value === undefined) continue;
    const { storedOtherRow } = storedOtherRowOf(value, requestId);
    if (storedOtherRow !== undefined)
      return { key, version: versionOf(value) || null, storedOtherRow };
  }
  return undefined;
}

/** The `script` field of a step's event: an EVAL of the engine's own script, by name. */
export function namedScriptOf(step: Step): Pick<StepEvent, 'script'> {
  const script = describeNamedScript(step);
  return script === undefined ? {} : { script };
}

/**
 * What a versioned script's key held just before it ran (`argv` as sent). For a fill found a
 * copy at its key: who stored that copy (another reader, a write, the console) and whether it is
 * the fill's own text, so a refusal names them rather than guessing.
 */
export async function versionedKeyFoundAt(
  rt: Runtime,
  argv: readonly string[],
): Promise<VersionedKeyFound> {
  const key = argv[3];
  const held = await rt.cache.peek(key);
  const found = versionedKeyFound(held, userIdOfKey(key));
  if (found.kind !== 'copy' || argv[1] !== FILL_IF_NEWER || held.value === null) return found;
  const storer = storedBy(rt.cache.log, key, held.value);
  return {
    ...found,
    isFillsValue: held.value === argv[4],
    ...(storer !== undefined ? { storedBy: storer } : {}),
  };
}
