import { ReferenceArea, ReferenceLine } from 'recharts';
import type { Fault } from '../engine/workload';
import { FAULT_FILL } from './chartTheme';
import type { TimeUnit } from './chartData';

const SHORT: Record<Fault['kind'], string> = {
  'cache-down': 'cache down',
  'cache-restart': 'restart',
  'db-slow': 'slow DB',
};

/**
 * The shaded fault periods of a chart. A function, not a component: recharts finds its
 * reference areas among the chart's direct children.
 */
export function faultMarks(faults: readonly Fault[], unit: TimeUnit) {
  return faults.map((f, i) =>
    f.kind === 'cache-restart' ? (
      <ReferenceLine
        key={`fault-${i}`}
        x={(f.startSeconds * 1000) / unit.ms}
        stroke={FAULT_FILL[f.kind]}
        strokeDasharray="4 3"
        label={{
          value: SHORT[f.kind],
          fill: FAULT_FILL[f.kind],
          fontSize: 12,
          position: 'insideTopRight',
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
          value: SHORT[f.kind],
          fill: FAULT_FILL[f.kind],
          fontSize: 12,
          position: 'insideTop',
        }}
        ifOverflow="hidden"
      />
    ),
  );
}
