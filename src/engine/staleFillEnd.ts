import { cacheKey, userIdOfKey } from './programs/steps';
import type { Step } from './programs/types';
import type { SimState } from './simState';
import type { StepEvent } from './stepEvent';

/**
 * What ends the stale entry a stale fill's step (`event`) left under `key` or its request's row
 * (user `id`): nothing when it was stored with no expiry (nor an eviction, where Redis evicts
 * nothing), and whether a write replaces or leaves the cached copy.
 */
export async function noteStaleFillEnd(
  s: SimState,
  event: StepEvent,
  step: Step,
  key: string,
  id: number,
): Promise<void> {
  // A stale entry stored with no expiry stays until something removes it: no TTL ends it. The
  // entry is the one this step's command stored (a learner's code may store a row under another
  // key than its request's), or, for a write that finished, its row's.
  const staleKey = step.target === 'redis' && userIdOfKey(key) > 0 ? key : cacheKey(id);
  if ((await s.runtime.cache.peek(staleKey)).pttl === -1) {
    event.isStaleFillUntimed = true;
    // Nor does an eviction end it where Redis evicts nothing.
    if (s.config.maxKeys === 0) event.staleFillNeverEvicted = 'no key limit';
    else if (s.config.eviction === 'noeviction') event.staleFillNeverEvicted = 'noeviction';
  }
  const write = s.runtime.writeOnCachedCopy;
  if (write === 'replaces' || write === 'leaves') event.staleFillWrite = write;
}
