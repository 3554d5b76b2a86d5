// The steps only the other caching patterns and the change-log consumer take: write-behind's
// queue and flusher, write-through's UPDATE, refresh-ahead's and early refresh's PTTL, and a
// versioned invalidation's tombstone.
import type { StepEvent } from '../engine/stepEvent';
import type { VersionedKeyFound } from '../engine/versionedInvalidation';
import { staleFillEnds } from './fillNarration';
import { CDC_ACTOR, msText, versionText } from './narrationTerms';

/**
 * What the flusher does with an LPOP that took corrupt entries, and why Cache errors counts it:
 * the reply the cache layer could not use, counted once a command as a corrupt cached row is for
 * a GET.
 */
function corruptTakenText(reply: string, corrupt: number): string {
  const taken = Number(/^(\d+) item/.exec(reply)?.[1] ?? corrupt);
  const writes = taken - corrupt;
  const entries = corrupt === 1 ? '1 is a corrupt entry' : `${corrupt} are corrupt entries`;
  const rest =
    writes <= 0
      ? 'none is a write it can use'
      : `the ${writes === 1 ? 'other is a write' : `other ${writes} are writes`} it writes to the database`;
  return `Of those, ${entries}, no write as the application queues it (the note says why): the flusher logs and skips ${corrupt === 1 ? 'it' : 'them'}, and ${rest}. Cache errors counts this LPOP once: a reply the cache layer could not use, as a corrupt cached row is for a GET.`;
}

/**
 * What a PTTL's reply says is left of a key's TTL, as a sentence says it: its "(integer)" prefix
 * belongs to the console's reply, not to the sentence ("40,000 ms (40 s) of its TTL remain").
 */
function remainText(reply: string): string {
  const ms = Number(/^\(integer\) (\d+)$/.exec(reply)?.[1]);
  return `${Number.isSafeInteger(ms) ? msText(ms) : `${reply} ms`} of its TTL remain`;
}

/**
 * Refresh-ahead's PTTL that started no reload: the entry had at least the refresh share left,
 * or a reload of it was already under way (the cache runs one per key).
 */
function refreshNotStartedText(e: StepEvent, sent: string): string {
  const share = e.refreshShareMs;
  const left = Number(/-?\d+/.exec(e.reply)?.[0]);
  if (share === undefined || !Number.isFinite(left))
    return `${sent}: ${remainText(e.reply)}, not below the refresh share (or a reload is under way), so no reload starts.`;
  const shareText = `the refresh share, ${msText(share)}`;
  return left < share
    ? `${sent}: ${remainText(e.reply)}, below ${shareText}, but a reload of ${e.key} is already under way (the refresher's box in the diagram), so no second one starts.`
    : `${sent}: ${remainText(e.reply)}, not below ${shareText}, so no reload starts.`;
}

/**
 * A versioned invalidation that set its tombstone of version `v` at `key`, told by what the key
 * held before it, as the engine read it (absent: not known): an older copy of the row is gone
 * only when there was one.
 */
function tombstoneSetText(key: string, v: number, found: VersionedKeyFound | undefined): string {
  const guard = `no row older than version ${v} can be filled over it`;
  switch (found?.kind) {
    case 'nothing':
      return `${key} held nothing, so a tombstone of version ${v} now stands in it: ${guard}.`;
    case 'tombstone':
      return `${key} held a tombstone of version ${found.version}, older than ${v}, so a tombstone of version ${v} replaces it: ${guard}.`;
    case 'copy':
      return found.version === undefined
        ? `${key} held a copy of the row in which the script reads no version (it looks for "version": with the digits right after the colon), so a tombstone of version ${v} replaces it: that copy is gone, and ${guard}.`
        : `${key} held version ${found.version} of the row, older than ${v}, so a tombstone of version ${v} replaces it: the older copy is gone, and ${guard}.`;
    case 'other-user':
      return `${key} held user ${found.userId}'s row (version ${found.version}), not a copy of this row, and the script compares only versions: version ${found.version} is older than ${v}, so a tombstone of version ${v} replaces that row, and ${guard}.`;
    case 'not-a-row':
      return `${key} held ${found.value}, which is no copy of the row: the script ${
        found.version === undefined
          ? 'reads no version in it'
          : `reads version ${found.version} in it, older than ${v}`
      }, and replaces any such value, so a tombstone of version ${v} now stands in ${key} in its place: ${guard}.`;
    default:
      return `Redis held nothing as new as version ${v}, so a tombstone of version ${v} now stands in ${key}: ${guard}.`;
  }
}

