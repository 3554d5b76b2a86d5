import type { VirtualClock } from './clock';

/**
 * Runs `fn` with `Date.now` answering the virtual clock.
 *
 * ioredis-mock stamps and checks TTLs with `Date.now()` synchronously inside each command call
 * (SET ... EX, GET of an expired key, TTL, PTTL). Binding it for the duration of the call, and
 * only then, lets Redis' expiry run on virtual time while nothing else in the page sees a changed
 * clock. This is the one place in the engine that touches `Date.now`.
 */
export function atVirtualTime<T>(clock: VirtualClock, fn: () => T): T {
  // eslint-disable-next-line no-restricted-properties
  const wallClock = Date.now;
  // Whole milliseconds, as the real Date.now() returns: ioredis-mock adds a TTL to it and
  // compares with `<=`, and a fractional now (0.3 ms latencies) made `now + ttl` drift by a
  // rounding error, so a key could outlive its expiry. Redis' own clock is whole ms too.
  const virtualNow = (): number => Math.floor(clock.nowMs);
  // eslint-disable-next-line no-restricted-properties
  Date.now = virtualNow;
  try {
    return fn();
  } finally {
    // eslint-disable-next-line no-restricted-properties
    Date.now = wallClock;
  }
}
