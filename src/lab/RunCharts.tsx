import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { afterNextPaint } from './afterNextPaint';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from './ChartCard';
import { gridAtAxisTicks, timeAxisTicks } from './chartGrid';
import {
  bucketWidth,
  chartedRun,
  MAX_POINTS,
  toChartPoints,
  timeUnitFor,
  type TimeUnit,
} from './chartData';
import { CHARTS, inLegendOrder, tooltipValue, type ChartSpec, type Point } from './chartSpecs';
import { chartCaveats, mergedLatencyNote, withCaveats, type ChartId } from './chartCaveats';
import { AXIS, axisLabel, axisTick, GRID, TOOLTIP_STYLE, formatNumber } from './chartTheme';
import { faultMarks, isWithinRun } from './faultMarks';
import { learnerExpiryNote, patternModelNote } from './hitRateText';
import { hasLonePoint, loneDot } from './loneDot';
import { expectedRunSeconds } from './labConfig';
import type { LabRun } from './labState';
import { useIsVisible } from './useIsVisible';
import { virtualTimeText } from './summaryFigures';
import { isNoneArrived } from '../engine/requestWindow';
import { useThrottled } from './useThrottled';
import type { Fault } from '../engine/workload';

/**
 * The hit-rate chart of a run in which Redis answered no GET: no line, and a caption that says
 * why from the run's reads (or that no request arrived, `noneArrived`). Until 2026-12-07 it kept
 * the chart's whole caption (the climb at the start, the model) and an "Analytic" line and legend
 * entry, with no measured rate beside them.
 */
function hitRateWithoutGets(reads: number, noneArrived: string | null): ChartSpec {
  const why =
    noneArrived !== null
      ? `${noneArrived}, so Redis answered no GET`
      : reads === 0
        ? 'Redis answered no GET in this run: no read ran'
        : `Redis answered no GET in this run: the GET of each of its ${formatNumber(reads, 0)} ${reads === 1 ? 'read' : 'reads'} failed (Redis was down), and a failed GET counts as neither hit nor miss`;
  return {
    ...CHARTS[0],
    series: [],
    caption: `No hit rate to draw: ${why}. A share of no GETs is undefined, not 0%, so there is no measured line, nor an analytic one to hold it against.`,
  };
}

/**
 * Why a run's load and stale-read charts are empty when no request arrived: until 2026-12-07
 * each showed a lone dot at 0 with no word for it.
 */
const NOTHING_ARRIVED: readonly string[] = ['load', 'staleness'];

/**
 * The hit-rate chart of a run of the learner's read path: the dashed line is the model at the TTL
 * setting, which the learner's code may not use (see `learnerExpiryNote`); legend and caption say so.
 */
function hitRateUnderLearnerRead(spec: ChartSpec, ttlSeconds: number): ChartSpec {
  return {
    ...spec,
    caption: `Your read path ran: in the dashed line ${learnerExpiryNote(ttlSeconds)}. ${spec.caption}`,
    series: spec.series.map((line) =>
      line.key === 'analyticPct' ? { ...line, name: `${line.name} at the TTL setting` } : line,
    ),
  };
}

/**
 * The latency chart of a run in which no request finished (none arrived, or Stop came before the
 * first reply): no time to draw, and the caption says why, as the summary does.
 */
const LATENCY_SPEC = CHARTS.find((c) => c.id === 'latency') as ChartSpec;
const LATENCY_WITHOUT_REQUESTS: ChartSpec = {
  ...LATENCY_SPEC,
  caption: `No latency to draw: no request finished in this run. ${LATENCY_SPEC.caption}`,
};

/** What a chart shows of a run. */
interface ChartView {
  points: Point[];
  unit: TimeUnit;
  xMax: number;
  faults: readonly Fault[];
}

type ChartProps = ChartView & { spec: ChartSpec };

const MARGIN = { top: 8, right: 24, bottom: 18, left: 8 };
const MARGIN_RIGHT_AXIS = { ...MARGIN, right: 8 };
const AUTO_DOMAIN: [number, 'auto'] = [0, 'auto'];
const ACTIVE_DOT = { r: 3 };

/**
 * Every tick of the axis's five is drawn. recharts' default ('preserveEnd') measures each tick
 * label in the DOM to drop overlapping ones, a forced layout on every redraw; five short labels
 * never overlap at these sizes.
 */
