import { useCallback, useEffect, useState } from 'react';

/**
 * Items drawn in one task. The explorer's grid of 5,000 cells drawn at once held the page's
 * thread for 0.15 to 0.2 s when an exploration ended; 500 at a time keeps each task short.
 */
export const DRAWN_PER_TASK = 500;

interface Drawn<T> {
  /** The array being drawn. */
  of: readonly T[];
  /** How many of its first items are drawn. */
  done: number;
  /** What is on screen: its first `done` items, then what was shown there before, if anything. */
  shown: readonly T[];
}

/** `items`' first `done` in place of what `before` showed there; past its end nothing. */
const drawnOver = <T>(items: readonly T[], before: readonly T[], done: number): readonly T[] =>
  done >= items.length ? items : [...items.slice(0, done), ...before.slice(done, items.length)];

/**
 * What of `items` to draw now: the first `DRAWN_PER_TASK` at once, then as many more in each
 * following task until all are, so that a long list never holds the page's thread for long.
 * When `items` is another array, it replaces what is shown a part at a time too: the places past
 * the part drawn keep what they showed (a grid explored again keeps its cells, and the focus in
 * them, instead of taking them away and drawing the new ones from the first), and those past the
 * new array's end go at once. `isDrawing` is true until `shown` is `items`. `drawUpTo(n)` draws
 * the first `n` at once (End in a grid still being drawn).
 */
export function useDrawnInSteps<T>(items: readonly T[]): {
  shown: readonly T[];
  isDrawing: boolean;
  drawUpTo: (count: number) => void;
} {
  const [state, setState] = useState<Drawn<T>>(() => ({
    of: items,
    done: DRAWN_PER_TASK,
    shown: drawnOver(items, [], DRAWN_PER_TASK),
  }));
  let drawn = state;
  if (state.of !== items) {
    // Set while rendering (React's way to follow a prop), over what the last array left.
    drawn = {
      of: items,
      done: DRAWN_PER_TASK,
      shown: drawnOver(items, state.shown, DRAWN_PER_TASK),
    };
    setState(drawn);
  }
  const { done, shown } = drawn;
  useEffect(() => {
    if (done >= items.length) return;
    // A task of its own (not a frame: a hidden tab draws no frames), so input is handled between.
    const next = setTimeout(() => {
      const more = done + DRAWN_PER_TASK;
      setState({ of: items, done: more, shown: drawnOver(items, shown, more) });
    }, 0);
    return () => clearTimeout(next);
  }, [items, done, shown]);
  const drawUpTo = useCallback(
    (count: number) => {
      if (count > done) setState({ of: items, done: count, shown: drawnOver(items, shown, count) });
    },
    [items, done, shown],
  );
  return { shown, isDrawing: done < items.length, drawUpTo };
}
