import type { ReactElement } from 'react';
import type { Point, SeriesSpec } from './chartSpecs';

/** What recharts hands a line's dot renderer: the point, and every point of the line. */
interface DotProps {
  index: number;
  cx?: number;
  cy?: number;
  stroke?: string;
  points: readonly { value?: unknown }[];
}

const hasValue = (p: Point | undefined, key: SeriesSpec['key']): boolean =>
  p !== undefined && p[key] !== null && p[key] !== undefined;

/** Whether the line of `key` has a point with a gap (or the chart's edge) on both sides. */
export function hasLonePoint(points: readonly Point[], key: SeriesSpec['key']): boolean {
  for (let i = 0; i < points.length; i++)
    if (hasValue(points[i], key) && !hasValue(points[i - 1], key) && !hasValue(points[i + 1], key))
      return true;
  return false;
}

/**
 * A point with a gap on both sides draws as a dot: a line needs two points, so a lone window with
 * a figure between windows without one (the one window in which a request finished, between
 * quiet ones) would draw nothing. Every other point draws nothing.
 */
export function loneDot({ index, cx, cy, stroke, points }: DotProps): ReactElement {
  const isGap = (i: number): boolean => points[i]?.value === null || points[i]?.value === undefined;
  if (
    cx === undefined ||
    cy === undefined ||
    isGap(index) ||
    !isGap(index - 1) ||
    !isGap(index + 1)
  )
    return <g key={index} />;
  return <circle key={index} cx={cx} cy={cy} r={2.5} fill={stroke} stroke="none" />;
}