const ALL_TICKS = 0;
const GRID_PART = (
  <CartesianGrid
    key="grid"
    stroke={GRID}
    strokeDasharray="3 3"
    verticalCoordinatesGenerator={gridAtAxisTicks}
  />
);
/**
 * One chart. Everything but the data is built once, each part on only what it shows: recharts
 * copies each prop of its parts into its own store when it changes, and every such copy is a
 * dispatch that every part of the chart re-selects from. So a new time axis at the start and the
 * end of a run re-registers the x axis, the tooltip and the fault marks, not the lines, the
 * y axes and the legend too.
 */
const OneChart = memo(function OneChart({ spec, points, unit, xMax, faults }: ChartProps) {
  const legend = useMemo(
    () => spec.series.map((s) => ({ name: s.name, color: s.color, dash: s.dash })),
    [spec],
  );
  const xAxis = useMemo(
    () => (
      <XAxis
        key="x"
        dataKey="x"
        type="number"
        domain={[0, xMax]}
        ticks={timeAxisTicks(xMax)}
        allowDataOverflow
        interval={ALL_TICKS}
        {...AXIS}
        tickFormatter={axisTick}
        label={axisLabel(`Virtual time (${unit.label})`, 'bottom')}
      />
    ),
    [unit, xMax],
  );
  const yAxes = useMemo(
    () => [
      <YAxis
        key="y"
        interval={ALL_TICKS}
        {...AXIS}
        domain={spec.leftDomain ?? AUTO_DOMAIN}
        tickFormatter={axisTick}
        label={axisLabel(spec.left, 'left')}
        width={62}
      />,
      spec.right && (
        <YAxis
          key="y-right"
          yAxisId="right"
          orientation="right"
          interval={ALL_TICKS}
          {...AXIS}
          domain={AUTO_DOMAIN}
          tickFormatter={axisTick}
          label={axisLabel(spec.right, 'right')}
          width={62}
        />
      ),
    ],
    [spec],
  );
  const tooltip = useMemo(() => {
    const lines = new Map(spec.series.map((s) => [s.name, s]));
    return (
      <Tooltip
        key="tooltip"
        {...TOOLTIP_STYLE}
        isAnimationActive={false}
        // A line's gap is in the payload too, so the tooltip can say why it has no figure there.
        filterNull={false}
        itemSorter={inLegendOrder(spec.series.map((s) => s.name))}
        labelFormatter={(x) => `t = ${formatNumber(Number(x), 2)} ${unit.label}`}
        formatter={(value, name) => [tooltipValue(lines.get(String(name)), value), name]}
      />
    );
  }, [spec, unit]);
  const marks = useMemo(
    () =>
      faultMarks(
        faults.map((fault) => ({ fault })),
        unit,
      ),
    [faults, unit],
  );
  // The lines with a lone point (a string, so the lines are rebuilt only when that changes):
  // only those render a dot per point, most of them empty.
  const withLonePoint = useMemo(
    () =>
      spec.series
        .filter((s) => s.none && hasLonePoint(points, s.key))
        .map((s) => s.key)
        .join(' '),
    [spec, points],
  );
  const lines = useMemo(
    () =>
      spec.series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.name}
          yAxisId={s.right ? 'right' : 0}
          stroke={s.color}
          strokeWidth={2}
          strokeDasharray={s.dash}
          dot={withLonePoint.split(' ').includes(s.key) ? loneDot : false}
          activeDot={ACTIVE_DOT}
          isAnimationActive={false}
          connectNulls={false}
          type="linear"
        />
      )),
    [spec, withLonePoint],
  );
  const parts = useMemo(
    () => [GRID_PART, xAxis, ...yAxes, tooltip, ...marks, ...lines],
    [xAxis, yAxes, tooltip, marks, lines],
  );
  return (
    <ChartCard
      title={spec.title}
      caption={spec.caption}
      fileName={`lab-${spec.id}`}
      legend={legend}
    >
      <LineChart data={points} margin={spec.right ? MARGIN_RIGHT_AXIS : MARGIN}>
        {parts}
      </LineChart>
    </ChartCard>
  );
});

/** Most points a chart draws while a run streams in. */
const LIVE_POINTS = 100;
/**
 * Most points a finished run's chart draws: about one per pixel of a chart's plot area, well
 * under MAX_POINTS, so drawing one chart stays a short task. The CSV has every bucket.
 */
