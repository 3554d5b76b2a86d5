/**
 * The latest virtual time a run can reach: ten years, in ms. Far beyond any TTL a lesson or a
 * workload uses, and small enough that whole microseconds stay exact in a double (2^53 µs is
 * 285 years) and that ioredis-mock's expiry stamps stay valid dates.
 */
export const MAX_CLOCK_MS = 10 * 365 * 86_400_000;

/**
 * The simulation's only source of "now": virtual milliseconds since the run started. Nothing in
 * the engine reads the wall clock, so a run is the same every time it is replayed.
 */
export class VirtualClock {
  private now: number;
  private logged = 0;

  constructor(startMs = 0) {
    this.now = startMs;
  }

  /** Current virtual time in milliseconds. */
  get nowMs(): number {
    return this.now;
  }

  /** Moves time forward; time never runs backwards, nor past {@link MAX_CLOCK_MS}. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError(`cannot advance the clock by ${ms} ms`);
    if (ms > MAX_CLOCK_MS - this.now) throw new ClockLimitError(clockLimitMessage(this.now, ms));
    // Whole microseconds: sums of 0.3 ms latencies stay exact, so logs and TTLs read cleanly.
    this.now = Math.round((this.now + ms) * 1000) / 1000;
  }

  /**
   * The next place in the order the run's two logs (Redis' commands and the database's
   * statements) record their entries. Entries of the same virtual time are merged by it: a
   * console line is logged at the time of the step before it, and by time alone the merged log
   * read every Redis line of an instant before every SQL line of it.
   */
  nextLogOrder(): number {
    this.logged += 1;
    return this.logged;
  }

  /** The last place {@link nextLogOrder} gave (Back's checkpoints keep it). */
  get logOrder(): number {
    return this.logged;
  }

  /** Puts a checkpoint's {@link logOrder} back. */
  restoreLogOrder(order: number): void {
    this.logged = order;
  }

  /** Jumps to an absolute time at or after now (used by the event scheduler). */
  advanceTo(ms: number): void {
    if (!(ms <= MAX_CLOCK_MS))
      throw new ClockLimitError(clockLimitMessage(this.now, ms - this.now));
    if (ms > this.now) this.now = ms;
  }
}

/** The clock was asked to pass {@link MAX_CLOCK_MS}: nothing moved. */
export class ClockLimitError extends RangeError {}

/** Why a jump of `ms` from `nowMs` is refused: the clock's limit, in words and in ms. */
export function clockLimitMessage(nowMs: number, ms: number): string {
  return (
    `the virtual clock stops at 10 years (${grouped(MAX_CLOCK_MS)} ms): ` +
    `it is at ${grouped(nowMs)} ms, and ${grouped(ms)} ms more would pass it`
  );
}

/** A number of ms as the page writes its other bounds: "315,360,000,000". */
const grouped = (ms: number): string => ms.toLocaleString('en-US', { maximumFractionDigits: 20 });
