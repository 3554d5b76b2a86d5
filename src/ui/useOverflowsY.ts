import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A ref and whether that element's content is taller than it (it scrolls up and down). As with
 * `useOverflowsX`, a box that scrolls must take the keyboard's focus, and one that does not would
 * be an empty Tab stop. `content` is what the box shows: a change of it is measured again even
 * when the box keeps its size (a value that grows inside a box already at its maximum height).
 */
export function useOverflowsY<T extends HTMLElement>(
  content: unknown,
): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setOverflows(element.scrollHeight > element.clientHeight + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, [content]);
  return [ref, overflows];
}
