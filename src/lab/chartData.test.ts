import { describe, expect, it } from 'vitest';
import type { MetricsBucket } from '../engine/metrics';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload } from '../engine/workload';
import {
  chartedRun,
  comparisonToCsv,
  mergeBuckets,
  overlayValueAt,
  seriesToCsv,
  timeUnitFor,
  toChartPoints,
} from './chartData';

function bucket(t: number, over: Partial<MetricsBucket> = {}): MetricsBucket {
  return {
    t,
    requests: 10,
    reads: 8,
    writes: 2,
    hits: 6,
    misses: 2,
    hitRate: 0.75,
    cumulativeHitRate: 0.75,
    dbReads: 2,
    dbWrites: 2,
    staleReads: 0,
    staleFills: 0,
    maxStalenessMs: 0,
    evictions: 0,
    cacheErrors: 0,
    oomRefusals: 0,
    lostInvalidations: 0,
    cachedKeys: t / 1000,
    latencyP50Ms: 0.3,
    latencyP99Ms: 2,
    ...over,
  };
}

describe('mergeBuckets', () => {
  it('leaves a short series alone', () => {
    const s = [bucket(0), bucket(1000)];
    expect(mergeBuckets(s, 10)).toBe(s);
  });

  it('adds counts, recomputes rates and keeps maxima and the last level', () => {
    const s = Array.from({ length: 10 }, (_, i) =>
      bucket(i * 1000, i === 3 ? { hits: 8, misses: 0, maxStalenessMs: 40, latencyP99Ms: 9 } : {}),
    );
    const m = mergeBuckets(s, 5);
    expect(m).toHaveLength(5);
    expect(m[1]).toMatchObject({
      t: 2000,
      requests: 20,
      reads: 16,
      hits: 14,
      // Hits over GETs answered (hits + misses).
      hitRate: 14 / 16,
      maxStalenessMs: 40,
      latencyP99Ms: 9,
      cachedKeys: 3,
    });
    expect(m.reduce((n, b) => n + b.requests, 0)).toBe(100);
  });

  it('merges latencies of the windows in which a request finished; none of them, none', () => {
    const none = { latencyP50Ms: null, latencyP99Ms: null };
    const s = [
      bucket(0, none),
      bucket(1000, none),
      bucket(2000, { ...none, requests: 0 }),
      bucket(3000, { latencyP50Ms: 0.6, latencyP99Ms: 3, requests: 0 }),
    ];
    const [quiet, finished] = mergeBuckets(s, 2);
    expect(quiet).toMatchObject(none);
    // Not dragged to 0 by the windows without a figure.
    expect(finished).toMatchObject({ latencyP50Ms: 0.6, latencyP99Ms: 3 });
    const p = toChartPoints(s, timeUnitFor(4000), 4000);
    expect(p[0]).toMatchObject(none);
    expect(seriesToCsv(s).split('\n')[1].split(',').slice(-2)).toEqual(['', '']);
  });
});

// Until 2026-12-07 the overlay's tooltip dropped a config with no point at exactly the x hovered:
// a shorter run's windows lie elsewhere, and its gaps were filtered out.
describe('overlayValueAt', () => {
  const unit = timeUnitFor(1000);
  const p = toChartPoints(
    [bucket(0), bucket(500, { hits: 0, misses: 0, hitRate: null })],
    unit,
    1000,
  );
  it('finds the window holding x, says its gap, and where the run had ended', () => {
    expect(overlayValueAt(p, 'hitRatePct', 0.25, 1)).toEqual({ value: 75 });
    expect(overlayValueAt(p, 'hitRatePct', 0.5, 1)).toEqual({ value: null });
    expect(overlayValueAt(p, 'hitRatePct', 1, 1)).toBe('ended');
  });
});

