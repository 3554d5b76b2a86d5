import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '../engine/workload';
import type { CacheAsideLabApi } from '../lab/labApi';
import { createLazyLabApi } from './labApiLoader';

describe('window.cacheAside.lab before the lab has loaded', () => {
  it('loads the lab on the first run only, and answers stop and series without loading it', async () => {
    let loads = 0;
    let current: CacheAsideLabApi | undefined;
    const runs: unknown[] = [];
    const real: CacheAsideLabApi = {
      run: async (config) => {
        runs.push(config);
        return { requests: 10 } as WorkloadSummary;
      },
      stop: () => runs.push('stop'),
      series: () => [{ requests: 10 } as never],
    };
    const lazy = createLazyLabApi(
      async () => {
        loads++;
        current = real;
        return real;
      },
      () => current,
    );
    expect(lazy.series()).toEqual([]);
    lazy.stop();
    expect(loads).toBe(0);
    expect(await lazy.run({ requests: 10 })).toEqual({ requests: 10 });
    await lazy.run({ requests: 20 });
    expect(loads).toBe(1);
    expect(lazy.series()).toHaveLength(1);
    lazy.stop();
    expect(runs).toEqual([{ requests: 10 }, { requests: 20 }, 'stop']);
  });
});
