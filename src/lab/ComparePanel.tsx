import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { WorkloadConfig, WorkloadSummary } from '../engine/workload';
import { runSpan } from '../engine/requestWindow';
import { cacheErrorsCell } from './cacheErrorsText';
import { analyticModelText } from './modelBreaks';
import { settingsCell } from './configDifference';
import { hasLonePoint, loneDot } from './loneDot';
import { ChartCard } from './ChartCard';
import { comparedFaults, faultMarks } from './faultMarks';
import { gridAtAxisTicks, timeAxisTicks } from './chartGrid';
import {
  chartedRun,
  comparisonToCsv,
  overlayValueAt,
  toChartPoints,
  timeUnitFor,
  type ChartPoint,
} from './chartData';
import { downloadText } from './download';
import { inLegendOrder, tooltipValue } from './chartSpecs';
import {
  AXIS,
  axisLabel,
  axisTick,
  GRID,
  RUN_COLORS,
  RUN_DASHES,
  TOOLTIP_STYLE,
  formatNumber,
} from './chartTheme';
import { useLab, useLabApi } from './labContext';
import { MAX_COMPARED, type LabRun } from './labState';
import { consistencyCell } from './consistencyText';
import { NO_STALE_READ_RATE, noHitRateText } from './hitRateText';
import { hitRateText, msText, staleReadRateText } from './summaryFigures';
import { comparisonDifferText } from './resultsMark';
import { SettingsMark } from './SettingsMark';

/** `none`: why a window has no figure (a gap in the line), as the run's own chart says it. */
const METRICS: {
  key: keyof ChartPoint;
  label: string;
  axis: string;
  unit: string;
  none?: string;
}[] = [
  {
    key: 'hitRatePct',
    label: 'Hit rate per window',
    axis: 'Hit rate (%)',
    unit: '%',
    none: 'no GET Redis answered in this window',
  },
  {
    key: 'cumulativeHitRatePct',
    label: 'Cumulative hit rate',
    axis: 'Hit rate (%)',
    unit: '%',
    none: 'no GET Redis answered yet',
  },
  { key: 'dbReadsPerSec', label: 'DB reads per second', axis: 'DB reads per second', unit: '/s' },
  {
    key: 'latencyP99Ms',
    label: 'p99 latency',
    axis: 'p99 latency (ms)',
    unit: ' ms',
    none: 'no request finished in this window',
  },
  {
    key: 'staleReadsPerSec',
    label: 'Stale reads per second',
    axis: 'Stale reads per second',
    unit: '/s',
  },
  { key: 'cachedKeys', label: 'Keys in Redis', axis: 'Keys', unit: '' },
];

/** Who invalidated: the application, or the CDC consumer with its lag and what it dropped. */
function invalidationCell(config: WorkloadConfig, s: WorkloadSummary): string {
  if (config.invalidation !== 'cdc') return 'app';
  const dropped = s.cdc?.lost ?? 0;
  return `cdc, ${formatNumber(config.cdcDelayMs, 0)} ms${dropped > 0 ? `, ${dropped.toLocaleString('en-US')} dropped` : ''}`;
}

