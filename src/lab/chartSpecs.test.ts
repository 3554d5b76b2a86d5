import { describe, expect, it } from 'vitest';
import { CHARTS, inLegendOrder, SWEEP_LEGEND, tooltipValue } from './chartSpecs';
import { DASH, RUN_COLORS, RUN_DASHES } from './chartTheme';
import { MAX_COMPARED } from './labState';

/** Two lines of one chart with the same dash would be told apart by their colour alone. */
const dashes = (lines: readonly { dash?: string }[]) => lines.map((l) => l.dash ?? 'solid');

describe('each line of a chart has its own dash, not only its own colour', () => {
  it.each(CHARTS.map((c) => [c.title, c.series] as const))('%s', (_title, series) => {
    expect(new Set(dashes(series)).size).toBe(series.length);
  });

  it('the TTL sweep', () => {
    expect(new Set(dashes(SWEEP_LEGEND)).size).toBe(SWEEP_LEGEND.length);
  });

  it('the compared configurations A to D', () => {
    expect(RUN_COLORS).toHaveLength(MAX_COMPARED);
    expect(new Set(dashes(RUN_DASHES.map((dash) => ({ dash })))).size).toBe(MAX_COMPARED);
  });

  it('the analytic model stays the dashed line its caption names', () => {
    const hitRate = CHARTS.find((c) => c.id === 'hit-rate')!;
    expect(hitRate.caption).toContain('The dashed line is the TTL-cache model');
    expect(hitRate.series.filter((s) => s.dash === DASH.dashed).map((s) => s.name)).toEqual([
      'Analytic λT/(1+λT)',
    ]);
  });
});

describe('the hit-rate chart defines the rate as the engine counts it', () => {
  it('a tombstone (versioned fills) is a value to Redis but counts as a miss', () => {
    const hitRate = CHARTS.find((c) => c.id === 'hit-rate')!;
    expect(hitRate.caption).toContain('the share it answered with a cached row');
    expect(hitRate.caption).toContain('the read counts it as a miss');
  });
});

describe('a tooltip where a line has no point says why', () => {
  const line = (chart: string, key: string) =>
    CHARTS.find((c) => c.id === chart)!.series.find((s) => s.key === key)!;

  it('the longest staleness of a window without a stale read', () => {
    expect(tooltipValue(line('staleness', 'maxStalenessMs'), null)).toBe('no stale read');
    expect(tooltipValue(line('staleness', 'maxStalenessMs'), 12.5)).toBe('12.5 ms');
  });

  it('the hit rate of a window in which Redis answered no GET', () => {
    expect(tooltipValue(line('hit-rate', 'hitRatePct'), null)).toBe('no GET Redis answered');
  });

  // Until 2026-12-07 a tooltip gave 98.326% beside the summary's 98.33%, and one miss in a
  // million GETs as "100%", where the summary says "over 99.99%".
  it('a hit rate as the summary writes it, never rounded onto 100% it is not', () => {
    expect(tooltipValue(line('hit-rate', 'analyticPct'), 98.3264)).toBe('98.33%');
    expect(tooltipValue(line('hit-rate', 'cumulativeHitRatePct'), 99.9999)).toBe('over 99.99%');
    expect(tooltipValue(line('hit-rate', 'hitRatePct'), 0.0001)).toBe('under 0.01%');
  });
});

describe('a rate chart says what its last point is', () => {
  it.each(['load', 'staleness', 'cache-size'])('%s', (id) => {
    const chart = CHARTS.find((c) => c.id === id)!;
    expect(chart.series.some((s) => s.unit === '/s')).toBe(true);
    expect(chart.caption).toContain('the last window’s too');
  });
});

// Until 2026-12-07 recharts sorted a tooltip's lines by name: "Longest staleness" above "Stale
// reads/s", the legend the other way.
it('a tooltip lists its lines in the legend’s order', () => {
  const names = ['Stale reads/s', 'Longest staleness'];
  const byName = [{ name: 'Longest staleness' }, { name: 'Stale reads/s' }, { name: 'other' }];
  const order = inLegendOrder(names);
  expect([...byName].sort((a, b) => order(a) - order(b)).map((i) => i.name)).toEqual([
    'Stale reads/s',
    'Longest staleness',
    'other',
  ]);
});
