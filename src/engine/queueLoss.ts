import type { LostWrite } from './patternLedger';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import type { Runtime } from './runtime';

/**
 * Restarts Redis empty (no persistence): nothing filled survives. Returns how many
 * write-behind writes still queued it lost.
 */
export async function restartCache(rt: Runtime): Promise<number> {
  await rt.cache.restart();
  rt.fills.filledVersion.fill(0);
  const lost = rt.ledger.lostRowsOf(() => rt.ledger.restarted());
  rt.consistency.restarted(rt.clock.nowMs);
  rt.consistency.lostWrites(lost);
  return lost.length;
}

/**
 * The write-behind queue holds `entries`, seen without a command (see
 * `PatternLedger.queueSeen`): the writes it lost count in Writes lost and in the consistency
 * figures alike, as those an LPOP or RPUSH finds gone do.
 */
function queueSeen(rt: Runtime, entries: readonly string[], isFromTail = false): LostWrite[] {
  return rt.replies.noteLost(() => rt.ledger.queueSeen(entries, isFromTail));
}

/**
 * Reads the write-behind queue without a command and counts lost each write the ledger holds
 * queued whose entry is gone from it (see {@link queueSeen}): after a step that evicted keys or
 * may have removed or replaced the queue (`queueTouch.ts`), or a console command. A server
 * this engine cannot look into (a real Redis) is left to the flusher to find out.
 */
export function queueChecked(rt: Runtime, isFromTail = false): LostWrite[] {
  if (rt.ledger.queuedWrites === 0) return [];
  const { type, entries } = rt.cache.listEntries(WRITE_BEHIND_QUEUE);
  if (type === 'other') return [];
  return queueSeen(rt, entries, isFromTail);
}

/**
 * The write-behind queue's TTL (one typed in the console, or sent by code of yours) has run
 * out while writes wait in it: Redis removes an expired key as the clock passes its expiry, so
 * its writes are lost then, as at a DEL of the queue, not when the flusher's next LPOP finds it
 * gone. A look at the key's expiry, no command and no copy of the list: cheap enough for every
 * step of a long run. Returns the writes lost and when the queue expired (none: it has not).
 */
export function queueExpired(rt: Runtime): { lost: LostWrite[]; expiredAtMs: number } | null {
  if (rt.ledger.queuedWrites === 0) return null;
  const expiredAtMs = rt.cache.expiresAtMs(WRITE_BEHIND_QUEUE);
  // Whole ms, as the keyspace itself compares: a key is gone from its expiry on.
  if (expiredAtMs === undefined || expiredAtMs > Math.floor(rt.clock.nowMs)) return null;
  return {
    lost: queueSeen(rt, rt.cache.listEntries(WRITE_BEHIND_QUEUE).entries),
    expiredAtMs,
  };
}
