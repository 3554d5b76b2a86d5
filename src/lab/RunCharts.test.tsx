// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload } from '../engine/workload';
import {
  provideIntersectionObserverThatNeverReports,
  provideResizeObserverWithoutLayout,
} from '../platform/jsdomResizeObserver';
import type { LabRun } from './labState';
import { RunCharts } from './RunCharts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
provideResizeObserverWithoutLayout();
provideIntersectionObserverThatNeverReports();

beforeEach(() => {
  vi.useFakeTimers();
  // recharts warns of the zero size jsdom lays every chart out at; the captions are what is read.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The hit-rate chart's caption and legend once every chart has drawn (or chart `index`'s). */
function hitRateChart(run: LabRun, index = 0): { caption: string; legend: string[] } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<RunCharts run={run} />));
  act(() => vi.runAllTimers());
  const figure = container.querySelectorAll('.lab-chart-slot')[index];
  // A finished run's charts draw one at a time, each after the one before has painted.
  for (let ms = 0; ms < 3000 && figure.getAttribute('aria-busy') === 'true'; ms++)
    act(() => vi.advanceTimersByTime(1));
  const shown = {
    caption: figure.querySelector('.lab-chart-caption')?.textContent ?? '',
    legend: [...figure.querySelectorAll('.lab-chart-legend li')].map((li) => li.textContent ?? ''),
  };
  act(() => root.unmount());
  container.remove();
  return shown;
}

const run = (yours?: LabRun['yours']): LabRun => ({
  id: 1,
  name: 'Run',
  config: { ...DEFAULT_WORKLOAD, ttl: 60 },
  series: [],
  summary: null,
  analyticHitRate: 0.9833,
  ...(yours ? { yours } : {}),
});

it("the analytic line beside the learner's read path says it is drawn at the TTL setting", () => {
  const learner = hitRateChart(run({ read: true, write: false }));
  expect(learner.caption).toMatch(
    /^Your read path ran: in the dashed line the model takes every miss to SET with the TTL setting \(TTL 60 s\) and no hit to refresh it; your read path sets its own expiry, which the model does not read/,
  );
  expect(learner.legend).toContain('Analytic λT/(1+λT) at the TTL setting');
  const ours = hitRateChart(run());
  expect(ours.caption).not.toMatch(/your read path/i);
  expect(ours.legend).toContain('Analytic λT/(1+λT)');
});

it.each([
  [
    'write-through',
    /^Write-through ran: its writes store the new row with the TTL too, where the model fills a key only on a miss/,
  ],
  [
    'write-behind',
    /^Write-behind ran: its writes store the row with no expiry, where the model fills a key only on a miss and lets it expire/,
  ],
  [
    'refresh-ahead',
    /^Refresh-ahead ran: a hit with less than half the TTL left reloads the row with a fresh TTL, where the model never renews one/,
  ],
] as const)(
  'the analytic line beside %s says what the model leaves out of it, so a measured rate above the line is no surprise',
  (pattern, said) => {
    const chart = hitRateChart({ ...run(), config: { ...DEFAULT_WORKLOAD, ttl: 60, pattern } });
    expect(chart.caption).toMatch(said);
    expect(chart.caption).toContain('the measured rate can sit above the dashed line');
    for (const p of ['cache-aside', 'read-through'] as const)
      expect(
        hitRateChart({ ...run(), config: { ...DEFAULT_WORKLOAD, ttl: 60, pattern: p } }).caption,
      ).toMatch(/^Of the reads’ GETs/);
  },
);

it("says nothing of the pattern's writes where the learner's write path runs in their place", () => {
  const chart = hitRateChart({
    ...run({ read: false, write: true }),
    config: { ...DEFAULT_WORKLOAD, ttl: 60, pattern: 'write-behind' },
  });
  expect(chart.caption).toMatch(/^Of the reads’ GETs/);
});

// Until 2026-12-07 a run with no GET answered kept the chart's whole caption and an "Analytic"
// line and legend entry, with no measured rate to hold it against.
it('says a run with no GET answered has no hit rate, and draws no analytic line', async () => {
  const SQL = await loadSqlJsNode();
  const said = async (over: Partial<LabRun['config']>) => {
    const config = { ...DEFAULT_WORKLOAD, requests: 200, ...over };
    const { summary, series } = await runWorkload(SQL, config);
    return hitRateChart({ ...run(), config, series, summary });
  };
  const noReads = await said({ readRatio: 0 });
  expect(noReads.caption).toMatch(
    /^No hit rate to draw: Redis answered no GET in this run: no read ran\. A share of no GETs is undefined, not 0%, so there is no measured line, nor an analytic one to hold it against\.$/,
  );
  expect(noReads.legend).toEqual([]);
  const down = await said({
    readRatio: 1,
    faults: [{ kind: 'cache-down', startSeconds: 0, durationSeconds: 10 }],
  });
  expect(down.caption).toMatch(
    /^Cache down from 0 s for 10 s: the reads’ GETs there failed\. No hit rate to draw: Redis answered no GET in this run: the GET of each of its 200 reads failed \(Redis was down\)/,
  );
  expect(down.caption).not.toContain('warming up');
  expect(down.legend).toEqual([]);
});

