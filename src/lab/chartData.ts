import type { MetricsBucket } from '../engine/metrics';
import { runSpan } from '../engine/requestWindow';
import type { YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig, WorkloadSummary } from '../engine/workload';
import { programsWords } from './configDifference';
import { configToQuery } from './labConfig';

/** Most points a chart series draws. */
export const MAX_POINTS = 1000;

/** One chart point: a (possibly merged) bucket with counts turned into per-second rates. */
export interface ChartPoint {
  /** Bucket start in the chart's time unit. */
  x: number;
  /** Null where Redis answered no GET: in the window, or since the start. */
  hitRatePct: number | null;
  cumulativeHitRatePct: number | null;
  requestsPerSec: number;
  dbReadsPerSec: number;
  dbWritesPerSec: number;
  /** Null where no request finished in the window. */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  staleReadsPerSec: number;
  /** Null where no read was stale in the window. */
  maxStalenessMs: number | null;
  cachedKeys: number;
  evictionsPerSec: number;
  cacheErrorsPerSec: number;
}

export interface TimeUnit {
  label: 'ms' | 's' | 'min' | 'h';
  ms: number;
}

const MILLISECONDS: TimeUnit = { label: 'ms', ms: 1 };
const SECONDS: TimeUnit = { label: 's', ms: 1000 };
const MINUTES: TimeUnit = { label: 'min', ms: 60_000 };
const HOURS: TimeUnit = { label: 'h', ms: 3_600_000 };

/**
 * Milliseconds for runs under a second (in seconds, the ticks of a 5 ms run all read "0"),
 * seconds up to 10 min, minutes up to 5 h, hours beyond (the same object each time).
 */
export function timeUnitFor(spanMs: number): TimeUnit {
  if (spanMs < 1000) return MILLISECONDS;
  if (spanMs <= 600_000) return SECONDS;
  if (spanMs <= 5 * 3_600_000) return MINUTES;
  return HOURS;
}

/**
 * What a finished run's charts cover: the request window. A long drain after it (CDC
 * invalidations minutes behind) would leave the requests a sliver of the axis, so its buckets
 * are left off the charts (the CSV keeps them) and the summary says how long it lasted.
 * `endMs` is where the axis ends; `countedToMs` where the counting ended (the run's end), which
 * {@link toChartPoints} takes: the last charted window runs on past the requests' end into the
 * drain, and counts what the drain did in it (write-behind flushes), so its rates are over the
 * time it really lasted, not over its part up to the requests' end (they read high).
 */
export function chartedRun(
  series: readonly MetricsBucket[],
  summary: Pick<WorkloadSummary, 'requestWindow' | 'virtualDurationMs' | 'dbReads'>,
): { series: readonly MetricsBucket[]; endMs: number; countedToMs: number } {
  const countedToMs = summary.virtualDurationMs;
  if (!runSpan(summary).hasDrain) return { series, endMs: countedToMs, countedToMs };
  const endMs = summary.requestWindow?.endMs ?? summary.virtualDurationMs;
  const cut = series.findIndex((b) => b.t >= endMs);
  const charted = cut < 0 ? series : series.slice(0, Math.max(1, cut));
  // The last charted bucket runs on past the window's end, and its keys were counted at the
  // bucket's end, after the drain's first DELs: the line ends where the axis does, at the keys
  // the summary says were in Redis when the requests ended.
  const lastKeys = summary.requestWindow?.cachedKeys;
  if (lastKeys === undefined || charted.at(-1)?.cachedKeys === lastKeys)
    return { series: charted, endMs, countedToMs };
  return {
    series: [...charted.slice(0, -1), { ...charted[charted.length - 1], cachedKeys: lastKeys }],
    endMs,
    countedToMs,
  };
}

/** Bucket width of a series (the engine's buckets are equal but for the last). */
export function bucketWidth(series: readonly MetricsBucket[]): number {
  return series.length > 1 ? series[1].t - series[0].t : 1000;
}

