import type { VirtualClock } from './clock';

/**
 * Makes `Date.now` answer the virtual clock while a Redis command is being issued, or SQL that
 * may read the time runs.
 *
 * ioredis-mock stamps and checks TTLs with `Date.now()` synchronously inside each command call
 * (SET ... EX, GET of an expired key, TTL, PTTL). Binding it for the duration of the call, and
 * only then, lets Redis' expiry run on virtual time while nothing else in the page sees a changed
 * clock. sql.js answers SQLite's "now" (`datetime('now')`, `CURRENT_TIMESTAMP`) with `Date.now()`
 * too: bound the same way, a console line or a trigger reads the virtual clock, and Back replays
 * it to the same value. This is the one place in the engine that touches `Date.now`.
 * `enter`/`exit` are made once per clock so the hot path allocates nothing.
 */
export class VirtualTimeBinding {
  private readonly virtualNow: () => number;
  // eslint-disable-next-line no-restricted-properties
  private readonly wallNow: () => number = Date.now;

  constructor(clock: Pick<VirtualClock, 'nowMs'>) {
    // Whole milliseconds, as the real Date.now() returns: ioredis-mock adds a TTL to it and
    // compares with `<=`, and a fractional now (0.3 ms latencies) made `now + ttl` drift by a
    // rounding error, so a key could outlive its expiry. Redis' own clock is whole ms too.
    this.virtualNow = () => Math.floor(clock.nowMs);
  }

  enter(): void {
    // eslint-disable-next-line no-restricted-properties
    Date.now = this.virtualNow;
  }

  exit(): void {
    // eslint-disable-next-line no-restricted-properties
    Date.now = this.wallNow;
  }

  /** Runs `fn` with `Date.now` on virtual time. */
  run<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }
}
