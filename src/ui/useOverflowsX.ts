import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A ref and whether that element's content is wider than it (it scrolls sideways). A box that
 * scrolls must take the keyboard's focus so it can be scrolled without a pointer; one that does
 * not would only be an empty Tab stop.
 */
export function useOverflowsX<T extends HTMLElement>(): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, []);
  return [ref, overflows];
}
