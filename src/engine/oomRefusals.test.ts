import { describe, expect, it } from 'vitest';
import { OOM_ERROR } from './cacheErrors';
import { createTestCache, rejection } from './testCache';
import { loadSqlJsNode } from './testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from './workload';

const config = (c: Partial<WorkloadConfig>): WorkloadConfig => ({
  ...DEFAULT_WORKLOAD,
  requests: 3000,
  keys: 100,
  ...c,
});

// Under `noeviction` with Max keys, Redis refuses every SET past the limit with its OOM error.
// The run named those refusals only as "cache errors", the word it uses for Redis being down
// too; the adapter now counts, among its errors, the replies that were that refusal.
describe('OOM refusals, counted from the reply', () => {
  it('counts a SET refused for OOM, and not a command Redis could not be reached for', async () => {
    const { cache, run } = createTestCache({ maxKeys: 1, eviction: 'noeviction' });
    await run('SET', 'a', '1');
    expect((await rejection(run('SET', 'b', '2'))).message).toBe(OOM_ERROR);
    cache.setAvailable(false);
    await rejection(run('GET', 'a'));
    expect([cache.errors, cache.oomRefusals]).toEqual([2, 1]);
  });

  it('gives a run under noeviction its OOM refusals, as many as its cache errors', async () => {
    const { summary, series } = await runWorkload(
      await loadSqlJsNode(),
      config({ maxKeys: 10, eviction: 'noeviction' }),
    );
    expect(summary.oomRefusals).toBeGreaterThan(0);
    expect(summary.oomRefusals).toBe(summary.cacheErrors);
    expect(series.reduce((n, b) => n + b.oomRefusals, 0)).toBe(summary.oomRefusals);
  });

  it('gives none to a run whose errors were Redis being down', async () => {
    const { summary } = await runWorkload(
      await loadSqlJsNode(),
      config({ faults: [{ kind: 'cache-down', startSeconds: 0.5, durationSeconds: 0.5 }] }),
    );
    expect(summary.cacheErrors).toBeGreaterThan(0);
    expect(summary.oomRefusals).toBe(0);
  });

  it('leaves out the refusals of the requests a stop left in flight, as its cache errors', async () => {
    let reports = 0;
    const { summary, series } = await runWorkload(
      await loadSqlJsNode(),
      config({
        requests: 20_000,
        rate: 2000,
        maxKeys: 10,
        eviction: 'noeviction',
        dbLatency: 100,
        cacheLatency: 20,
      }),
      { progressEvery: 500, shouldStop: () => ++reports > 2 },
    );
    expect(summary.stopped).toBe(true);
    expect(summary.inFlight).toBeGreaterThan(0);
    expect(summary.oomRefusals).toBe(summary.cacheErrors);
    expect(series.reduce((n, b) => n + b.oomRefusals, 0)).toBe(summary.oomRefusals);
  });
});