describe('toChartPoints', () => {
  it('turns counts into per-second rates, with a last partial bucket at its true width', () => {
    const s = [bucket(0), bucket(500)];
    const p = toChartPoints(s, timeUnitFor(1000), 750);
    expect(p[0]).toMatchObject({ x: 0, requestsPerSec: 20, hitRatePct: 75 });
    expect(p[1].requestsPerSec).toBe(40);
  });

  it('divides a last merged point by the windows it holds, not by a full group', () => {
    // 250 windows drawn as at most 100 points: groups of 3, and the last holds one window. Taken
    // as three windows long, its rate read a third of the rate it had.
    const s = Array.from({ length: 250 }, (_, i) => bucket(i * 1000));
    const p = toChartPoints(s, timeUnitFor(250_000), null, 100);
    expect(p.at(-2)?.requestsPerSec).toBe(10);
    expect(p.at(-1)).toMatchObject({ x: 249, requestsPerSec: 10 });
    expect(toChartPoints(s, timeUnitFor(250_000), 250_000, 100).at(-1)?.requestsPerSec).toBe(10);
  });

  it('has no hit rate for a window without GETs answered', () => {
    const p = toChartPoints(
      [bucket(0, { reads: 0, hits: 0, misses: 0, hitRate: null })],
      timeUnitFor(1),
      null,
    );
    expect(p[0].hitRatePct).toBeNull();
  });

  it('has no cumulative hit rate until Redis answers a GET, then the run’s', () => {
    const none = { reads: 0, hits: 0, misses: 0, hitRate: null, cumulativeHitRate: null };
    const p = toChartPoints(
      [bucket(0, none), bucket(500), bucket(1000, { ...none, cumulativeHitRate: 0.75 })],
      timeUnitFor(1500),
      null,
    );
    expect(p.map((x) => x.cumulativeHitRatePct)).toEqual([null, 75, 75]);
    expect(p.map((x) => x.hitRatePct)).toEqual([null, 75, null]);
  });
});

it('picks a readable time unit', () => {
  // A run of a few ms: in seconds its axis read "0 0 0 0 0".
  expect(timeUnitFor(4.6).label).toBe('ms');
  expect(timeUnitFor(999).label).toBe('ms');
  expect(timeUnitFor(1000).label).toBe('s');
  expect(timeUnitFor(60_000).label).toBe('s');
  expect(timeUnitFor(3_600_000).label).toBe('min');
  expect(timeUnitFor(86_400_000).label).toBe('h');
});

it('writes every bucket as a CSV row', () => {
  const csv = seriesToCsv([bucket(0), bucket(1000)])
    .trim()
    .split('\n');
  expect(csv[0].startsWith('t_ms,requests,reads,writes,hits')).toBe(true);
  expect(csv).toHaveLength(3);
  expect(csv[2].startsWith('1000,10,8,2,6')).toBe(true);
});

it('writes no hit rate for a window without GETs: empty cells, not 0', async () => {
  const { series } = await runWorkload(await loadSqlJsNode(), {
    ...DEFAULT_WORKLOAD,
    requests: 300,
    rate: 100,
    readRatio: 0,
  });
  const [header, ...rows] = seriesToCsv(series)
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  expect(rows.length).toBeGreaterThan(1);
  for (const column of ['hitRate', 'cumulativeHitRate'])
    expect(new Set(rows.map((r) => r[header.indexOf(column)]))).toEqual(new Set(['']));
});

it('writes no longest staleness for a window without a stale read: an empty cell, not 0', async () => {
  const { series } = await runWorkload(await loadSqlJsNode(), {
    ...DEFAULT_WORKLOAD,
    requests: 300,
    rate: 100,
    readRatio: 0,
  });
  const [header, ...rows] = seriesToCsv(series)
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  expect(rows.length).toBeGreaterThan(1);
  expect(new Set(rows.map((r) => r[header.indexOf('maxStalenessMs')]))).toEqual(new Set(['']));
});

describe('longest staleness of a window without a stale read', () => {
  const none = { staleReads: 0, maxStalenessMs: null };
  it('is no point on the chart (a gap), not 0 ms', async () => {
    const { series } = await runWorkload(await loadSqlJsNode(), {
      ...DEFAULT_WORKLOAD,
      requests: 300,
      rate: 100,
      readRatio: 0,
    });
    const p = toChartPoints(series, timeUnitFor(3000), null);
    expect(p.length).toBeGreaterThan(1);
    expect(new Set(p.map((x) => x.maxStalenessMs))).toEqual(new Set([null]));
  });

  it('stays none when merged with windows without one, and gives way to one that has', () => {
    const s = [
      bucket(0, none),
      bucket(1000, none),
      bucket(2000, none),
      bucket(3000, { staleReads: 2, maxStalenessMs: 40 }),
    ];
    expect(mergeBuckets(s, 2).map((b) => b.maxStalenessMs)).toEqual([null, 40]);
  });
});

