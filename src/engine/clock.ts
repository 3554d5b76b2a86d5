/**
 * The simulation's only source of "now": virtual milliseconds since the run started. Nothing in
 * the engine reads the wall clock, so a run is the same every time it is replayed.
 */
export class VirtualClock {
  private now: number;

  constructor(startMs = 0) {
    this.now = startMs;
  }

  /** Current virtual time in milliseconds. */
  get nowMs(): number {
    return this.now;
  }

  /** Moves time forward; time never runs backwards. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError(`cannot advance the clock by ${ms} ms`);
    // Whole microseconds: sums of 0.3 ms latencies stay exact, so logs and TTLs read cleanly.
    this.now = Math.round((this.now + ms) * 1000) / 1000;
  }

  /** Jumps to an absolute time at or after now (used by the event scheduler). */
  advanceTo(ms: number): void {
    if (ms > this.now) this.now = ms;
  }
}
