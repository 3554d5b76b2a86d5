import { describe, expect, it } from 'vitest';
import { createRunPace, jobTimeLeftMs } from './timeLeft';

const REPORT_EVERY_MS = 250;

/**
 * Reports every 250 ms (the worker's pace) of a run going at `paceAt(ms)` (fraction a ms):
 * each report with the number it gets and the time the run really had left then.
 */
function reports(paceAt: (ms: number) => number) {
  const pace = createRunPace();
  const at: { atMs: number; fraction: number }[] = [];
  let fraction = 0;
  for (let t = 0; fraction < 1; t++) {
    fraction = Math.min(1, fraction + paceAt(t));
    if ((t + 1) % REPORT_EVERY_MS === 0 || fraction >= 1) at.push({ atMs: t + 1, fraction });
  }
  const endMs = at[at.length - 1].atMs;
  return at.map((r) => ({ ...r, leftMs: pace.report(r.atMs, r.fraction), trueMs: endMs - r.atMs }));
}

/** Each number given is the time the run really had left, within 15% (and a report's gap). */
const expectTrue = (shown: { leftMs: number | null; trueMs: number }[]) => {
  for (const r of shown)
    expect(Math.abs(r.leftMs! - r.trueMs)).toBeLessThanOrEqual(0.15 * r.trueMs + REPORT_EVERY_MS);
};

describe('the time a run has left', () => {
  it('a slow start warming up to full speed: no number until it is at speed, then the true one', () => {
    // 2,000,000 requests at 100,000 req/s, 25% of the run a second at full speed. The first
    // second goes at a fiftieth of it (worker, wasm, first charts), then the JIT's tiers double
    // the pace every 300 ms until it is at full speed, at 3 s.
    const FAST = 0.25 / 1000;
    const seen = reports((t) =>
      t < 1000 ? FAST / 50 : FAST * Math.min(1, 2 ** ((t - 3000) / 300)),
    );
    const warming = seen.filter((r) => r.atMs <= 3000);
    // Paced since the start, as the bar was, the first 1% done said about 2 min left.
    expect(warming.find((r) => r.fraction > 0.01)!.trueMs).toBeLessThan(5000);
    expect(warming.every((r) => r.leftMs === null)).toBe(true);
    const shown = seen.filter((r) => r.leftMs !== null);
    expect(shown[0].atMs).toBeLessThanOrEqual(3000 + 1500);
    expectTrue(shown);
  });

  it('a pace that jumps after a number was given: the number follows within 2 s', () => {
    // 5 s at 1% a second (a number is given), then 25% a second.
    const seen = reports((t) => (t < 5000 ? 0.01 / 1000 : 0.25 / 1000));
    expect(seen.find((r) => r.atMs === 4500)?.leftMs).not.toBeNull();
    const after = seen.filter((r) => r.atMs >= 5000 + 2000);
    expect(after.every((r) => r.leftMs !== null)).toBe(true);
    expectTrue(after);
  });

  it('a steady run: a number once past the warm-up and a second of progress, and it is right', () => {
    const seen = reports(() => 0.05 / 1000);
    expect(seen.filter((r) => r.atMs < 3000).every((r) => r.leftMs === null)).toBe(true);
    expect(seen.find((r) => r.atMs === 3500)?.leftMs).toBeCloseTo(16_500);
    expect(seen.find((r) => r.atMs === 15_000)?.leftMs).toBeCloseTo(5000);
  });

  it('a run that has not moved for the whole window has no number', () => {
    const pace = createRunPace();
    for (let t = 250; t <= 5000; t += 250) expect(pace.report(t, 0.3)).toBeNull();
  });

  it('reports that arrive together (the page was busy) give no pace until time has passed', () => {
    const pace = createRunPace();
    for (let i = 1; i <= 8; i++) expect(pace.report(4000, i * 0.01)).toBeNull();
  });
});

describe('the time a job of several runs has left', () => {
  it('the run in flight at its pace, each run to come as the runs so far took', () => {
    // The second of three runs: the first took 10 s; this one 4 s in, 6 s left at its pace.
    expect(
      jobTimeLeftMs({
        runLeftMs: 6000,
        runElapsedMs: 4000,
        earlierRunsMs: 10_000,
        part: { index: 1, of: 3 },
      }),
    ).toBe(6000 + 10_000);
  });

  it('without a pace yet: nothing on the first run, the average of the ended runs after it', () => {
    const place = { runLeftMs: null, runElapsedMs: 500 };
    expect(jobTimeLeftMs({ ...place, earlierRunsMs: 0, part: { index: 0, of: 3 } })).toBeNull();
    expect(jobTimeLeftMs({ ...place, earlierRunsMs: 2000, part: { index: 1, of: 3 } })).toBe(
      1500 + 2000,
    );
  });
});
