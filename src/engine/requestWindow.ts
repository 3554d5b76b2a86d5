import type { WorkloadSummary } from './workloadSummary';

/** A drain shorter than this is the last replies' tail, not worth a line of its own. */
const DRAIN_SHOWN_MS = 50;

/** How a run's virtual time divides, as the CLI's summary and the lab's both say it. */
export interface RunSpan {
  /** Requests being served: first arrival to last completion, seconds. */
  windowSeconds: number;
  /** After the last request: the cache layer's own work still pending, seconds. */
  drainSeconds: number;
  /** The whole run, seconds (`virtualDurationMs`). */
  totalSeconds: number;
  /** True when the drain is long enough to report apart. */
  hasDrain: boolean;
  /** The application's DB reads per second of the request window (0 for an empty window). */
  dbReadsPerSecond: number;
}

/**
 * Splits a summary's virtual time into the request window and the drain after it (CDC
 * invalidations a long delay behind, write-behind flushes), so rates are over the requests. A
 * run in which no request arrived has no window, and no drain after one.
 */
export function runSpan(
  s: Pick<WorkloadSummary, 'requestWindow' | 'virtualDurationMs' | 'dbReads'>,
): RunSpan {
  const w = s.requestWindow;
  const windowSeconds = w === null ? 0 : Math.max(0, w.endMs - w.startMs) / 1000;
  const drainMs = w === null ? 0 : Math.max(0, s.virtualDurationMs - w.endMs);
  return {
    windowSeconds,
    drainSeconds: drainMs / 1000,
    totalSeconds: s.virtualDurationMs / 1000,
    hasDrain: drainMs >= DRAIN_SHOWN_MS,
    dbReadsPerSecond: windowSeconds > 0 ? s.dbReads / windowSeconds : 0,
  };
}

/**
 * True when Stop ended the run before its last request completed: the request window then ends
 * at the stop, and its `cachedKeys` are the keys at the stop, not when the requests ended.
 */
export function windowEndsAtStop(
  s: Pick<WorkloadSummary, 'requestWindow' | 'virtualDurationMs' | 'stopped'>,
): boolean {
  return s.stopped && s.requestWindow !== null && s.requestWindow.endMs >= s.virtualDurationMs;
}

/**
 * True when a run of a set duration ended with no request: the first arrival fell past its end
 * (a low rate). There is then no window, rate or latency to report, only that none arrived.
 */
export function isNoneArrived(
  s: Pick<WorkloadSummary, 'requests' | 'stopped' | 'config'>,
): boolean {
  return !s.stopped && s.requests === 0 && s.config.durationSeconds > 0;
}
