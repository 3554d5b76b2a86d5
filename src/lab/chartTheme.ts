import type { Fault } from '../engine/workload';

/** Colours of the lab's series (readable on the dark panel; the PNG export uses them too). */
export const COLORS = {
  hit: '#4cc38a',
  cumulative: '#5aa9ff',
  analytic: '#f5f5a0',
  requests: '#5aa9ff',
  dbReads: '#f0b84a',
  dbWrites: '#e2574c',
  errors: '#ff6b6b',
  p50: '#4cc38a',
  p99: '#f0b84a',
  stale: '#d98cff',
  staleness: '#ff8fab',
  keys: '#4cc38a',
  rows: '#93a4b6',
  evictions: '#f0b84a',
} as const;

/**
 * Dash patterns (SVG stroke-dasharray; solid is none). The lines of one chart differ by their
 * dash as well as their colour, so no line is told apart by colour alone (WCAG 1.4.1). Dashed
 * is kept for a model or a reference line, not a measurement.
 */
export const DASH = {
  solid: undefined,
  dotted: '2 3',
  dashDot: '10 3 2 3',
  dashed: '6 4',
} as const;

/** One colour per compared configuration A..D. */
export const RUN_COLORS = ['#5aa9ff', '#f0b84a', '#4cc38a', '#d98cff'];
/** One dash per compared configuration A..D, in the same order as the colours. */
export const RUN_DASHES: readonly (string | undefined)[] = [
  DASH.solid,
  DASH.dotted,
  DASH.dashDot,
  DASH.dashed,
];

export const FAULT_FILL: Record<Fault['kind'], string> = {
  'cache-down': '#ff6b6b',
  'cache-restart': '#ff6b6b',
  'db-slow': '#f0b84a',
};

export const AXIS = {
  stroke: '#93a4b6',
  tick: { fill: '#93a4b6', fontSize: 12 },
};

/** An axis title in the lab's style: under the x axis, or turned along a y axis. */
export const axisLabel = (value: string, side: 'bottom' | 'left' | 'right') =>
  side === 'bottom'
    ? { value, position: 'insideBottom' as const, offset: -10, fill: AXIS.stroke, fontSize: 12 }
    : {
        value,
        angle: side === 'left' ? -90 : 90,
        position: side === 'left' ? ('insideLeft' as const) : ('insideRight' as const),
        fill: AXIS.stroke,
        fontSize: 12,
        style: { textAnchor: 'middle' as const },
      };

export const GRID = '#2a3b4d';

export const TOOLTIP_STYLE = {
  contentStyle: { background: '#0c131b', border: '1px solid #2a3b4d', borderRadius: 6 },
  labelStyle: { color: '#e4ebf2' },
};

/**
 * An axis tick's label. recharts places the ticks of an axis from 0 at nice steps (1, 2, 2.5 or
 * 5 times a power of ten), so three significant digits write each one as it is: with a fixed
 * number of decimals a tick at 0.25 read "0.3" and one at 0.75 "0.8".
 */
export function axisTick(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(3)).toString();
}

/** A value written whole (a TTL the learner gave, at most 15 significant digits). */
export function exactNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString('en-US', { maximumSignificantDigits: 15 });
}

export function formatNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toFixed(digits)).toString();
}
