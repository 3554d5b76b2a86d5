// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, expect, it, vi } from 'vitest';
import { DRAWN_PER_TASK, useDrawnInSteps } from './useDrawnInSteps';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function List({ items }: { items: readonly number[] }) {
  const { shown, isDrawing } = useDrawnInSteps(items);
  return (
    <ul aria-busy={isDrawing}>
      {shown.map((n, i) => (
        <li key={i}>{n}</li>
      ))}
    </ul>
  );
}

afterEach(() => vi.useRealTimers());

/** Runs each next task (each schedules the next once React has drawn the part before). */
function runTasks(): void {
  for (let i = 0; i < 100 && vi.getTimerCount() > 0; i++) act(() => vi.advanceTimersToNextTimer());
}

it('draws a long list a part in each task until every item is drawn, and replaces it by another a part at a time', () => {
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
  // Three were drawn: a long list after them starts from the first part.
  const another = long.map((n) => n + 1);
  act(() => root.render(<List items={another} />));
  expect(items()).toBe(DRAWN_PER_TASK);
  runTasks();
  expect(items()).toBe(another.length);
  // A grid explored again: every place stays drawn (before, all but 500 were taken away), the
  // first part shows the new list, the rest the one before until its turn, and the list says so.
  const again = another.map((n) => -n);
  act(() => root.render(<List items={again} />));
  const texts = () => [...container.querySelectorAll('li')].map((li) => Number(li.textContent));
  expect(texts()).toEqual([...again.slice(0, DRAWN_PER_TASK), ...another.slice(DRAWN_PER_TASK)]);
  expect(container.querySelector('ul')?.getAttribute('aria-busy')).toBe('true');
  runTasks();
  expect(texts()).toEqual(again);
  expect(container.querySelector('ul')?.getAttribute('aria-busy')).toBe('false');
  // A shorter list: the places past its end go at once.
  act(() => root.render(<List items={again.slice(0, DRAWN_PER_TASK + 3).reverse()} />));
  expect(items()).toBe(DRAWN_PER_TASK + 3);
  act(() => root.unmount());
});

function Jump({ items, to }: { items: readonly number[]; to: number }) {
  const { shown, drawUpTo } = useDrawnInSteps(items);
  return (
    <button type="button" onClick={() => drawUpTo(to)}>
      {shown.length}
    </button>
  );
}

it('drawUpTo draws up to an item at once, and never takes back what is drawn', () => {
  vi.useFakeTimers();
  const container = document.createElement('div');
  const root = createRoot(container);
  const long = Array.from({ length: 3 * DRAWN_PER_TASK }, (_, i) => i);
  act(() => root.render(<Jump items={long} to={long.length} />));
  const drawn = () => Number(container.querySelector('button')?.textContent);
  expect(drawn()).toBe(DRAWN_PER_TASK);
  act(() => container.querySelector('button')?.click());
  expect(drawn()).toBe(long.length);
  act(() => root.render(<Jump items={long} to={1} />));
  act(() => container.querySelector('button')?.click());
  expect(drawn()).toBe(long.length);
  act(() => root.unmount());
});