/**
 * Merges runs of adjacent buckets so at most `maxPoints` remain. Counts add up, rates are
 * recomputed from them, maxima stay maxima; p99 takes the group's worst bucket and p50 the
 * request-weighted mean, since bucket percentiles cannot be merged exactly.
 */
export function mergeBuckets(
  series: readonly MetricsBucket[],
  maxPoints = MAX_POINTS,
): MetricsBucket[] {
  if (series.length <= maxPoints) return series as MetricsBucket[];
  const k = Math.ceil(series.length / maxPoints);
  const out: MetricsBucket[] = [];
  for (let i = 0; i < series.length; i += k) {
    const group = series.slice(i, i + k);
    const last = group[group.length - 1];
    const m: MetricsBucket = { ...group[0] };
    let p50Weighted = 0;
    for (const b of group.slice(1)) {
      m.requests += b.requests;
      m.reads += b.reads;
      m.writes += b.writes;
      m.hits += b.hits;
      m.misses += b.misses;
      m.dbReads += b.dbReads;
      m.dbWrites += b.dbWrites;
      m.staleReads += b.staleReads;
      m.staleFills += b.staleFills;
      m.evictions += b.evictions;
      m.cacheErrors += b.cacheErrors;
      m.oomRefusals += b.oomRefusals;
      m.lostInvalidations += b.lostInvalidations;
      if (b.maxStalenessMs !== null)
        m.maxStalenessMs = Math.max(m.maxStalenessMs ?? 0, b.maxStalenessMs);
      if (b.latencyP99Ms !== null) m.latencyP99Ms = Math.max(m.latencyP99Ms ?? 0, b.latencyP99Ms);
    }
    // Only windows in which a request finished have a median to weigh (by their requests; by
    // one each where those came in earlier windows); none of them, no median.
    let weights = 0;
    let withLatency = 0;
    let p50Sum = 0;
    for (const b of group) {
      if (b.latencyP50Ms === null) continue;
      p50Weighted += b.latencyP50Ms * b.requests;
      weights += b.requests;
      p50Sum += b.latencyP50Ms;
      withLatency++;
    }
    m.latencyP50Ms =
      withLatency === 0 ? null : weights > 0 ? p50Weighted / weights : p50Sum / withLatency;
    m.hitRate = m.hits + m.misses ? m.hits / (m.hits + m.misses) : null;
    m.cumulativeHitRate = last.cumulativeHitRate;
    m.cachedKeys = last.cachedKeys;
    out.push(m);
  }
  return out;
}

/**
 * Chart points for a series: merged to at most `maxPoints`, counts per second of virtual time,
 * each over the time its windows lasted. `countedToMs` is where the run's counting ended (null
 * while it streams in), so a last window the run's end cut short is divided by its real length,
 * not a full one; a last merged point holds only the windows left over, not a full group.
 */
export function toChartPoints(
  series: readonly MetricsBucket[],
  unit: TimeUnit,
  countedToMs: number | null,
  maxPoints = MAX_POINTS,
): ChartPoint[] {
  if (series.length === 0) return [];
  const width = bucketWidth(series);
  const merged = mergeBuckets(series, maxPoints);
  const seriesEnd = series[series.length - 1].t + width;
  return merged.map((b, i) => {
    const nextT = i + 1 < merged.length ? merged[i + 1].t : seriesEnd;
    const spanMs = Math.max(1, Math.min(nextT, countedToMs ?? nextT) - b.t);
    const perSec = (n: number): number => (n * 1000) / spanMs;
    return {
      x: b.t / unit.ms,
      hitRatePct: b.hitRate === null ? null : b.hitRate * 100,
      cumulativeHitRatePct: b.cumulativeHitRate === null ? null : b.cumulativeHitRate * 100,
      requestsPerSec: perSec(b.requests),
      dbReadsPerSec: perSec(b.dbReads),
      dbWritesPerSec: perSec(b.dbWrites),
      latencyP50Ms: b.latencyP50Ms,
      latencyP99Ms: b.latencyP99Ms,
      staleReadsPerSec: perSec(b.staleReads),
      maxStalenessMs: b.maxStalenessMs,
      cachedKeys: b.cachedKeys,
      evictionsPerSec: perSec(b.evictions),
      cacheErrorsPerSec: perSec(b.cacheErrors),
    };
  });
}