// Until 2026-12-07 a run in which no request arrived was said to have had "no read ran" on the
// hit-rate chart, and its load and stale-read charts showed a lone dot at 0 with no word.
it('says no request arrived on every chart of a run in which none did', async () => {
  const SQL = await loadSqlJsNode();
  // At 0.001 requests a second the first arrival is due far past the run's 10 s.
  const config = { ...DEFAULT_WORKLOAD, requests: 10, rate: 0.001, durationSeconds: 10 };
  const { summary, series } = await runWorkload(SQL, config);
  const empty: LabRun = { ...run(), config, series, summary };
  const none = "no request arrived within the run's 10.0 s";
  expect(hitRateChart(empty, 0).caption).toMatch(
    new RegExp(`^No hit rate to draw: ${none}, so Redis answered no GET\\. A share of no GETs`),
  );
  expect(hitRateChart(empty, 1).caption).toMatch(new RegExp(`^Nothing to draw: ${none}\\.`));
  expect(hitRateChart(empty, 3).caption).toMatch(new RegExp(`^Nothing to draw: ${none}\\.`));
});

describe('after a run ends', () => {
  /** The charts in view: `IntersectionObserver` reports only these slots (by index) as seen. */
  let inView: number[] = [];
  beforeEach(() => {
    inView = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private readonly report: IntersectionObserverCallback) {}
        observe(element: Element): void {
          const index = [...document.querySelectorAll('.lab-chart-slot')].indexOf(element);
          this.report(
            [
              {
                target: element,
                isIntersecting: inView.includes(index),
              } as IntersectionObserverEntry,
            ],
            this as unknown as IntersectionObserver,
          );
        }
        unobserve(): void {}
        disconnect(): void {}
      },
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  /** When (ms after the run ended) each chart showed the ended run, stepping the clock 1 ms at a time. */
  async function drawnAfterTheEnd(): Promise<number[]> {
    const config = { ...DEFAULT_WORKLOAD, requests: 500, rate: 500, keys: 50 };
    vi.useRealTimers();
    const { series, summary } = await runWorkload(await loadSqlJsNode(), config, {});
    vi.useFakeTimers();
    const live: LabRun = { ...run(), config, series: series.slice(0, 3) };
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    act(() => root.render(<RunCharts run={live} />));
    act(() => vi.advanceTimersByTime(5000));
    act(() => root.render(<RunCharts run={{ ...live, series, summary }} />));
    const slots = [...container.querySelectorAll('.lab-chart-slot')];
    const drawnAt: number[] = slots.map(() => NaN);
    for (let ms = 1; ms <= 3000 && drawnAt.some(Number.isNaN); ms++) {
      act(() => vi.advanceTimersByTime(1));
      for (const [i, slot] of slots.entries())
        if (Number.isNaN(drawnAt[i]) && slot.getAttribute('aria-busy') === 'false') drawnAt[i] = ms;
    }
    act(() => root.unmount());
    container.remove();
    return drawnAt;
  }

  it('every chart draws it within a few frames, one chart at a time', async () => {
    inView = [0, 1];
    const drawnAt = await drawnAfterTheEnd();
    expect(drawnAt.every((ms) => ms <= 250)).toBe(true);
    // Each chart draws in a task of its own, a frame after the one before it.
    expect(new Set(drawnAt).size).toBe(drawnAt.length);
  });

  it('the chart in view draws first', async () => {
    inView = [3];
    const drawnAt = await drawnAfterTheEnd();
    expect(Math.min(...drawnAt)).toBe(drawnAt[3]);
  });
});

// Until 2026-12-07 a long run's latency chart called its merged points the median and the 99th
// percentile: a point of several windows draws their medians' weighted mean and their worst p99.
it('a latency chart whose points merge windows says what its p50 and p99 are there', async () => {
  const config = { ...DEFAULT_WORKLOAD, requests: 1000, rate: 10, keys: 50 };
  vi.useRealTimers();
  const { series, summary } = await runWorkload(await loadSqlJsNode(), config, {});
  vi.useFakeTimers();
  expect(series.length).toBeGreaterThan(400);
  const windows = Math.ceil(series.length / 400);
  const { caption } = hitRateChart({ ...run(), config, series, summary }, 2);
  expect(caption).toContain(
    `Each point here stands for ${windows} windows of ${series[1].t - series[0].t} ms: its p50 is their medians’ mean, weighted by their requests, and its p99 the worst of their p99s`,
  );
  const short = await runWorkload(await loadSqlJsNode(), { ...config, requests: 100 }, {});
  expect(short.series.length).toBeLessThanOrEqual(400);
  expect(
    hitRateChart({ ...run(), config, series: short.series, summary: short.summary }, 2).caption,
  ).not.toContain('Each point here');
});
