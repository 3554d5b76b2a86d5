// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it } from 'vitest';
import { ChartCard } from './ChartCard';
import { CHARTS } from './chartSpecs';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

it("the legend draws each line's sample with the line's own dash", () => {
  const load = CHARTS.find((c) => c.id === 'load')!;
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <ChartCard title={load.title} fileName="x" legend={load.series}>
        <svg />
      </ChartCard>,
    ),
  );
  const samples = [...container.querySelectorAll('.lab-chart-legend li')].map((li) => [
    li.textContent,
    li.querySelector('line')?.getAttribute('stroke-dasharray') ?? 'solid',
  ]);
  expect(samples).toEqual(load.series.map((s) => [s.name, s.dash ?? 'solid']));
  expect(new Set(samples.map(([, dash]) => dash)).size).toBe(load.series.length);
  act(() => root.unmount());
  container.remove();
});