const CSV_COLUMNS: (keyof MetricsBucket)[] = [
  't',
  'requests',
  'reads',
  'writes',
  'hits',
  'misses',
  'hitRate',
  'cumulativeHitRate',
  'dbReads',
  'dbWrites',
  'staleReads',
  'staleFills',
  'maxStalenessMs',
  'evictions',
  'cacheErrors',
  'oomRefusals',
  'lostInvalidations',
  'cachedKeys',
  'latencyP50Ms',
  'latencyP99Ms',
];

// A hit rate of a window without GETs, or the longest staleness of one without a stale read, is
// no figure: an empty cell, not 0 (nor "null").
const csvRow = (b: MetricsBucket): string => CSV_COLUMNS.map((c) => b[c] ?? '').join(',');
const CSV_HEADER = ['t_ms', ...CSV_COLUMNS.slice(1)].join(',');

/** The full (not downsampled) series as CSV, one bucket a row, times in virtual ms. */
export function seriesToCsv(series: readonly MetricsBucket[]): string {
  return [CSV_HEADER, ...series.map(csvRow)].join('\n') + '\n';
}

/**
 * The series CSV's file name, which says when the series is not a whole run: exported while the
 * run is still going (`-partial`), or of a run stopped early (`-stopped`).
 */
export function seriesFileName(run: { summary: { stopped: boolean } | null }): string {
  const part = run.summary === null ? '-partial' : run.summary.stopped ? '-stopped' : '';
  return `cache-aside-lab-series${part}.csv`;
}

/** A CSV cell: quoted, its quotes doubled, when it holds a comma, a quote or a line break. */
const csvCell = (text: string): string =>
  /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

/**
 * The compared configurations' full series in one CSV, each row naming its configuration: its
 * letter, whose programs ran (`programs`: ours, your read path), and its settings as a lab link
 * carries them (`settings`: those that differ from the defaults, `ttl=5&writePolicy=update-cache`,
 * or "defaults"), so the file says what each row ran without the page beside it. One table a
 * spreadsheet can pivot or filter by configuration.
 */
export function comparisonToCsv(
  runs: readonly {
    name: string;
    series: readonly MetricsBucket[];
    config: WorkloadConfig;
    yours?: YourPaths;
  }[],
): string {
  const rows = runs.flatMap((r) => {
    const label = [r.name, programsWords(r.yours), configToQuery(r.config) || 'defaults']
      .map(csvCell)
      .join(',');
    return r.series.map((b) => `${label},${csvRow(b)}`);
  });
  return [`config,programs,settings,${CSV_HEADER}`, ...rows].join('\n') + '\n';
}

/**
 * What one run's line of the comparison overlay says at `x` (in the axis's unit): its window
 * there, found by time, not by an equal x (runs of other lengths have their windows elsewhere),
 * as the value (null: a gap, no figure in that window), or `ended` past `endX`, where its run had
 * ended. Until 2026-12-07 the overlay's tooltip dropped a run that had no point at exactly `x`.
 */
export function overlayValueAt(
  points: readonly ChartPoint[],
  key: keyof ChartPoint,
  x: number,
  endX: number,
): { value: number | null } | 'ended' {
  if (points.length === 0 || x >= endX) return 'ended';
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid].x <= x) lo = mid;
    else hi = mid - 1;
  }
  return { value: points[lo][key] };
}
