// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import {
  provideIntersectionObserverThatNeverReports,
  provideResizeObserverWithoutLayout,
} from '../platform/jsdomResizeObserver';
import { analyticHitRate } from './analytic';
import { chartCaveats } from './chartCaveats';
import { CHARTS } from './chartSpecs';
import type { LabRun } from './labState';
import { RunCharts } from './RunCharts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
provideResizeObserverWithoutLayout();
provideIntersectionObserverThatNeverReports();

beforeEach(() => {
  // recharts warns of the zero size jsdom lays every chart out at; the captions are what is read.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Each chart's caption once every chart has drawn the run, by chart id. */
function captions(run: LabRun): Record<string, string> {
  vi.useFakeTimers();
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<RunCharts run={run} />));
  // The charts of an ended run draw one at a time, each a frame after the last.
  const slots = [...container.querySelectorAll('.lab-chart-slot')];
  for (let ms = 0; ms < 3000 && slots.some((s) => s.getAttribute('aria-busy') !== 'false'); ms++)
    act(() => vi.advanceTimersByTime(1));
  const shown = [...container.querySelectorAll('.lab-chart-slot')].map(
    (slot) => slot.querySelector('.lab-chart-caption')?.textContent ?? '',
  );
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
  return Object.fromEntries(CHARTS.map((c, i) => [c.id, shown[i]]));
}

async function labRun(config: WorkloadConfig): Promise<LabRun> {
  const { summary, series } = await runWorkload(await loadSqlJsNode(), config);
  return { id: 1, name: 'A', config, series, summary, analyticHitRate: analyticHitRate(config) };
}

const base = (id: string): string => CHARTS.find((c) => c.id === id)?.caption ?? '';

// Each chart's caption said only the general rule: a learner reading the hit-rate chart alone was
// not told that its figure rested on SETs a full cache refused, or on Redis being down for a while;
// only the summary's rows said what the run did.
describe('each chart’s caption names what in this run bends that chart', () => {
  let bent: LabRun;
  let plain: LabRun;
  beforeAll(async () => {
    [bent, plain] = await Promise.all([
      labRun({
        ...DEFAULT_WORKLOAD,
        requests: 3000,
        keys: 100,
        maxKeys: 10,
        eviction: 'noeviction',
        faults: [
          { kind: 'cache-down', startSeconds: 1, durationSeconds: 0.5 },
          { kind: 'db-slow', startSeconds: 2, durationSeconds: 0.5, factor: 10 },
          { kind: 'cache-restart', startSeconds: 0, durationSeconds: 0 },
        ],
      }),
      // Reads only, constant latencies, past the TTL, no limit, no fault: nothing to say.
      labRun({
        ...DEFAULT_WORKLOAD,
        requests: 3000,
        keys: 100,
        readRatio: 1,
        ttl: 1,
        latencyModel: 'constant',
      }),
    ]);
  });

  it('the hit-rate chart says the run’s refused fills and its outage', () => {
    const s = bent.summary!;
    const oom = s.oomRefusals ?? 0;
    expect(oom).toBeGreaterThan(0);
    const caption = captions(bent)['hit-rate'];
    expect(caption).toContain(
      `This run did not keep to the model (each makes reads miss where it hits): Redis refused ${oom.toLocaleString('en-US')} commands for memory (OOM at its Max keys of 10, under noeviction), so their copies were not kept, where the model fills the cache at every miss;`,
    );
    expect(caption).toContain(
      'Cache down from 1 s for 0.5 s: the reads’ GETs there failed and count in neither line.',
    );
    expect(caption).toContain(
      'Database 10x slower from 2 s for 0.5 s: each miss took longer to refill',
    );
    // Until 2026-12-07 a restart at 0 s was said to have brought Redis back empty.
    expect(caption).toContain(
      'Cache restart at 0 s: before the first request, when Redis held no key yet, so it emptied nothing and changed no figure.',
    );
    expect(caption).not.toContain('came back empty');
    expect(caption.endsWith(base('hit-rate'))).toBe(true);
  });

  // The same rule at any time: here every copy had expired (TTL 1 s) while Redis was down, so
  // the restart at 2.5 s emptied nothing. Until 2026-12-07 it was said to bring Redis back empty.
  it('a restart while Redis held no key says it emptied nothing', async () => {
    const run = await labRun({
      ...DEFAULT_WORKLOAD,
      requests: 3000,
      keys: 100,
      ttl: 1,
      latencyModel: 'constant',
      faults: [
        { kind: 'cache-down', startSeconds: 1, durationSeconds: 2 },
        { kind: 'cache-restart', startSeconds: 2.5, durationSeconds: 0 },
      ],
    });
    expect(run.summary?.restarts).toEqual([{ atMs: 2500, keys: 0 }]);
    const shown = captions(run);
    for (const id of ['hit-rate', 'load', 'cache-size'])
      expect(shown[id]).toContain(
        'Cache restart at 2.5 s: Redis held no key then, so it emptied nothing and changed no figure.',
      );
    expect(Object.values(shown).join(' ')).not.toContain('came back empty');
  });

  it('the load, latency and keys charts say theirs', () => {
    const s = bent.summary!;
    const shown = captions(bent);
    expect(shown.load).toContain(
      `The Cache errors/s line adds up to ${s.cacheErrors.toLocaleString('en-US')} commands (${(s.oomRefusals ?? 0).toLocaleString('en-US')} of them OOM refusals: Redis held its Max keys of 10`,
    );
    expect(shown.load).toContain(
      'Cache down from 1 s for 0.5 s: the application could not reach Redis',
    );
    expect(shown.latency).toContain(
      'The latency model stalls an operation with a chance of 0.002, for 30 ms on average (as a GC pause or a slow disk would): a window’s p99 jumps where they fall.',
    );
    expect(shown.latency).toContain(
      'Database 10x slower from 2 s for 0.5 s: the requests that read or wrote the database took longer there.',
    );
    expect(shown['cache-size']).toContain(
      `At Max keys 10, under noeviction, Redis refused ${(s.oomRefusals ?? 0).toLocaleString('en-US')} commands that would add a key: the keys line stops there.`,
    );
  });

  it('a run with nothing that bends a chart keeps every caption as it is', () => {
    expect(plain.summary!.cacheErrors).toBe(0);
    const shown = captions(plain);
    for (const c of CHARTS) expect(shown[c.id]).toBe(c.caption);
  });
});

// At a stall chance of 1 (the field's maximum) the latency caption read "stalls 1 of operations
// ...: a window's p99 jumps where they fall", while every operation stalled and no window's p99
// could jump above the rest.
it('at a stall chance of 1 the latency caption says every operation stalls', async () => {
  const config: WorkloadConfig = {
    ...DEFAULT_WORKLOAD,
    requests: 100,
    stallChance: 1,
    stallMs: 10_000,
  };
  const { summary } = await runWorkload(await loadSqlJsNode(), config);
  expect(chartCaveats(config, summary, undefined, []).latency).toBe(
    'The latency model stalls every operation, for 10,000 ms on average: its latencies are mostly those stalls.',
  );
});
