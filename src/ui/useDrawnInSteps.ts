import { useEffect, useState } from 'react';

/**
 * Items drawn in one task. The explorer's grid of 5,000 cells drawn at once held the page's
 * thread for 0.15 to 0.2 s when an exploration ended; 500 at a time keeps each task short.
 */
export const DRAWN_PER_TASK = 500;

/**
 * How many of `items` to draw now: the first `DRAWN_PER_TASK` at once, then as many more in each
 * following task until all are, so that a long list never holds the page's thread for long.
 * Starts again from the first when `items` is another array.
 */
export function useDrawnInSteps(items: readonly unknown[]): number {
  const [drawn, setDrawn] = useState({ of: items, count: DRAWN_PER_TASK });
  const count = Math.min(items.length, drawn.of === items ? drawn.count : DRAWN_PER_TASK);
  useEffect(() => {
    if (count >= items.length) return;
    // A task of its own (not a frame: a hidden tab draws no frames), so input is handled between.
    const next = setTimeout(() => setDrawn({ of: items, count: count + DRAWN_PER_TASK }), 0);
    return () => clearTimeout(next);
  }, [items, count]);
  return count;
}
