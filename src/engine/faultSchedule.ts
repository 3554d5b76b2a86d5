import { DEFAULT_SLOW_FACTOR, type Fault } from './workloadConfig';
import type { Runtime } from './runtime';
import { restartCache } from './queueLoss';

/** A fault's start or end, applied when the virtual clock reaches `at` (ms). */
export interface FaultEvent {
  at: number;
  /** At one instant, 0 (an end) goes before 1 (a start). */
  order: number;
  apply: () => void | Promise<void>;
}

/** A restart, and how many live keys Redis held just before it (what it emptied). */
export interface RestartEmptied {
  atMs: number;
  keys: number;
}

/**
 * Faults may overlap: the cache is down while any outage lasts, and the database is as slow as
 * the slowest slowdown under way. Each fault's end takes away only its own part. (A fault of
 * length 0 starts and ends at once, and changes nothing.)
 */
export function scheduleFaults(
  faults: Fault[],
  runtime: Runtime,
  restarts: RestartEmptied[] = [],
): FaultEvent[] {
  const cache = runtime.cache;
  let outages = 0;
  const slowdowns: number[] = [];
  const slowest = (): number => (slowdowns.length === 0 ? 1 : Math.max(...slowdowns));
  const lasting = faults.filter((f) => f.kind === 'cache-restart' || f.durationSeconds > 0);
  const events = lasting.flatMap((f): FaultEvent[] => {
    const start = f.startSeconds * 1000;
    const end = (f.startSeconds + f.durationSeconds) * 1000;
    if (f.kind === 'cache-restart')
      return [
        {
          at: start,
          order: 1,
          // A restart brings the server back up; an outage still under way keeps it unreachable.
          apply: async () => {
            restarts.push({ atMs: start, keys: cache.liveKeyCount() });
            await restartCache(runtime);
            if (outages > 0) cache.setAvailable(false);
          },
        },
      ];
    if (f.kind === 'cache-down')
      return [
        {
          at: start,
          order: 1,
          apply: () => {
            if (outages++ === 0) cache.setAvailable(false);
          },
        },
        {
          at: end,
          order: 0,
          apply: () => {
            if (--outages === 0) cache.setAvailable(true);
          },
        },
      ];
    const factor = f.factor ?? DEFAULT_SLOW_FACTOR;
    return [
      {
        at: start,
        order: 1,
        apply: () => {
          slowdowns.push(factor);
          runtime.dbSlowFactor = slowest();
        },
      },
      {
        at: end,
        order: 0,
        apply: () => {
          const at = slowdowns.indexOf(factor);
          if (at >= 0) slowdowns.splice(at, 1);
          runtime.dbSlowFactor = slowest();
        },
      },
    ];
  });
  // At one instant, what ends goes before what starts: back-to-back faults hand over cleanly.
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  return events;
}
