import { describe, expect, it } from 'vitest';
import { gridAtAxisTicks, timeAxisTicks } from './chartGrid';

type Args = Parameters<typeof gridAtAxisTicks>[0];
const offset = { left: 10, width: 200, top: 0, height: 100 } as Args['offset'];
/** An x axis whose scale maps 0..100 onto the plot area 10..210. */
const axis = (over: Record<string, unknown>) =>
  ({ type: 'number', scale: { map: (v: number) => 10 + 2 * v }, ...over }) as Args['xAxis'];
const lines = (xAxis: Args['xAxis']) =>
  gridAtAxisTicks({ xAxis, offset, width: 300, height: 150 }, false);

describe('gridAtAxisTicks', () => {
  it('draws a line at each nice tick and at both edges of the plot area', () => {
    expect(lines(axis({ niceTicks: [20, 40, 60] }))).toEqual([50, 90, 130, 10, 210]);
    expect(lines(axis({ niceTicks: [0, 50, 100] }))).toEqual([10, 110, 210]);
  });

  it('prefers the ticks the axis was given, and leaves out ticks outside the plot area', () => {
    expect(lines(axis({ ticks: [1, 10, 1000], niceTicks: [0, 50] }))).toEqual([12, 30, 10, 210]);
  });

  it('draws no lines until a number axis with a scale is known', () => {
    expect(lines(undefined)).toEqual([]);
    expect(lines(axis({ type: 'category', niceTicks: [1, 2] }))).toEqual([]);
    expect(lines(axis({ scale: undefined, niceTicks: [1, 2] }))).toEqual([]);
  });
});

// Until 2026-12-07 a run of 73.7 s had ticks at 60 and 73.7, crowded into each other at its end.
it('a time axis has nice ticks from 0, at most five, and its end only where it falls on one', () => {
  expect(timeAxisTicks(73.7)).toEqual([0, 20, 40, 60]);
  expect(timeAxisTicks(10)).toEqual([0, 2.5, 5, 7.5, 10]);
  expect(timeAxisTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
  expect(timeAxisTicks(0)).toEqual([0]);
});
