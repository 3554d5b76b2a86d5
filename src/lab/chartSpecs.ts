import type { ChartPoint } from './chartData';
import { COLORS, DASH, formatNumber } from './chartTheme';
import type { LegendEntry } from './download';
import { hitRateText } from './summaryFigures';

export interface SeriesSpec {
  key: keyof ChartPoint | 'analyticPct' | 'rows';
  name: string;
  color: string;
  unit: string;
  right?: boolean;
  /** Its stroke-dasharray: each line of a chart has its own (DASH). */
  dash?: string;
  /** What its tooltip says where it has no point (a gap): why there is no figure. */
  none?: string;
}

/**
 * A tooltip's `itemSorter` that lists its lines in the legend's order (`names`, top to bottom):
 * recharts sorts them by name by default, so until 2026-12-07 a tooltip read "Longest staleness"
 * above "Stale reads/s", the legend the other way. A name not in the legend goes last.
 */
export function inLegendOrder(names: readonly string[]): (item: { name?: unknown }) => number {
  return (item) => {
    const at = names.indexOf(String(item.name));
    return at < 0 ? names.length : at;
  };
}

/**
 * A line's value as its tooltip says it, or why it has none there. A hit rate reads as the
 * summary writes it: until 2026-12-07 the tooltip gave three decimals, 98.326% beside the
 * summary's 98.33%, and a cumulative rate of 99.9999% (one miss in a million GETs) as "100%".
 */
export function tooltipValue(
  line: Pick<SeriesSpec, 'unit' | 'none'> | undefined,
  value: unknown,
): string {
  if (value === null || value === undefined) return line?.none ?? 'none';
  if (line?.unit === '%') return hitRateText(Number(value) / 100);
  return `${formatNumber(Number(value), 3)}${line?.unit ?? ''}`;
}

export type Point = ChartPoint & { analyticPct?: number; rows?: number };

export interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  left: string;
  right?: string;
  leftDomain?: [number, number];
  series: SeriesSpec[];
}

/** A hit rate's tooltip where Redis answered no GET: no reads, or every GET failed. */
const NO_GET_ANSWERED = 'no GET Redis answered';

/** A latency's tooltip in a window in which no request finished. */
const NO_REQUEST_FINISHED = 'no request finished';

/**
 * What a rate's last point is. The last window is cut short where the run ended in it, and after
 * a run that drained it runs on past the requests' end, where the axis stops: divided by the part
 * up to the axis' end, the drain's write-behind flushes in it read as a burst of DB writes.
 */
const RATE_NOTE =
  'Each rate is a window’s count over the time the window lasted, the last window’s too: shorter where the run ended in it, and, after a run that drained, running on past the requests’ end with the drain’s work in it (write-behind’s flushes).';

/**
 * The analytic model as the hit-rate and sweep charts' captions say it: what it is, and what it
 * leaves out. A full cache under noeviction refuses the fill (OOM), which the model, filling the
 * cache at every miss, leaves out as it does eviction (until 2026-12-06 it named only writes and
 * eviction).
 */
export const MODEL_CAPTION =
  'The dashed line is the TTL-cache model λT/(1+λT), where λ is one key’s read rate (requests per second × read ratio × that key’s Zipf share) and T the TTL in seconds, averaged over keys by popularity; it leaves out writes, eviction and a full cache refusing the fill (OOM under noeviction): it fills the cache at every miss; and it takes a refill to be instant: reads that arrive while a miss is loading the row miss too, so a key read hundreds of times a second sits below it.';