/** The steps only the other caching patterns take; null for the rest. */
export function describeCacheLayer(e: StepEvent, sent: string): string | null {
  if (e.isError) return null;
  const cmd = e.command.split(' ')[0];
  if (e.target === 'db' && cmd === 'UPDATE' && e.program === 'background')
    return e.reply === '0 rows changed'
      ? `${sent}: 0 rows changed. There is no such user, so this queued write changes nothing in the database.`
      : `${sent}: the database gets a queued write at last, and the row becomes ${versionText(e.rowVersion)}.${
          e.isOverwrite
            ? ' This write was queued before a newer one that went straight to the database while Redis was unreachable, and it overwrites it: that newer, acknowledged write is lost (Writes lost counts it).'
            : ''
        }${
          e.isStaleFill && e.isStaleFillOtherUser === true
            ? ` Redis holds another user's row under ${e.key}, which a fill put there while this write was queued, and a flush does not touch the cache: a STALE FILL (no DEL is on its way) that stays until ${staleFillEnds(e)}.`
            : ''
        }${
          e.olderCopyVersion !== undefined
            ? ` Redis holds an older copy of the row (version ${e.olderCopyVersion}), loaded or built while this write was queued, and a flush does not touch the cache: that copy is now stale${
                e.isInvalidationOwed
                  ? ", until the change consumer's DEL for this change removes it."
                  : `${e.isStaleFill ? ', a STALE FILL (no DEL is on its way)' : ''}, and stays until it expires, is evicted or another write replaces it.`
              }`
            : ''
        }`;
  // One that matched no row is told as any UPDATE of no row is (see describeCommand).
  if (e.target === 'db' && cmd === 'UPDATE' && e.via === 'cache' && e.reply !== '0 rows changed')
    return `${sent}: the row becomes ${versionText(e.rowVersion)}. The application handed its write to the cache, which writes the database before it answers.`;
  // The invalidation under versioned fills (INVALIDATE_IF_OLDER), by the change-log consumer or
  // by the writer itself.
  const isWritersInvalidation =
    e.program === 'write' && (e.label === 'del' || e.label === 'del-again');
  if (cmd === 'EVAL' && (e.actor === CDC_ACTOR || isWritersInvalidation)) {
    const [, key, v] = /' 1 (\S+) (\d+)(?: |$)/.exec(e.command) ?? [];
    if (v !== undefined && e.reply === '(integer) 1')
      return `${sent}: (integer) 1. ${tombstoneSetText(key, Number(v), e.keyFound)}`;
    const kept = e.keptEntry;
    if (v !== undefined && e.reply === '(integer) 0' && kept !== undefined) {
      const until = `until its TTL, if it has one, ends it or a tombstone of a later version replaces it`;
      return kept.otherUserId !== undefined
        ? `${sent}: (integer) 0. Redis holds user ${kept.otherUserId}'s row (version ${kept.version}) in ${key}, and the script compares only versions: version ${kept.version} is not older than ${v}, so this invalidation changes nothing, and ${key} keeps another user's row ${until}.`
        : `${sent}: (integer) 0. Redis holds version ${kept.version} in ${key}, newer than the database's version ${kept.databaseVersion}, which no write of the row left, and the script removes only an older entry: this invalidation changes nothing, and version ${kept.version} stays ${until}.`;
    }
    if (v !== undefined && e.reply === '(integer) 0')
      return `${sent}: (integer) 0. Redis already holds version ${v} or newer (a row refilled since, or a tombstone), so this invalidation changes nothing: it never removes or lowers a newer entry.`;
  }
  // The write-behind queue's own steps, the cache layer's: a learner's code may push and pop a
  // list of its own, which no flusher takes to the database.
  if (cmd === 'RPUSH' && e.via === 'cache')
    return `${sent}: ${e.reply}. The write waits in the queue for the flusher: the database does not have it yet.`;
  if (cmd === 'LPOP' && e.via === 'cache' && e.reply === '(nil)' && e.lostWrites !== undefined) {
    const n = e.lostWrites;
    return `${sent}: (nil), the queue is gone, and with it ${n === 1 ? '1 write' : `${n} writes`} the application had queued and acknowledged (something removed the queue: a DEL, an eviction, an expiry): ${n === 1 ? 'it never reaches' : 'they never reach'} the database, and Writes lost counts ${n === 1 ? 'it' : 'them'}. The flusher stops.`;
  }
  if (cmd === 'LPOP' && e.via === 'cache')
    return e.reply === '(nil)'
      ? `${sent}: (nil), the queue is empty (every write is flushed, or the queue was lost: a restart, a DEL, an eviction, its TTL running out), so the flusher stops.`
      : e.corruptTaken !== undefined
        ? `${sent}: ${e.reply} taken from the queue. ${corruptTakenText(e.reply, e.corruptTaken)}`
        : `${sent}: ${e.reply} taken from the queue, to write to the database.`;
  if (cmd === 'PTTL' && e.via === 'cache') {
    const gone = noTtlLeftText(e, 'no reload starts');
    if (gone !== null) return `${sent}: ${gone}`;
    return e.startedJob === 'refresh'
      ? `${sent}: ${remainText(e.reply)}, below the refresh share, so the cache reloads the entry in the background (the refresher's box in the diagram); the reader does not wait for it.`
      : refreshNotStartedText(e, sent);
  }
  // Early refresh (XFetch): the reader itself draws whether to refresh, and refreshes at once.
  if (cmd === 'PTTL' && e.program === 'read' && e.label === 'pttl') {
    const gone = noTtlLeftText(e, 'it is not refreshed early');
    if (gone !== null) return `${sent}: ${gone}`;
    return e.finishes
      ? `${sent}: ${remainText(e.reply)}. The early-refresh draw does not pick this read to refresh the key: ${e.actor} returns the cached row.`
      : `${sent}: ${remainText(e.reply)}. The early-refresh draw picks this read to refresh the key before it expires: ${e.actor} reads the database to refill it.`;
  }
  return null;
}

/**
 * A reader's PTTL that answered no milliseconds left (-1: the key has no TTL; -2: it is gone since
 * the GET), told with what the read does then (`then`: no refresh); null for milliseconds left.
 */
function noTtlLeftText(e: StepEvent, then: string): string | null {
  if (e.reply === '(integer) -1')
    return `${e.reply}, the key has no TTL, so it never expires and ${then}: ${e.actor} returns the cached row.`;
  if (e.reply === '(integer) -2')
    return `${e.reply}, the key is no longer there (it expired or was deleted after the GET), so ${then}: ${e.actor} returns the copy its GET got.`;
  return null;
}
