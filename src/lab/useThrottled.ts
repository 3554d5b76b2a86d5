import { startTransition, useEffect, useState } from 'react';

/**
 * `value`, changing at most once per `intervalMs` and `phaseMs` after it could (the latest value
 * always lands; `initial` is shown until then; nothing changes while `isPaused`). Charts use it so a stream of progress reports redraws them a few times a
 * second, each chart in its own task.
 */
export function useThrottled<T>(
  value: T,
  intervalMs: number,
  phaseMs = 0,
  initial: T = value,
  isPaused = false,
): T {
  const [shown, setShown] = useState(initial);
  const [lastAt, setLastAt] = useState(0);
  useEffect(() => {
    if (isPaused || Object.is(value, shown)) return;
    const wait = Math.max(0, lastAt + intervalMs - performance.now()) + phaseMs;
    const timer = setTimeout(() => {
      // A transition: React renders it in slices, yielding to input between them.
      startTransition(() => {
        setShown(value);
        setLastAt(performance.now());
      });
    }, wait);
    return () => clearTimeout(timer);
  }, [value, shown, lastAt, intervalMs, phaseMs, isPaused]);
  return shown;
}
