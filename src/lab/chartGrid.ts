import type { CartesianGridProps } from 'recharts';

type VerticalLines = NonNullable<CartesianGridProps['verticalCoordinatesGenerator']>;

/**
 * A chart grid's vertical lines: at the x axis's ticks (the ones it was given, else its nice
 * ones) and at the plot area's edges, as recharts draws them. recharts' own generator measures
 * tick labels in the DOM, and when it runs before the chart's x axis is in its store (a chart's
 * redraw at the end of a lab run does, once) it falls back to an implicit category axis with a
 * tick per data point: 400 forced text measurements in one main-thread task. Number axes need
 * no measuring; until the axis is known there are no lines.
 */
export const gridAtAxisTicks: VerticalLines = ({ xAxis, offset }) => {
  const scale = xAxis?.scale;
  const ticks = xAxis?.ticks ?? xAxis?.niceTicks;
  if (xAxis?.type !== 'number' || !scale || !ticks) return [];
  const left = offset.left;
  const right = offset.left + offset.width;
  const at: number[] = [];
  for (const tick of ticks) {
    const x = scale.map(tick);
    if (x !== undefined && Number.isFinite(x) && x >= left && x <= right) at.push(x);
  }
  if (!at.includes(left)) at.push(left);
  if (!at.includes(right)) at.push(right);
  return at;
};