export const CHARTS: ChartSpec[] = [
  {
    id: 'hit-rate',
    title: 'Hit rate over time',
    caption: `Of the reads’ GETs Redis answered, the share it answered with a cached row, in each time window and since the start (one GET per read, unless a read waits on a lease or a lock and asks again). A tombstone, which a versioned fill’s writer leaves in place of the row, is a value to Redis but holds no row: the read counts it as a miss and goes to the database. A GET that failed, Redis being down, counts as neither: the Cache errors/s line of "Requests vs database load" shows those. ${MODEL_CAPTION} The climb at the start is the cold cache warming up.`,
    left: 'Hit rate (%)',
    leftDomain: [0, 100],
    series: [
      {
        key: 'hitRatePct',
        name: 'Per window',
        color: COLORS.hit,
        unit: '%',
        none: NO_GET_ANSWERED,
      },
      {
        key: 'cumulativeHitRatePct',
        name: 'Cumulative',
        color: COLORS.cumulative,
        unit: '%',
        dash: DASH.dotted,
        none: NO_GET_ANSWERED,
      },
      {
        key: 'analyticPct',
        name: 'Analytic λT/(1+λT)',
        color: COLORS.analytic,
        unit: '%',
        dash: DASH.dashed,
      },
    ],
  },
  {
    id: 'load',
    title: 'Requests vs database load',
    caption: `Every request the application served against the reads that reached the database: the gap is the load the cache takes off it. Cache errors/s counts every command of the application’s that Redis refused (under noeviction at Max keys, each command that would add a key, refused for memory: OOM) or could not be reached for (Redis down), not only failed GETs. ${RATE_NOTE}`,
    left: 'Per second',
    series: [
      { key: 'requestsPerSec', name: 'Requests/s', color: COLORS.requests, unit: '/s' },
      {
        key: 'dbReadsPerSec',
        name: 'DB reads/s',
        color: COLORS.dbReads,
        unit: '/s',
        dash: DASH.dotted,
      },
      {
        key: 'dbWritesPerSec',
        name: 'DB writes/s',
        color: COLORS.dbWrites,
        unit: '/s',
        dash: DASH.dashDot,
      },
      {
        key: 'cacheErrorsPerSec',
        name: 'Cache errors/s',
        color: COLORS.errors,
        unit: '/s',
        dash: DASH.dashed,
      },
    ],
  },
  {
    id: 'latency',
    title: 'Request latency',
    caption:
      'Median and 99th percentile time from a request’s arrival to its reply, in virtual time.',
    left: 'Latency (ms)',
    series: [
      {
        key: 'latencyP50Ms',
        name: 'p50',
        color: COLORS.p50,
        unit: ' ms',
        none: NO_REQUEST_FINISHED,
      },
      {
        key: 'latencyP99Ms',
        name: 'p99',
        color: COLORS.p99,
        unit: ' ms',
        dash: DASH.dotted,
        none: NO_REQUEST_FINISHED,
      },
    ],
  },
  {
    id: 'staleness',
    title: 'Stale reads',
    caption: `Reads that returned an older version than the database held, and how far behind the worst one was. ${RATE_NOTE}`,
    left: 'Stale reads per second',
    right: 'Longest staleness (ms)',
    series: [
      { key: 'staleReadsPerSec', name: 'Stale reads/s', color: COLORS.stale, unit: '/s' },
      {
        key: 'maxStalenessMs',
        name: 'Longest staleness',
        color: COLORS.staleness,
        unit: ' ms',
        right: true,
        dash: DASH.dotted,
        none: 'no stale read',
      },
    ],
  },
  {
    id: 'cache-size',
    title: 'Keys in Redis vs rows',
    caption: `Keys in Redis at the end of each window against the rows in the database, and evictions when the cache is bounded. ${RATE_NOTE}`,
    left: 'Keys',
    right: 'Evictions per second',
    series: [
      { key: 'cachedKeys', name: 'Keys in Redis', color: COLORS.keys, unit: '' },
      { key: 'rows', name: 'Rows in DB', color: COLORS.rows, unit: '', dash: DASH.dashed },
      {
        key: 'evictionsPerSec',
        name: 'Evictions/s',
        color: COLORS.evictions,
        unit: '/s',
        right: true,
        dash: DASH.dotted,
      },
    ],
  },
];

/** The sweep chart's lines, in the order drawn; each with its own dash as well as colour. */
export const SWEEP_LEGEND: LegendEntry[] = [
  { name: 'Hit rate (measured)', color: COLORS.hit, dash: DASH.solid },
  { name: 'Hit rate (analytic)', color: COLORS.analytic, dash: DASH.dashed },
  { name: 'Stale-read rate', color: COLORS.stale, dash: DASH.dotted },
];
