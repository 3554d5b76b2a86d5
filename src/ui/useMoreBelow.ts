import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A scrolling column's ref, whether it holds more than it shows below what is in view (its
 * text cut at the bottom of the screen), and whether it scrolls at all (its content taller than
 * it, wherever it is scrolled to: what decides whether it must take the keyboard's focus, which
 * must not come and go as it is scrolled). Measured again when the column is scrolled, resized,
 * or its content changes (`content`: a new step's text in a column already at its full height).
 * And whether it is scrolled past its top: a question or verdict brought into view can push the
 * start of a long beat's narration off the screen, the title and step count with it.
 */
export function useMoreBelow<T extends HTMLElement>(
  content: unknown,
): [RefObject<T | null>, boolean, boolean, boolean] {
  const ref = useRef<T>(null);
  const [isMoreBelow, setMoreBelow] = useState(false);
  const [isScrollable, setScrollable] = useState(false);
  const [isMoreAbove, setMoreAbove] = useState(false);
  useEffect(() => {
    const column = ref.current;
    if (!column) return;
    const measure = () => {
      setMoreBelow(column.scrollTop + column.clientHeight < column.scrollHeight - 1);
      setScrollable(column.clientHeight < column.scrollHeight - 1);
      setMoreAbove(column.scrollTop > 1);
    };
    // The column keeps its size when its text grows: its children's sizes say so.
    const observer = new ResizeObserver(measure);
    observer.observe(column);
    for (const child of column.children) observer.observe(child);
    column.addEventListener('scroll', measure, { passive: true });
    measure();
    return () => {
      observer.disconnect();
      column.removeEventListener('scroll', measure);
    };
  }, [content]);
  return [ref, isMoreBelow, isScrollable, isMoreAbove];
}