it("writes every compared configuration's buckets in one CSV, each row naming its letter, settings and programs", () => {
  const faults = [{ kind: 'cache-down' as const, startSeconds: 5, durationSeconds: 3 }];
  const csv = comparisonToCsv([
    { name: 'A', series: [bucket(0), bucket(1000)], config: DEFAULT_WORKLOAD },
    {
      name: 'B',
      series: [bucket(0)],
      config: { ...DEFAULT_WORKLOAD, ttl: 5, faults },
      yours: { read: true, write: false },
    },
  ])
    .trim()
    .split('\n');
  expect(csv[0].startsWith('config,programs,settings,t_ms,requests,reads,')).toBe(true);
  expect(csv).toHaveLength(4);
  expect(csv[2].startsWith('A,ours,defaults,1000,10,8,2,6')).toBe(true);
  // The settings as a lab link carries them (#/lab?ttl=5&faults=...), which reopens the run.
  const settings = `ttl=5&faults=${encodeURIComponent(JSON.stringify(faults))}`;
  expect(csv[3].startsWith(`B,your read path,${settings},0,`)).toBe(true);
  // Every row has as many cells as the header.
  for (const line of csv) expect(line.split(',')).toHaveLength(csv[0].split(',').length);
});

describe('chartedRun', () => {
  const series = Array.from({ length: 620 }, (_, i) => bucket(i * 1000));
  it('charts the request window when a long drain followed it', () => {
    const summary = {
      dbReads: 0,
      virtualDurationMs: 619_900,
      requestWindow: { startMs: 1, endMs: 19_950, cachedKeys: 990 },
    };
    const charted = chartedRun(series, summary);
    expect(charted.endMs).toBe(19_950);
    expect(charted.series.length).toBe(20);
    expect(charted.series.at(-1)?.t).toBe(19_000);
  });
  it("ends the keys line at the keys in Redis when the requests ended, not after the drain's first DELs", () => {
    // The last charted bucket runs on past the window's end: the engine samples its keys at the
    // bucket's end, after the change log's consumer has deleted some (990 at 19.95 s, 985 at 20 s).
    const summary = {
      dbReads: 0,
      virtualDurationMs: 619_900,
      requestWindow: { startMs: 1, endMs: 19_950, cachedKeys: 990 },
    };
    const drained = series.map((b) => (b.t === 19_000 ? { ...b, cachedKeys: 985 } : b));
    const charted = chartedRun(drained, summary);
    expect(charted.series.at(-1)?.cachedKeys).toBe(990);
    expect(charted.series.at(-2)?.cachedKeys).toBe(18);
    expect(drained[19].cachedKeys).toBe(985);
  });
  it('divides the last charted window by its real length, which runs on into the drain', () => {
    // The requests end at 19.95 s inside the window 19 s to 20 s; the drain's write-behind
    // flushes in its last 50 ms are counted in it too. Divided by the 0.95 s up to the requests'
    // end, its DB writes read 10.5/s where the window held 10 a second (the point sat high).
    const summary = {
      dbReads: 0,
      virtualDurationMs: 619_900,
      requestWindow: { startMs: 1, endMs: 19_950, cachedKeys: 990 },
    };
    const drained = series.map((b) => (b.t === 19_000 ? { ...b, requests: 9, dbWrites: 10 } : b));
    const charted = chartedRun(drained, summary);
    const last = toChartPoints(charted.series, timeUnitFor(charted.endMs), charted.countedToMs).at(
      -1,
    );
    expect(last).toMatchObject({ x: 19, requestsPerSec: 9, dbWritesPerSec: 10 });
  });
  it('divides a run’s last partial window by the time it lasted, drain or none', () => {
    const summary = {
      dbReads: 0,
      virtualDurationMs: 19_500,
      requestWindow: { startMs: 1, endMs: 19_500, cachedKeys: 990 },
    };
    const charted = chartedRun(series.slice(0, 20), summary);
    const last = toChartPoints(charted.series, timeUnitFor(charted.endMs), charted.countedToMs).at(
      -1,
    );
    expect(last?.requestsPerSec).toBe(20);
  });
  it('charts the whole run when nothing drained', () => {
    const summary = {
      dbReads: 0,
      virtualDurationMs: 619_900,
      requestWindow: { startMs: 1, endMs: 619_900, cachedKeys: 990 },
    };
    expect(chartedRun(series, summary)).toEqual({ series, endMs: 619_900, countedToMs: 619_900 });
  });
});
