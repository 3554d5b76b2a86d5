import { useEffect, useRef, type RefObject } from 'react';

/** The page's scroll padding at the top (lab.css reads it). */
const PROPERTY = '--sticky-bar-clearance';
/** Room left between the bar and what is scrolled to, for its focus ring. */
const GAP_PX = 8;

/**
 * A ref for a bar that sticks to the top of the page: while it is mounted, the page keeps its
 * height as scroll padding, so a control that takes the focus (Tab, Shift+Tab) or is scrolled to
 * stops below the bar instead of under it (WCAG 2.4.11). The bar's height follows its content
 * (a notice, the progress line, a narrow window wrapping it), so it is measured, not assumed.
 */
export function useScrollPaddingFor<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const bar = ref.current;
    if (!bar) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty(PROPERTY, `${bar.getBoundingClientRect().height + GAP_PX}px`),
    );
    observer.observe(bar);
    return () => {
      observer.disconnect();
      root.style.removeProperty(PROPERTY);
    };
  }, []);
  return ref;
}
