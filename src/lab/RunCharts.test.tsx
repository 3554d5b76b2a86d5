// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';
import type { LabRun } from './labStore';
import { RunCharts } from './RunCharts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
provideResizeObserverWithoutLayout();
// jsdom has no IntersectionObserver; the charts draw whether or not one reports them seen.
globalThis.IntersectionObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as unknown as typeof IntersectionObserver;

beforeEach(() => {
  vi.useFakeTimers();
  // recharts warns of the zero size jsdom lays every chart out at; the captions are what is read.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The hit-rate chart's caption and legend once every chart has drawn. */
function hitRateChart(run: LabRun): { caption: string; legend: string[] } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<RunCharts run={run} />));
  act(() => vi.runAllTimers());
  const figure = container.querySelector('.lab-chart-slot')!;
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
