// @vitest-environment jsdom
import { act, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { useThrottled } from './useThrottled';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

function Chart({
  value,
  phaseMs,
  intervalMs = 2000,
}: {
  value: number;
  phaseMs: number;
  intervalMs?: number;
}) {
  const shown = useThrottled<number | null>(value, intervalMs, phaseMs, null);
  return <p>{shown ?? 'pending'}</p>;
}

/** Feeds a new value every 250 ms (a run's progress reports) and notes when what is shown changes. */
function feed(phaseMs: number, forMs: number): { at: number; shown: string }[] {
  const changes: { at: number; shown: string }[] = [];
  let last = 'pending';
  for (let t = 0; t <= forMs; t += 250) {
    act(() => root.render(<Chart value={t} phaseMs={phaseMs} />));
    act(() => vi.advanceTimersByTime(250));
    const shown = container.textContent ?? '';
    if (shown !== last) changes.push({ at: performance.now(), shown });
    last = shown;
  }
  return changes;
}

it.each([300, 1500])(
  'a chart fed a report every 250 ms redraws every 2 s with the latest one (phase %i ms)',
  (phaseMs) => {
    const changes = feed(phaseMs, 12_000);
    // About one redraw every 2 s, never closer than 2 s apart, each showing a recent report.
    expect(changes.length).toBeGreaterThanOrEqual(5);
    for (const [i, c] of changes.entries()) {
      if (i > 0) expect(c.at - changes[i - 1].at).toBeGreaterThanOrEqual(2000);
      expect(c.at - Number(c.shown)).toBeLessThanOrEqual(500);
    }
  },
);

it('charts with different phases never redraw at the same moment', () => {
  const redraws: { chart: string; at: number }[] = [];
  function Redraws({ name, value, phaseMs }: { name: string; value: number; phaseMs: number }) {
    const shown = useThrottled<number | null>(value, 2000, phaseMs, null);
    useEffect(() => {
      if (shown !== null) redraws.push({ chart: name, at: performance.now() });
    }, [name, shown]);
    return null;
  }
  for (let t = 0; t <= 12_000; t += 250) {
    act(() =>
      root.render(
        <>
          <Redraws name="first" value={t} phaseMs={300} />
          <Redraws name="second" value={t} phaseMs={600} />
        </>,
      ),
    );
    act(() => vi.advanceTimersByTime(250));
  }
  const times = redraws.map((r) => r.at);
  expect(redraws.filter((r) => r.chart === 'second').length).toBeGreaterThanOrEqual(5);
  expect(new Set(times).size).toBe(times.length);
});

it('with no interval (a finished run), the value shows the phase after it changed', () => {
  act(() => root.render(<Chart value={1} phaseMs={300} intervalMs={0} />));
  act(() => vi.advanceTimersByTime(299));
  expect(container.textContent).toBe('pending');
  act(() => vi.advanceTimersByTime(1));
  expect(container.textContent).toBe('1');
});