function SummaryTable({ runs }: { runs: LabRun[] }) {
  const store = useLabApi();
  const isBusy = useLab((s) => s.progress !== null);
  return (
    // Thirteen columns are wider than a narrow window: the table scrolls in its own box,
    // which keyboard users reach with Tab and scroll with the arrow keys.
    <div
      className="lab-table-scroll"
      tabIndex={0}
      role="region"
      aria-label="Comparison summary, scrolls sideways"
    >
      <table className="lab-table" aria-label="Comparison summary">
        <thead>
          <tr>
            <th scope="col">Config</th>
            <th scope="col">Settings (vs {runs[0].name})</th>
            <th scope="col">Invalidation</th>
            <th scope="col">Hit rate</th>
            <th scope="col">Hit rate (analytic TTL model)</th>
            <th scope="col">Cache errors</th>
            <th scope="col">DB reads (per request)</th>
            <th scope="col">p99 latency</th>
            <th scope="col">Stale reads</th>
            <th scope="col">Stale fills</th>
            <th scope="col">Evictions</th>
            <th scope="col">DB writes (per request)</th>
            <th scope="col">Consistent within 1 s / 10 s / 60 s</th>
            <th scope="col">Writes lost</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r, i) => {
            const s = r.summary;
            if (!s) return null;
            // Per request, not per second: runs last as long as their work does (write-behind's
            // flush, a slow database), so a rate over each run's own length would not compare.
            const perRequest = (n: number): string =>
              `${n.toLocaleString('en-US')} (${s.requests > 0 ? (n / s.requests).toFixed(3) : '–'})`;
            return (
              <tr key={r.id}>
                <th scope="row">
                  <span
                    className="lab-swatch"
                    style={{ background: RUN_COLORS[r.name.charCodeAt(0) - 65] }}
                  />{' '}
                  {r.name}
                  {s.stopped && (
                    <>
                      {' '}
                      <span className="lab-stopped">
                        (stopped early: {s.requests.toLocaleString('en-US')} of{' '}
                        {r.config.requests.toLocaleString('en-US')} requests, not comparable)
                      </span>
                    </>
                  )}
                </th>
                <td>{settingsCell(runs, i)}</td>
                <td>{invalidationCell(r.config, s)}</td>
                <td>{s.hitRate === null ? noHitRateText(s) : hitRateText(s.hitRate)}</td>
                {/* The summary's model row, caveats and all, so each rate has its reference. */}
                <td>{analyticModelText(r, s, runSpan(s).windowSeconds)}</td>
                <td>{cacheErrorsCell(s)}</td>
                <td>{perRequest(s.dbReads)}</td>
                <td>
                  {s.requests > 0 && s.latencyMs !== null
                    ? `${msText(s.latencyMs.p99)} ms`
                    : 'none: no request finished'}
                </td>
                <td>
                  {s.staleReads.toLocaleString('en-US')} (
                  {s.staleReadRate === null
                    ? NO_STALE_READ_RATE
                    : staleReadRateText(s.staleReadRate)}
                  )
                </td>
                <td>{s.staleFills.toLocaleString('en-US')}</td>
                <td>{s.evictions.toLocaleString('en-US')}</td>
                <td>{perRequest(s.dbWrites)}</td>
                <td>{consistencyCell(s)}</td>
                <td>{(s.writeBehind?.lost ?? 0).toLocaleString('en-US')}</td>
                <td>
                  <button
                    type="button"
                    disabled={isBusy}
                    onClick={() => store.getState().comparisonRemoved(r.id)}
                    aria-label={`Remove configuration ${r.name}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function OverlayChart({ runs }: { runs: LabRun[] }) {
  const id = useId();
  const [metricKey, setMetricKey] = useState<keyof ChartPoint>('cumulativeHitRatePct');
  const metric = METRICS.find((m) => m.key === metricKey) ?? METRICS[0];
  const charted = useMemo(
    () => runs.map((r) => (r.summary ? chartedRun(r.series, r.summary) : null)),
    [runs],
  );
  const spanMs = Math.max(...charted.map((c) => c?.endMs ?? 0));
  const unit = timeUnitFor(spanMs);
  const lines = useMemo(
    () =>
      runs.map((r, i) => ({
        run: r,
        color: RUN_COLORS[r.name.charCodeAt(0) - 65],
        dash: RUN_DASHES[r.name.charCodeAt(0) - 65],
        points: toChartPoints(
          charted[i]?.series ?? r.series,
          unit,
          charted[i]?.countedToMs ?? null,
        ),
        endX: (charted[i]?.endMs ?? Infinity) / unit.ms,
      })),
    [runs, charted, unit],
  );
  const marks = useMemo(() => faultMarks(comparedFaults(runs), unit), [runs, unit]);
  const ticks = useMemo(() => timeAxisTicks(spanMs / unit.ms), [spanMs, unit]);
  return (
    <>
      <div className="lab-field lab-inline">
        <label htmlFor={`${id}-metric`}>Overlay metric</label>
        <select
          id={`${id}-metric`}
          value={metric.key}
          onChange={(e) => setMetricKey(e.target.value as keyof ChartPoint)}
        >
          {METRICS.map((m) => (
            <option key={m.key} value={m.key}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <ChartCard
        title={`Compared: ${metric.label}`}
        fileName={`lab-compare-${metric.key}`}
        legend={lines.map((l) => ({ name: `Config ${l.run.name}`, color: l.color, dash: l.dash }))}
      >
        <LineChart margin={{ top: 8, right: 24, bottom: 18, left: 8 }}>
          <CartesianGrid
            stroke={GRID}
            strokeDasharray="3 3"
            verticalCoordinatesGenerator={gridAtAxisTicks}
          />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, spanMs / unit.ms]}
            ticks={ticks}
            interval={0}
            {...AXIS}
            tickFormatter={axisTick}
            label={axisLabel(`Virtual time (${unit.label})`, 'bottom')}
          />
          <YAxis
            {...AXIS}
            width={62}
            domain={metric.unit === '%' ? [0, 100] : [0, 'auto']}
            tickFormatter={axisTick}
            label={axisLabel(metric.axis, 'left')}
          />
          <Tooltip
            {...TOOLTIP_STYLE}
            isAnimationActive={false}
            // Every config has a row, in the legend's order: one with no point at this x (its
            // windows lie elsewhere, or it ended) or a gap there is said, not dropped.
            filterNull={false}
            itemSorter={inLegendOrder(lines.map((l) => `Config ${l.run.name}`))}
            labelFormatter={(x) => `t = ${formatNumber(Number(x), 2)} ${unit.label}`}
            formatter={(_v, name, _item, _i, payload) => {
              const line = lines.find((l) => `Config ${l.run.name}` === name);
              const x = payload.find((p) => p.payload?.x !== undefined)?.payload.x as number;
              const at = line ? overlayValueAt(line.points, metric.key, x, line.endX) : 'ended';
              return [
                at === 'ended'
                  ? 'its run had ended'
                  : tooltipValue({ unit: metric.unit, none: metric.none }, at.value),
                name,
              ];
            }}
          />
          {marks}
          {lines.map((l) => (
            <Line
              key={l.run.id}
              data={l.points}
              dataKey={metric.key}
              name={`Config ${l.run.name}`}
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray={l.dash}
              dot={hasLonePoint(l.points, metric.key) ? loneDot : false}
              isAnimationActive={false}
              type="linear"
            />
          ))}
        </LineChart>
      </ChartCard>
    </>
  );
}

/** Up to four configurations of the same seeded workload, overlaid and tabulated. */
export function ComparePanel() {
  const store = useLabApi();
  const runs = useLab((s) => s.comparison);
  const isBusy = useLab((s) => s.progress !== null);
  // Not while configurations are being added: the fields' own is not among them yet.
  const mark = useLab((s) =>
    s.progress?.job === 'compare'
      ? null
      : comparisonDifferText(s.comparison, s.draft, s.learnerPaths),
  );
  return (
    <section className="lab-section" aria-labelledby="lab-compare-title">
      <h2 id="lab-compare-title">Compare configurations</h2>
      <p className="lab-hint">
        Each press runs the current settings as the next configuration (up to {MAX_COMPARED}). Keep
        the seed to compare the same workload. Compare the patterns runs these settings once under
        each of cache-aside, write-through, write-behind and refresh-ahead.
      </p>
      <div className="lab-row">
        <button
          type="button"
          data-handoff="run"
          disabled={isBusy || runs.length >= MAX_COMPARED}
          onClick={() => void store.getState().comparisonRequested()}
        >
          Add current settings to comparison
        </button>
        <button
          type="button"
          data-handoff="run"
          disabled={isBusy}
          onClick={() => void store.getState().patternsCompared()}
        >
          Compare the patterns
        </button>
        <button
          type="button"
          disabled={isBusy || runs.length === 0}
          onClick={() => store.getState().comparisonCleared()}
        >
          Clear comparison
        </button>
        <button
          type="button"
          disabled={runs.length === 0}
          onClick={() =>
            downloadText(comparisonToCsv(runs), 'cache-aside-lab-comparison.csv', 'text/csv')
          }
        >
          Export comparison (CSV)
        </button>
      </div>
      {runs.length > 0 && (
        <>
          <SettingsMark text={mark} testId="lab.comparisonMark" />
          <SummaryTable runs={runs} />
          <OverlayChart runs={runs} />
        </>
      )}
    </section>
  );
}