const FINAL_POINTS = Math.min(400, MAX_POINTS);
/**
 * How often a chart redraws while a run streams in. A recharts redraw is one burst of work that
 * cannot be split (its store updates render synchronously), so the lab draws each chart rarely.
 */
const LIVE_REDRAW_MS = 2000;
/**
 * While a run streams in, each chart redraws this much later in the period than the one before
 * it, so each redraw is its own main-thread task: five charts redrawn in one task would block
 * input for too long.
 */
const STAGGER_MS = 300;

/** Where a chart stands: whether it shows the latest view, and whether it is in (or near) view. */
interface ChartState {
  isDrawn: boolean;
  isVisible: boolean;
}

/**
 * Which chart draws next once no run streams in (the run ended, or before the first): the first
 * not yet drawn of those in view, else the first not yet drawn, else none.
 */
function nextToDraw(states: readonly ChartState[]): number | null {
  const inView = states.findIndex((s) => !s.isDrawn && s.isVisible);
  const any = inView >= 0 ? inView : states.findIndex((s) => !s.isDrawn);
  return any >= 0 ? any : null;
}

/**
 * One chart, drawn (and first mounted) on its own schedule. While a run streams in, it redraws
 * every LIVE_REDRAW_MS at its own phase, and a chart scrolled out of view is not redrawn. Once
 * the run ends it draws when it has the turn (`hasTurn`): one chart at a time, each once the
 * browser has painted the last one and had a moment idle, so each draw is its own task and the
 * last chart shows a few frames after the end (with a fixed 0.3 s between charts, the fifth
 * showed 1.5 s after it).
 */
function StaggeredChart({
  index,
  spec,
  view,
  isLive,
  hasTurn,
  onState,
}: {
  index: number;
  spec: ChartSpec;
  view: ChartView;
  isLive: boolean;
  hasTurn: boolean;
  onState: (index: number, state: ChartState) => void;
}) {
  const [box, isVisible] = useIsVisible<HTMLDivElement>();
  // The whole view (data, time axis, faults) changes on the chart's own schedule: a new axis
  // alone redraws a chart as fully as new data does.
  const shown = useThrottled<ChartView | null>(
    view,
    isLive ? LIVE_REDRAW_MS : 0,
    isLive ? (index + 1) * STAGGER_MS : 0,
    null,
    isLive ? !isVisible : !hasTurn,
  );
  const isDrawn = shown === view;
  // Only the turns after a run need it: while a run streams in, each redraw would re-render the
  // charts' parent for nothing.
  useEffect(() => {
    if (!isLive) onState(index, { isDrawn, isVisible });
  }, [onState, index, isDrawn, isVisible, isLive]);
  return (
    <div ref={box} className="lab-chart-slot" aria-busy={!isDrawn}>
      {shown === null ? (
        <div className="lab-chart lab-chart-pending" aria-hidden="true" />
      ) : (
        <OneChart spec={spec} {...shown} />
      )}
    </div>
  );
}

/**
 * Which chart may draw now once no run streams in: one at a time, in view first, handed on once
 * the last one's draw has committed and been painted (`afterNextPaint`), so no two draws share a
 * task or a transition (React renders pending transitions together).
 */
function useDrawTurns(isLive: boolean): {
  turn: number | null;
  onState: (index: number, state: ChartState) => void;
} {
  const [states, setStates] = useState<ChartState[]>(() =>
    CHARTS.map(() => ({ isDrawn: false, isVisible: true })),
  );
  // Stable, so reporting a state does not redraw the charts.
  const onState = useCallback(
    (index: number, state: ChartState) =>
      setStates((all) =>
        all[index].isDrawn === state.isDrawn && all[index].isVisible === state.isVisible
          ? all
          : all.map((s, i) => (i === index ? state : s)),
      ),
    [],
  );
  const next = isLive ? null : nextToDraw(states);
  const [turn, setTurn] = useState<number | null>(null);
  useEffect(() => {
    if (next === turn) return;
    return afterNextPaint(() => setTurn(next));
  }, [next, turn]);
  return { turn, onState };
}

const NO_POINTS: Point[] = [];
const NO_FAULTS: Fault[] = [];
const EMPTY_SPAN_MS = 100_000;

/**
 * The five charts of the run on screen, with its fault periods shaded on each. Before the first
 * run they show empty axes: mounting a chart is its most expensive draw, and this way it happens
 * when the page opens, not while a run streams in.
 */
