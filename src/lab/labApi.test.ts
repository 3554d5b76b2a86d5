import { describe, expect, it } from 'vitest';
import type { MetricsBucket } from '../engine/metrics';
import type { WorkloadSummary } from '../engine/workload';
import { createLabApi } from './labApi';
import type { LabRunner, RunResult } from './labProtocol';
import { createLabStore } from './labStore';

const runner: LabRunner = {
  run(config) {
    const summary = { requests: config.requests, hitRate: 0.5, stopped: false, config };
    const series = [{ t: 0, requests: config.requests, hits: 3 } as MetricsBucket];
    return {
      result: Promise.resolve({
        summary: summary as unknown as WorkloadSummary,
        series,
        analyticHitRate: 0.4,
      } as RunResult),
      stop: () => undefined,
    };
  },
};

describe('window.cacheAside.lab', () => {
  it('hands a script copies: editing them edits nothing the page shows', async () => {
    const store = createLabStore({ runner, now: () => 0 });
    const api = createLabApi(store);
    const s = await api.run({ seed: 3, requests: 500 });
    s.hitRate = 0.123;
    delete (s as Partial<WorkloadSummary>).config;
    const series = api.series();
    series[0].hits = 999;
    series.length = 0;

    const current = store.getState().current;
    expect(current?.summary?.hitRate).toBe(0.5);
    expect(current?.summary?.config.requests).toBe(500);
    expect(current?.series).toHaveLength(1);
    expect(current?.series[0].hits).toBe(3);
    expect(api.series()).toEqual([{ t: 0, requests: 500, hits: 3 }]);
  });

  it('refuses settings that are not an object, saying what they must be, and runs nothing', async () => {
    const store = createLabStore({ runner, now: () => 0 });
    const api = createLabApi(store);
    const draft = store.getState().draft;
    await expect(api.run(null as never)).rejects.toThrow(
      'the settings must be an object, like { ttl: 30, requests: 2000 }, got null',
    );
    await expect(api.run([1, 2] as never)).rejects.toThrow(
      'the settings must be an object, like { ttl: 30, requests: 2000 }, got [1,2]',
    );
    expect(store.getState().draft).toBe(draft);
    expect(store.getState().current).toBeNull();
  });

  it('names the setting whose getter threw, and runs nothing', async () => {
    const store = createLabStore({ runner, now: () => 0 });
    const api = createLabApi(store);
    const throwing = (): number => {
      throw new Error('boom');
    };
    const settings = Object.defineProperty({ requests: 500 }, 'ttl', {
      enumerable: true,
      get: throwing,
    });
    // Until 2026-12-05: "could not be read (Error: boom)", with no word of which setting.
    await expect(api.run(settings)).rejects.toThrow('ttl could not be read (Error: boom)');
    const fault = Object.defineProperty(
      { kind: 'cache-down' as const, durationSeconds: 3 },
      'startSeconds',
      { enumerable: true, get: throwing },
    );
    await expect(api.run({ faults: [fault as never] })).rejects.toThrow(
      'faults[0].startSeconds could not be read (Error: boom)',
    );
    expect(store.getState().current).toBeNull();
  });

  it('runs a db-slow fault without a factor at the default factor, as the CLI does', async () => {
    const api = createLabApi(createLabStore({ runner, now: () => 0 }));
    const s = await api.run({
      requests: 20_000,
      faults: [{ kind: 'db-slow', startSeconds: 12, durationSeconds: 3 }],
    });
    expect(s.config.faults).toEqual([
      { kind: 'db-slow', startSeconds: 12, durationSeconds: 3, factor: 10 },
    ]);
  });

  it('rejects a fault without its start, saying it is missing', async () => {
    const api = createLabApi(createLabStore({ runner, now: () => 0 }));
    await expect(
      api.run({ faults: [{ kind: 'cache-down', durationSeconds: 3 } as never] }),
    ).rejects.toThrow('faults[0].startSeconds is missing: it must be a number from 0 to 86,400');
  });

  it('refuses a number given as text, as configure() and a settings file do, and runs nothing', async () => {
    const store = createLabStore({ runner, now: () => 0 });
    const api = createLabApi(store);
    await expect(api.run({ ttl: '30' as never })).rejects.toThrow(
      'ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, written without quotes, got "30"',
    );
    expect(store.getState().current).toBeNull();
  });

  it("rejects with its own run's failure, not with the notice shown by the time it returns", async () => {
    const failing: LabRunner = {
      run: () => ({
        result: Promise.reject(new Error('the worker crashed')),
        stop: () => undefined,
      }),
    };
    const store = createLabStore({ runner: failing, now: () => 0 });
    const api = createLabApi(store);
    // As the page does when a run ends while a link waits: the link's run starts, clearing the notice.
    store.subscribe((s, prev) => {
      if (prev.progress && !s.progress) queueMicrotask(() => store.setState({ notice: null }));
    });
    await expect(api.run({ requests: 500 })).rejects.toThrow('The run failed: the worker crashed');
  });
});
