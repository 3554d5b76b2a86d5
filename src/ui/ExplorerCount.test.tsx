// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it } from 'vitest';
import type { InterleavingCount } from '../engine/interleavingCount';
import { CountWords } from './CountWords';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function shown(count: InterleavingCount): string {
  const container = document.createElement('div');
  const root = createRoot(container);
  act(() => root.render(<CountWords count={count} limit={1000} />));
  const text = container.textContent ?? '';
  act(() => root.unmount());
  return text;
}

it('the count says a request was cut off by the step limit, never that it takes the same steps', () => {
  const text = shown({ estimate: 1, isExact: true, steps: { A: 200 }, cutOff: ['A'] });
  expect(text).toBe(
    'One interleaving of what is queued (A: 200 steps, then cut off; A never finished: cut off by the step limit (a loop or a wait that never ends), so the count is of the orders of those steps, up to the cut-off).',
  );
  expect(shown({ estimate: 10, isExact: true, steps: { A: 3, B: 2 } })).toBe(
    '10 interleavings of what is queued (A: 3 steps, B: 2 steps; each request takes the same steps whichever runs first).',
  );
});
