import { useEffect, useRef, useState, type RefObject } from 'react';

/** A ref to attach and whether that element is in (or near) the viewport. */
export function useIsVisible<T extends Element>(): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [isVisible, setIsVisible] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => setIsVisible(entries.some((e) => e.isIntersecting)),
      { rootMargin: '100px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, isVisible];
}
