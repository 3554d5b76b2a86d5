import { useEffect, useState } from 'react';

/**
 * `value`, changing at most once per `intervalMs` (the latest value always lands). Charts use it
 * so a stream of progress reports redraws them a few times a second, not at every report.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const [lastAt, setLastAt] = useState(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, lastAt + intervalMs - performance.now());
    const timer = setTimeout(() => {
      setShown(value);
      setLastAt(performance.now());
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, lastAt, intervalMs]);
  return shown;
}
