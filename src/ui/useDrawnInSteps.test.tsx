// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import { DRAWN_PER_TASK, useDrawnInSteps } from './useDrawnInSteps';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function List({ items }: { items: readonly number[] }) {
  const drawn = useDrawnInSteps(items);
  return (
    <ul>
      {items.slice(0, drawn).map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

afterEach(() => vi.useRealTimers());

/** Runs each next task (each schedules the next once React has drawn the part before). */
function runTasks(): void {
  for (let i = 0; i < 100 && vi.getTimerCount() > 0; i++) act(() => vi.advanceTimersToNextTimer());
}

it('draws a long list a part in each task until every item is drawn, and starts again for another list', () => {
  vi.useFakeTimers();
  const container = document.createElement('div');
  const root = createRoot(container);
  const long = Array.from({ length: 2 * DRAWN_PER_TASK + 7 }, (_, i) => i);
  act(() => root.render(<List items={long} />));
  const items = () => container.querySelectorAll('li').length;
  // Before, all 5,000 cells of a grid were drawn in one task that held the page's thread.
  expect(items()).toBe(DRAWN_PER_TASK);
  act(() => vi.advanceTimersToNextTimer());
  expect(items()).toBe(2 * DRAWN_PER_TASK);
  runTasks();
  expect(items()).toBe(long.length);
  expect(container.querySelector('li:last-child')?.textContent).toBe(String(long.length - 1));
  const short = [1, 2, 3];
  act(() => root.render(<List items={short} />));
  expect(items()).toBe(3);
  const another = long.map((n) => n + 1);
  act(() => root.render(<List items={another} />));
  expect(items()).toBe(DRAWN_PER_TASK);
  runTasks();
  expect(items()).toBe(another.length);
  act(() => root.unmount());
});
