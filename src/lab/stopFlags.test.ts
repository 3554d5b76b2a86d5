import { describe, expect, it } from 'vitest';
import { createStopFlags } from './stopFlags';

describe("the lab worker's Stop flags", () => {
  it('stop the run in flight', () => {
    const flags = createStopFlags();
    flags.began(1);
    flags.stopAsked(1);
    expect(flags.isStopped(1)).toBe(true);
    flags.ended(1);
    expect(flags.size()).toEqual({ live: 0, stopped: 0 });
  });

  it('keep nothing from a Stop that arrives as its run has ended (the two messages crossed)', () => {
    const flags = createStopFlags();
    flags.began(1);
    flags.ended(1);
    flags.stopAsked(1);
    expect(flags.size()).toEqual({ live: 0, stopped: 0 });
    // Were the id handed out again (a worker that outlived its runner), that run is not stopped at once.
    flags.began(1);
    expect(flags.isStopped(1)).toBe(false);
  });

  it('keep nothing from a Stop for a run the worker never had', () => {
    const flags = createStopFlags();
    flags.stopAsked(7);
    expect(flags.size()).toEqual({ live: 0, stopped: 0 });
  });
});