export function RunCharts({ run }: { run: LabRun | null }) {
  const isLive = run !== null && run.summary === null;
  const { turn, onState } = useDrawTurns(isLive);
  const charted = useMemo(() => (run?.summary ? chartedRun(run.series, run.summary) : null), [run]);
  const endMs = run
    ? charted
      ? charted.endMs
      : expectedRunSeconds(run.config) * 1000
    : EMPTY_SPAN_MS;
  const unit = timeUnitFor(endMs);
  const points = useMemo(() => {
    if (!run) return NO_POINTS;
    const analytic = run.analyticHitRate;
    return toChartPoints(
      charted ? charted.series : run.series,
      unit,
      charted ? charted.countedToMs : null,
      run.summary ? FINAL_POINTS : LIVE_POINTS,
    ).map((p) => ({
      ...p,
      rows: run.config.keys,
      ...(analytic !== null ? { analyticPct: analytic * 100 } : {}),
    }));
  }, [run, charted, unit]);
  const xMax = endMs / unit.ms;
  const configFaults = run?.config.faults ?? NO_FAULTS;
  // Only the faults within the run: one after its end did nothing to mark.
  const faults = useMemo(
    () => configFaults.filter((f) => isWithinRun(f, endMs)),
    [configFaults, endMs],
  );
  const view = useMemo(() => ({ points, unit, xMax, faults }), [points, unit, xMax, faults]);
  const readsWithoutGets = run?.summary?.hitRate === null ? run.summary.reads : null;
  const hasNoLatency = run?.summary?.latencyMs === null;
  // As the model row says it: the first arrival fell past the end of a run of a set length.
  const noneArrived =
    run?.summary && isNoneArrived({ ...run.summary, config: run.config })
      ? `no request arrived within the run's ${virtualTimeText(run.config.durationSeconds)}`
      : null;
  const baseHitRate = useMemo(
    () =>
      readsWithoutGets === null ? CHARTS[0] : hitRateWithoutGets(readsWithoutGets, noneArrived),
    [readsWithoutGets, noneArrived],
  );
  // With no hit rate there is no dashed line for these notes to speak of.
  const learnerTtl = run?.yours?.read && readsWithoutGets === null ? run.config.ttl : null;
  const modelNote =
    run && readsWithoutGets === null ? patternModelNote(run.config.pattern, run.yours) : null;
  // A new spec only when the run, its TTL or its pattern's note changes: each chart redraws on a
  // new one.
  const hitRateSpec = useMemo(() => {
    const spec =
      learnerTtl === null ? baseHitRate : hitRateUnderLearnerRead(baseHitRate, learnerTtl);
    return modelNote === null ? spec : { ...spec, caption: `${modelNote} ${spec.caption}` };
  }, [baseHitRate, learnerTtl, modelNote]);
  const latencyMerge = charted
    ? mergedLatencyNote(
        Math.ceil(charted.series.length / FINAL_POINTS),
        bucketWidth(charted.series),
      )
    : '';
  // What in this run bends each chart, once it has ended (its summary says it), before the
  // chart's general caption: a new spec only for a chart that has something to say.
  const specs = useMemo(() => {
    const caveats = run?.summary ? chartCaveats(run.config, run.summary, run.yours, faults) : null;
    return CHARTS.map((spec) => {
      const base =
        spec.id === 'hit-rate'
          ? hitRateSpec
          : spec.id === 'latency' && hasNoLatency
            ? LATENCY_WITHOUT_REQUESTS
            : spec;
      const caveat = [
        noneArrived !== null && NOTHING_ARRIVED.includes(spec.id)
          ? `Nothing to draw: ${noneArrived}.`
          : '',
        caveats?.[spec.id as ChartId] ?? '',
        spec.id === 'latency' && charted ? latencyMerge : '',
      ]
        .filter((c) => c !== '')
        .join(' ');
      return caveat === '' ? base : { ...base, caption: withCaveats(caveat, base.caption) };
    });
  }, [run, faults, hitRateSpec, hasNoLatency, charted, latencyMerge, noneArrived]);
  return (
    <div className="lab-charts">
      {CHARTS.map((spec, i) => (
        <StaggeredChart
          key={spec.id}
          index={i}
          isLive={isLive}
          hasTurn={turn === i}
          onState={onState}
          spec={specs[i]}
          view={view}
        />
      ))}
    </div>
  );
}
