import type { StepEvent } from '../engine/simulation';

const versionText = (v: number | null): string => (v === null ? 'no row' : `version ${v}`);

/**
 * Who sent a command, as the narration names them: the actor; the cache layer on a request's
 * behalf (read-through's loader, write-through's UPDATE); or the cache's own process (the
 * write-behind flusher, refresh-ahead's reload).
 */
export function whoSent(e: StepEvent): string {
  if (e.program === 'background') return `The cache's ${e.actor}`;
  return e.via === 'cache' ? `The cache (for ${e.actor})` : e.actor;
}

/**
 * What one command did, told from the engine's own event: the command, its reply, and what it
 * means for the request (a hit, a miss, a stale fill, a fill refused, a tombstone seen ...).
 * The page shows this when a run has left a scenario's authored path.
 */
export function describeEvent(e: StepEvent): string {
  const who = whoSent(e);
  const sent = `${who} ${e.target === 'redis' ? 'sends' : 'runs'} ${e.command}`;
  if (e.program === 'console') return `${sent} from the console: ${e.reply}.`;
  const pattern = describeCacheLayer(e, sent);
  if (pattern !== null) return pattern;
  if (e.isError) return `${sent}: ${e.reply}. Redis cannot be reached, so the program falls back.`;
  if (e.target === 'wait') return `${who} waits (${e.command}).`;
  const verdict = e.verdict;
  const staleRead =
    e.isStaleRead && verdict
      ? ` A STALE READ: the database has held version ${verdict.committedVersion} since before this read began.`
      : '';
  if (e.target === 'db') {
    if (e.command.startsWith('SELECT'))
      return `${sent} and receives ${versionText(e.rowVersion)}.${staleRead}`;
    const left = e.isStaleFill
      ? ` The write is done, but an older row a racing fill put in Redis is still there: a STALE FILL that stays until its TTL.`
      : '';
    return `${sent}: the row becomes ${versionText(e.rowVersion)}.${left}`;
  }
  const [cmd, , value] = e.command.split(' ');
  if (e.isHit)
    return `${sent} and hits ${versionText(e.rowVersion)}${e.isStaleRead ? '.' : ': fresh.'}${staleRead}`;
  if (e.isTombstone)
    return `${sent} and finds a tombstone (${versionText(e.rowVersion)}): the row changed, so it counts as a miss and ${who} reads the database.`;
  if (e.isMiss) return `${sent}: (nil), a miss. ${who} will read the database.`;
  if (e.isFillRefused)
    return `${sent}: (integer) 0, the fill is refused (the lease is gone or Redis holds a newer version), so the old row stays out of the cache.`;
  if (e.isStaleFill)
    return `${sent}: ${e.reply}. A STALE FILL: Redis now holds ${versionText(e.rowVersion)} while the database holds version ${e.committedVersion ?? '?'}, until the TTL ends it.`;
  if (cmd === 'SET' && e.key.startsWith('lease:'))
    return e.reply === 'OK'
      ? `${sent}: OK, ${who} holds the lease and may fill.`
      : `${sent}: (nil), someone else holds the lease; ${who} waits and retries.`;
  if (cmd === 'SET' && value?.includes('tombstone'))
    return `${sent}: ${e.reply}. A tombstone marks the new version, so an older row cannot be filled over it.`;
  if (cmd === 'DEL')
    return `${sent}: ${e.reply}${e.reply === '(integer) 0' ? ', nothing was there to remove' : ', the cached copy is gone'}.`;
  if (cmd === 'SET' || cmd === 'EVAL')
    return `${sent}: ${e.reply}. Redis holds ${versionText(e.rowVersion)}, the current row.${staleRead}`;
  return `${sent}: ${e.reply}.${staleRead}`;
}

/** The steps only the other caching patterns take; null for the rest. */
function describeCacheLayer(e: StepEvent, sent: string): string | null {
  if (e.isError) return null;
  const cmd = e.command.split(' ')[0];
  if (e.target === 'db' && cmd === 'UPDATE' && e.program === 'background')
    return `${sent}: the database gets a queued write at last, and the row becomes ${versionText(e.rowVersion)}.`;
  if (e.target === 'db' && cmd === 'UPDATE' && e.via === 'cache')
    return `${sent}: the row becomes ${versionText(e.rowVersion)}. The application handed its write to the cache, which writes the database before it answers.`;
  if (cmd === 'RPUSH')
    return `${sent}: ${e.reply}. The write waits in the queue for the flusher: the database does not have it yet.`;
  if (cmd === 'LPOP')
    return e.reply === '(nil)'
      ? `${sent}: (nil), the queue is empty (a restart emptied it, or every write is flushed), so the flusher stops.`
      : `${sent}: ${e.reply} taken from the queue, to write to the database.`;
  if (cmd === 'PTTL')
    return `${sent}: ${e.reply} ms of its TTL remain. Below the refresh share the cache reloads the entry in the background; the reader does not wait for it.`;
  return null;
}
