import { storerOf } from './commandLog';
import type { Actor } from './simActor';
import type { SimState } from './simState';
import type { StepEvent } from './stepEvent';

/**
 * Who holds the lock or lease (`key`) a reader waits on, as its wait begins: another reader
 * whose request under way took it (its token), nobody (the key is gone), or someone else (a
 * token no read under way holds: set in the console, or left by a read that ended without
 * releasing it), and who set that token by the command log.
 */
export async function retryHolderOf(
  s: SimState,
  key: string,
  waiting: Actor,
): Promise<StepEvent['retryHolder']> {
  const { value } = await s.runtime.cache.peek(key);
  if (value === null) return { isFree: true };
  const reader = s.actors.find(
    (a) => a !== waiting && a.running?.task.kind === 'read' && a.running.lockToken === value,
  );
  if (reader !== undefined) return { actor: reader.name, token: value };
  const setBy = storerOf(s.runtime.cache.log, key, value);
  const expiresAtMs = s.runtime.cache.held(key)?.expiresAtMs ?? Infinity;
  return {
    token: value,
    ...(setBy === undefined ? {} : { setBy }),
    ...(Number.isFinite(expiresAtMs)
      ? { ttlLeftMs: Math.max(0, expiresAtMs - s.runtime.clock.nowMs) }
      : {}),
  };
}
