import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadSummary } from './workload';

/**
 * Double-delete's delay as a workload setting: the second DEL takes back a stale fill only when
 * it comes after the reader's SET, so stale fills fall as the delay passes the reader's
 * read-to-set time (a DB read, 2 ms median with a lognormal tail, then a Redis round trip), and a
 * long delay leaves what the first DEL let through cached for longer.
 */
describe("double-delete's delay (doubleDeleteDelayMs)", () => {
  const SEEDS = [1, 2, 3];

  /** Stale fills and stale reads summed over the seeds, at one delay. */
  async function totals(doubleDeleteDelayMs: number) {
    const SQL = await loadSqlJsNode();
    let staleFills = 0;
    let staleReads = 0;
    for (const seed of SEEDS) {
      const { summary }: { summary: WorkloadSummary } = await runWorkload(SQL, {
        ...DEFAULT_WORKLOAD,
        seed,
        // 10,000 requests a seed, not 20,000: summed over seeds 1 to 3, stale fills at delays 0,
        // 0.5, 50 and 500 ms are 17, 5, 0 and 0 (33, 13, 1, 0 at 20,000), stale reads at 50 and
        // 500 ms 274 and 831 (568 and 1,437).
        requests: 10_000,
        readRatio: 0.9,
        writePolicy: 'double-delete',
        doubleDeleteDelayMs,
      });
      staleFills += summary.staleFills;
      staleReads += summary.staleReads;
    }
    return { staleFills, staleReads };
  }

  it('stale fills fall as the delay passes the read-to-set time; a long delay serves more stale reads', async () => {
    const none = await totals(0);
    const belowReadToSet = await totals(0.5);
    const aboveReadToSet = await totals(50);
    const long = await totals(500);
    // With no delay the second DEL lands before most readers' SETs: it takes little back.
    expect(none.staleFills).toBeGreaterThan(belowReadToSet.staleFills);
    expect(belowReadToSet.staleFills).toBeGreaterThan(aboveReadToSet.staleFills);
    // Past every reader's SET but the rarest stalled one, it takes back nearly every stale fill.
    expect(aboveReadToSet.staleFills).toBeLessThanOrEqual(none.staleFills / 10);
    expect(long.staleFills).toBeLessThanOrEqual(aboveReadToSet.staleFills);
    // Until the second DEL, reads hit what the first DEL let through: ten times the wait, more stale reads.
    expect(long.staleReads).toBeGreaterThan(aboveReadToSet.staleReads);
  }, 120_000);
});
