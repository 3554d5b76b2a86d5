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

/**
 * A time axis's ticks: from 0 at a nice step (1, 2, 2.5 or 5 times a power of ten) that gives at
 * most `most`, the run's end among them only where it falls on one. recharts' own ticks for a
 * set domain end at the domain's end, so until 2026-12-07 a run of 73.7 s read "60" and "73.7"
 * crowded into each other at its end. Computed, not measured: no label is laid out in the DOM.
 */
export function timeAxisTicks(xMax: number, most = 5): number[] {
  if (!(xMax > 0) || !Number.isFinite(xMax)) return [0];
  const power = 10 ** Math.floor(Math.log10(xMax / (most - 1)));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => xMax / s <= most - 1 + 1e-9) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; i * step <= xMax * (1 + 1e-9); i++)
    ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
