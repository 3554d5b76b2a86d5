import { ReferenceArea, ReferenceLine } from 'recharts';
import { DEFAULT_SLOW_FACTOR, type Fault } from '../engine/workload';
import { FAULT_FILL } from './chartTheme';
import type { TimeUnit } from './chartData';

const SHORT: Record<Fault['kind'], string> = {
  'cache-down': 'cache down',
  'cache-restart': 'restart',
  'db-slow': 'slow DB',
};

/** A fault to mark, and whose it is when a chart holds several runs ("A, B"). */
export interface MarkedFault {
  fault: Fault;
  runs?: string;
}

/**
 * Whether a fault happened during a run that covered `endMs` of virtual time: one that starts at
 * or after the end did nothing, nor did an outage or slowdown of 0 s (a file or a link from
 * before the schema refused them), and neither is drawn.
 */
export function isWithinRun(fault: Fault, endMs: number): boolean {
  if (fault.startSeconds * 1000 >= endMs) return false;
  return fault.kind === 'cache-restart' || fault.durationSeconds > 0;
}

/**
 * The faults of the runs compared, each once, those within each run's span only: a fault the runs share is one mark naming them all
 * ("A, B: cache down"), a fault of one run names that run.
 */
export function comparedFaults(
  runs: readonly {
    name: string;
    config: { faults: readonly Fault[] };
    summary?: { virtualDurationMs: number } | null;
  }[],
): MarkedFault[] {
  const byFault = new Map<string, { fault: Fault; names: string[] }>();
  for (const run of runs)
    for (const fault of run.config.faults) {
      if (!isWithinRun(fault, run.summary?.virtualDurationMs ?? Infinity)) continue;
      const key = JSON.stringify([
        fault.kind,
        fault.startSeconds,
        fault.kind === 'cache-restart' ? 0 : fault.durationSeconds,
        fault.kind === 'db-slow' ? (fault.factor ?? DEFAULT_SLOW_FACTOR) : 1,
      ]);
      const seen = byFault.get(key);
      if (seen) {
        if (!seen.names.includes(run.name)) seen.names.push(run.name);
      } else byFault.set(key, { fault, names: [run.name] });
    }
  return [...byFault.values()].map(({ fault, names }) => ({ fault, runs: names.join(', ') }));
}

/** Label rows, one under the other: faults that overlap or lie close never print on each other. */
const LABEL_ROWS = 4;
const LABEL_ROW_PX = 14;

/**
 * The shaded fault periods of a chart. A function, not a component: recharts finds its
 * reference areas among the chart's direct children. Each label sits a row below the one before
 * (four rows, then round again), so two faults near in time keep their words apart.
 */
export function faultMarks(faults: readonly MarkedFault[], unit: TimeUnit) {
  return faults.map(({ fault: f, runs }, i) => {
    const value = runs === undefined ? SHORT[f.kind] : `${runs}: ${SHORT[f.kind]}`;
    const offset = 5 + LABEL_ROW_PX * (i % LABEL_ROWS);
    return f.kind === 'cache-restart' ? (
      <ReferenceLine
        key={`fault-${i}`}
        x={(f.startSeconds * 1000) / unit.ms}
        stroke={FAULT_FILL[f.kind]}
        strokeDasharray="4 3"
        label={{
          value,
          fill: FAULT_FILL[f.kind],
          fontSize: 12,
          position: 'insideTopRight',
          offset,
        }}
        ifOverflow="hidden"
      />
    ) : (
      <ReferenceArea
        key={`fault-${i}`}
        x1={(f.startSeconds * 1000) / unit.ms}
        x2={((f.startSeconds + f.durationSeconds) * 1000) / unit.ms}
        fill={FAULT_FILL[f.kind]}
        fillOpacity={0.15}
        stroke="none"
        label={{
          value,
          fill: FAULT_FILL[f.kind],
          fontSize: 12,
          position: 'insideTop',
          offset,
        }}
        ifOverflow="hidden"
      />
    );
  });
}
