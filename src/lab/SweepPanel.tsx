import { useId, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from './ChartCard';
import { gridAtAxisTicks } from './chartGrid';
import { inLegendOrder, MODEL_CAPTION, SWEEP_LEGEND } from './chartSpecs';
import {
  AXIS,
  axisLabel,
  axisTick,
  exactNumber,
  GRID,
  TOOLTIP_STYLE,
  formatNumber,
} from './chartTheme';
import { useKeptState } from '../widgets/useKeptState';
import { useLab, useLabApi } from './labContext';
import type { SweepPoint } from './labState';
import { MAX_SWEEP_POINTS, parseTtlList } from './sweepTtls';
import { hitRateText, staleReadRateText } from './summaryFigures';
import { LEARNER_SWEEP_NOTE, patternModelNote } from './hitRateText';
import { programsWords } from './configDifference';
import { sweepDifferText } from './resultsMark';
import { SettingsMark } from './SettingsMark';
import { andList } from '../engine/andList';

/** The tooltip's lines in the legend's order. */
const SWEEP_ORDER = inLegendOrder(SWEEP_LEGEND.map((l) => l.name));

/** A sweep row whose run kept to every assumption `modelBreaks` checks. */
const NO_BREAK =
  'none: no eviction, OOM refusal, write removing a copy, slow refill or run shorter than the TTL';

/** "1 s", "1 s and 60 s", "1 s, 5 s and 60 s". */
const ttlsText = (ttls: readonly number[]): string =>
  andList(ttls.map((t) => `${formatNumber(t)} s`));

/**
 * The caption's word on the rows whose run did not keep to the model ('' when none did): the
 * line is no reference there, and the table says why, row by row.
 */
const breaksCaption = (points: readonly SweepPoint[]): string => {
  const broken = points.filter((p) => p.modelBreaks.length > 0).map((p) => p.ttl);
  return broken.length === 0
    ? ''
    : ` At TTL ${ttlsText(broken)} the run did not keep to the model (the table’s last column says how), so its measured rate there may sit below the line for reasons the model leaves out.`;
};

const SWEEP_CAPTION = `Measured hit rate and stale reads at each TTL. ${MODEL_CAPTION}`;

/** Hit rate and stale-read rate against TTL: one run per TTL, all else as set. */
export function SweepPanel() {
  const store = useLabApi();
  const sweep = useLab((s) => s.sweep);
  const isBusy = useLab((s) => s.progress !== null);
  const mark = useLab((s) => s.sweep && sweepDifferText(s.sweep, s.draft, s.learnerPaths));
  const id = useId();
  // Kept across a visit to the sandbox, as typed.
  const [ttls, setTtls] = useKeptState(store, 'sweep.ttls', '1, 5, 15, 60, 300');
  // The list's refusal marks the field, as a setting's does, until the list is valid.
  const [error, setError] = useState<string | null>(null);
  const errorOf = (text: string): string | null => {
    const parsed = parseTtlList(text);
    return 'error' in parsed ? parsed.error : null;
  };
  const modelNote = sweep ? patternModelNote(sweep.config.pattern, sweep.yours) : null;
  const points = useMemo(
    () =>
      (sweep?.points ?? []).map((p) => ({
        ttl: p.ttl,
        hitRatePct: p.hitRate === null ? null : p.hitRate * 100,
        analyticPct: p.analyticHitRate === null ? null : p.analyticHitRate * 100,
        staleReadPct: p.staleReadRate === null ? null : p.staleReadRate * 100,
      })),
    [sweep],
  );
  return (
    <section className="lab-section" aria-labelledby="lab-sweep-title">
      <h2 id="lab-sweep-title">TTL sweep</h2>
      <p className="lab-hint">
        A longer TTL serves more reads from Redis and leaves stale entries longer: the trade-off
        cache-aside lives on. One run per TTL, with the other settings.
      </p>
      <form
        className="lab-row"
        onSubmit={(e) => {
          e.preventDefault();
          setError(errorOf(ttls));
          void store.getState().sweepRequested(ttls);
        }}
      >
        <div className={`lab-field lab-inline${error ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-ttls`}>TTLs to sweep (s)</label>
          <input
            id={`${id}-ttls`}
            type="text"
            value={ttls}
            size={28}
            disabled={isBusy}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-ttls-help`}
            onChange={(e) => {
              setTtls(e.target.value);
              if (error) setError(errorOf(e.target.value));
            }}
          />
          <small id={`${id}-ttls-help`} className={error ? 'lab-error' : 'lab-hint'}>
            {error ?? `2 to ${MAX_SWEEP_POINTS} values above 0, separated by commas`}
          </small>
        </div>
        <button type="submit" data-handoff="run" disabled={isBusy}>
          Run sweep
        </button>
      </form>
      {sweep && points.length > 0 && (
        <>
          <SettingsMark text={mark} testId="lab.sweepMark" />
          <ChartCard
            title="Hit rate and stale reads vs TTL"
            caption={`${modelNote ? `${modelNote} ` : ''}${SWEEP_CAPTION}${breaksCaption(sweep.points)}`}
            fileName="lab-ttl-sweep"
            legend={SWEEP_LEGEND}
          >
            <LineChart data={points} margin={{ top: 8, right: 8, bottom: 18, left: 8 }}>
              <CartesianGrid
                stroke={GRID}
                strokeDasharray="3 3"
                verticalCoordinatesGenerator={gridAtAxisTicks}
              />
              <XAxis
                dataKey="ttl"
                type="number"
                scale="log"
                domain={[sweep.ttls[0], sweep.ttls[sweep.ttls.length - 1]]}
                ticks={sweep.ttls}
                {...AXIS}
                tickFormatter={exactNumber}
                label={axisLabel('TTL (s, log scale)', 'bottom')}
              />
              <YAxis
                {...AXIS}
                width={62}
                domain={[0, 100]}
                label={axisLabel('Hit rate (%)', 'left')}
              />
              <YAxis
                yAxisId="right"
                orientation="right"
                {...AXIS}
                width={62}
                domain={[0, 'auto']}
                tickFormatter={axisTick}
                label={axisLabel('Stale reads (% of reads)', 'right')}
              />
              <Tooltip
                {...TOOLTIP_STYLE}
                isAnimationActive={false}
                itemSorter={SWEEP_ORDER}
                labelFormatter={(x) => `TTL ${exactNumber(Number(x))} s`}
                // Each line as the table writes it (until 2026-12-07 four decimals, 98.3264%
                // beside the table's 98.33%).
                formatter={(v, name) => [
                  name === SWEEP_LEGEND[2].name
                    ? staleReadRateText(Number(v) / 100)
                    : hitRateText(Number(v) / 100),
                  name,
                ]}
              />
              <Line
                dataKey="hitRatePct"
                name={SWEEP_LEGEND[0].name}
                stroke={SWEEP_LEGEND[0].color}
                strokeWidth={2}
                strokeDasharray={SWEEP_LEGEND[0].dash}
                isAnimationActive={false}
              />
              <Line
                dataKey="analyticPct"
                name={SWEEP_LEGEND[1].name}
                stroke={SWEEP_LEGEND[1].color}
                strokeDasharray={SWEEP_LEGEND[1].dash}
                isAnimationActive={false}
              />
              <Line
                dataKey="staleReadPct"
                name={SWEEP_LEGEND[2].name}
                yAxisId="right"
                stroke={SWEEP_LEGEND[2].color}
                strokeWidth={2}
                strokeDasharray={SWEEP_LEGEND[2].dash}
                isAnimationActive={false}
              />
            </LineChart>
          </ChartCard>
          {/* Five columns are wider than a phone: the table scrolls in its own box, as the
              comparison's does, which keyboard users reach with Tab. */}
          <div
            className="lab-table-scroll"
            tabIndex={0}
            role="region"
            aria-label="Sweep results, scrolls sideways"
          >
            <table className="lab-table" aria-label="Sweep results">
              <thead>
                <tr>
                  <th scope="col">TTL (s)</th>
                  <th scope="col">Hit rate</th>
                  <th scope="col">Analytic hit rate</th>
                  <th scope="col">Stale-read rate</th>
                  <th scope="col">Where the model does not hold</th>
                </tr>
              </thead>
              <tbody>
                {sweep.points.map((p) => (
                  <tr key={p.ttl}>
                    <th scope="row">{p.ttl}</th>
                    <td>
                      {p.hitRate === null ? 'none: no GET Redis answered' : hitRateText(p.hitRate)}
                    </td>
                    <td>
                      {p.analyticHitRate === null
                        ? 'none: no reads'
                        : hitRateText(p.analyticHitRate)}
                    </td>
                    <td>
                      {p.staleReadRate === null
                        ? 'none: no reads'
                        : staleReadRateText(p.staleReadRate)}
                    </td>
                    {/* Each row's own, as the run summary's model row says them (until
                        2026-12-06 the column gave the model's figure with no word). */}
                    <td className="lab-sweep-breaks">
                      {p.analyticHitRate === null
                        ? 'none: no reads, so no model figure'
                        : p.hitRate === null
                          ? 'none: Redis answered no GET, so no measured rate to hold against it'
                          : p.modelBreaks.length > 0
                            ? p.modelBreaks.join('; ')
                            : NO_BREAK}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {sweep.yours && (
            <p className="lab-hint" data-testid="lab.sweep-programs">
              Programs: {programsWords(sweep.yours)}
              {sweep.requestsRan === undefined
                ? ''
                : `, ${sweep.requestsRan.toLocaleString('en-US')} requests a TTL (capped, of the ${sweep.config.requests.toLocaleString('en-US')} asked for)`}
              .
            </p>
          )}
          {sweep.yours?.read && (
            <p className="lab-hint" data-testid="lab.sweep-analytic">
              Analytic hit rate: at each TTL of the sweep, {LEARNER_SWEEP_NOTE}.
            </p>
          )}
        </>
      )}
    </section>
  );
}
