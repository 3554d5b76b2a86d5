import { memo, useDeferredValue, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from './ChartCard';
import { toChartPoints, timeUnitFor, type ChartPoint, type TimeUnit } from './chartData';
import { AXIS, COLORS, GRID, TOOLTIP_STYLE, formatNumber } from './chartTheme';
import { faultMarks } from './faultMarks';
import { expectedRunSeconds } from './labConfig';
import type { LabRun } from './labStore';
import { useThrottled } from './useThrottled';
import type { Fault } from '../engine/workload';

interface SeriesSpec {
  key: keyof ChartPoint | 'analyticPct' | 'rows';
  name: string;
  color: string;
  unit: string;
  right?: boolean;
  dashed?: boolean;
}

type Point = ChartPoint & { analyticPct?: number; rows?: number };

interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  left: string;
  right?: string;
  leftDomain?: [number, number];
  series: SeriesSpec[];
}

const CHARTS: ChartSpec[] = [
  {
    id: 'hit-rate',
    title: 'Hit rate over time',
    caption:
      'Share of reads served by Redis in each time window and since the start; the dashed line is the TTL-cache model (no writes, no eviction). The climb at the start is the cold cache warming up.',
    left: 'Hit rate (%)',
    leftDomain: [0, 100],
    series: [
      { key: 'hitRatePct', name: 'Per window', color: COLORS.hit, unit: '%' },
      { key: 'cumulativeHitRatePct', name: 'Cumulative', color: COLORS.cumulative, unit: '%' },
      {
        key: 'analyticPct',
        name: 'Analytic λT/(1+λT)',
        color: COLORS.analytic,
        unit: '%',
        dashed: true,
      },
    ],
  },
  {
    id: 'load',
    title: 'Requests vs database load',
    caption:
      'Every request the application served against the reads that reached the database: the gap is the load the cache takes off it.',
    left: 'Per second',
    series: [
      { key: 'requestsPerSec', name: 'Requests/s', color: COLORS.requests, unit: '/s' },
      { key: 'dbReadsPerSec', name: 'DB reads/s', color: COLORS.dbReads, unit: '/s' },
      { key: 'dbWritesPerSec', name: 'DB writes/s', color: COLORS.dbWrites, unit: '/s' },
      {
        key: 'cacheErrorsPerSec',
        name: 'Cache errors/s',
        color: COLORS.errors,
        unit: '/s',
        dashed: true,
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
      { key: 'latencyP50Ms', name: 'p50', color: COLORS.p50, unit: ' ms' },
      { key: 'latencyP99Ms', name: 'p99', color: COLORS.p99, unit: ' ms' },
    ],
  },
  {
    id: 'staleness',
    title: 'Stale reads',
    caption:
      'Reads that returned an older version than the database held, and how far behind the worst one was.',
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
      },
    ],
  },
  {
    id: 'cache-size',
    title: 'Keys cached vs rows',
    caption:
      'Keys in Redis at the end of each window against the rows in the database, and evictions when the cache is bounded.',
    left: 'Keys',
    right: 'Evictions per second',
    series: [
      { key: 'cachedKeys', name: 'Keys cached', color: COLORS.keys, unit: '' },
      { key: 'rows', name: 'Rows in DB', color: COLORS.rows, unit: '', dashed: true },
      {
        key: 'evictionsPerSec',
        name: 'Evictions/s',
        color: COLORS.evictions,
        unit: '/s',
        right: true,
      },
    ],
  },
];

interface ChartProps {
  spec: ChartSpec;
  points: Point[];
  unit: TimeUnit;
  xMax: number;
  faults: readonly Fault[];
}

const OneChart = memo(function OneChart({ spec, points, unit, xMax, faults }: ChartProps) {
  const legend = spec.series.map((s) => ({ name: s.name, color: s.color }));
  const units = new Map(spec.series.map((s) => [s.name, s.unit]));
  return (
    <ChartCard
      title={spec.title}
      caption={spec.caption}
      fileName={`lab-${spec.id}`}
      legend={legend}
    >
      <LineChart data={points} margin={{ top: 8, right: spec.right ? 8 : 24, bottom: 18, left: 8 }}>
        <CartesianGrid stroke={GRID} strokeDasharray="3 3" />
        <XAxis
          dataKey="x"
          type="number"
          domain={[0, xMax]}
          allowDataOverflow
          {...AXIS}
          tickFormatter={(v: number) => formatNumber(v, 1)}
          label={{
            value: `Virtual time (${unit.label})`,
            position: 'insideBottom',
            offset: -10,
            fill: AXIS.stroke,
            fontSize: 11,
          }}
        />
        <YAxis
          {...AXIS}
          domain={spec.leftDomain ?? [0, 'auto']}
          tickFormatter={(v: number) => formatNumber(v, 1)}
          label={{
            value: spec.left,
            angle: -90,
            position: 'insideLeft',
            fill: AXIS.stroke,
            fontSize: 11,
            style: { textAnchor: 'middle' },
          }}
          width={62}
        />
        {spec.right && (
          <YAxis
            yAxisId="right"
            orientation="right"
            {...AXIS}
            domain={[0, 'auto']}
            tickFormatter={(v: number) => formatNumber(v, 1)}
            label={{
              value: spec.right,
              angle: 90,
              position: 'insideRight',
              fill: AXIS.stroke,
              fontSize: 11,
              style: { textAnchor: 'middle' },
            }}
            width={62}
          />
        )}
        <Tooltip
          {...TOOLTIP_STYLE}
          isAnimationActive={false}
          labelFormatter={(x) => `t = ${formatNumber(Number(x), 2)} ${unit.label}`}
          formatter={(value, name) => [
            value === null || value === undefined
              ? 'no reads'
              : `${formatNumber(Number(value), 3)}${units.get(String(name)) ?? ''}`,
            name,
          ]}
        />
        <Legend verticalAlign="top" height={24} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
        {faultMarks(faults, unit)}
        {spec.series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            yAxisId={s.right ? 'right' : 0}
            stroke={s.color}
            strokeWidth={s.dashed ? 1.5 : 2}
            strokeDasharray={s.dashed ? '6 4' : undefined}
            dot={false}
            activeDot={{ r: 3 }}
            isAnimationActive={false}
            connectNulls={false}
            type="linear"
          />
        ))}
      </LineChart>
    </ChartCard>
  );
});

/** The five charts of the run on screen, with its fault periods shaded on each. */
export function RunCharts({ run }: { run: LabRun }) {
  // Redraw a few times a second while buckets stream in, and at low priority so input stays quick.
  const series = useDeferredValue(useThrottled(run.series, run.summary ? 0 : 400));
  const endMs = run.summary ? run.summary.virtualDurationMs : expectedRunSeconds(run.config) * 1000;
  const unit = timeUnitFor(endMs);
  const analytic = run.analyticHitRate;
  const rows = run.config.keys;
  const points = useMemo(
    () =>
      toChartPoints(series, unit, run.summary ? run.summary.virtualDurationMs : null).map((p) => ({
        ...p,
        rows,
        ...(analytic !== null ? { analyticPct: analytic * 100 } : {}),
      })),
    [series, unit, run.summary, analytic, rows],
  );
  const xMax = endMs / unit.ms;
  return (
    <div className="lab-charts">
      {CHARTS.map((spec) => (
        <OneChart
          key={spec.id}
          spec={spec}
          points={points}
          unit={unit}
          xMax={xMax}
          faults={run.config.faults}
        />
      ))}
    </div>
  );
}
