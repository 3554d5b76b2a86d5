import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A ref and whether that element's content is wider (`x`: it scrolls sideways) or taller (`y`:
 * it scrolls up and down) than it. A box that scrolls must take the keyboard's focus so it can
 * be scrolled without a pointer; one that does not would only be an empty Tab stop. `content` is
 * what the box shows: a change of it is measured again even when the box keeps its size (a
 * value that grows inside a box already at its maximum height).
 */
export function useOverflows<T extends HTMLElement>(
  axis: 'x' | 'y',
  content?: unknown,
): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () =>
      setOverflows(
        axis === 'x'
          ? element.scrollWidth > element.clientWidth + 1
          : element.scrollHeight > element.clientHeight + 1,
      );
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, [axis, content]);
  return [ref, overflows];
}
