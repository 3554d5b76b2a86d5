import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * The first time at or after `t` that falls `phaseMs` into a period of `intervalMs` (wall-clock
 * ms since the page opened): hooks with different phases land in different tasks, always.
 */
function nextSlot(t: number, intervalMs: number, phaseMs: number): number {
  return t + ((((phaseMs - t) % intervalMs) + intervalMs) % intervalMs);
}

/**
 * `value`, changing at most once per `intervalMs`, each change `phaseMs` into a period of
 * `intervalMs` (with no interval, `phaseMs` after the value changed); `initial` is shown until
 * the first change lands, and nothing changes while `isPaused`. A new value does not postpone a
 * change on its way: the change shows the latest value when it lands. (Postponed by each new
 * value, a chart fed a progress report every 250 ms with a phase over 250 ms never redrew until
 * the run ended.) Charts use it so a stream of progress reports redraws each of them every few
 * seconds, each chart in its own task.
 */
export function useThrottled<T>(
  value: T,
  intervalMs: number,
  phaseMs = 0,
  initial: T = value,
  isPaused = false,
): T {
  const [shown, setShown] = useState(initial);
  const [lastAt, setLastAt] = useState(-Infinity);
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  const isDue = !isPaused && !Object.is(value, shown);
  useEffect(() => {
    if (!isDue) return;
    const now = performance.now();
    const wait =
      intervalMs > 0
        ? nextSlot(Math.max(now, lastAt + intervalMs), intervalMs, phaseMs) - now
        : phaseMs;
    const timer = setTimeout(() => {
      // A transition: React renders it in slices, yielding to input between them.
      startTransition(() => {
        setShown(latest.current);
        setLastAt(performance.now());
      });
    }, wait);
    return () => clearTimeout(timer);
  }, [isDue, lastAt, intervalMs, phaseMs]);
  return shown;
}
