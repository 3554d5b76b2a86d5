/**
 * The lab worker's Stop flags, one per run in flight. A Stop is kept only for a run the worker
 * holds: one arriving as its run ends (the page's Stop and the worker's `done` cross) or after
 * it, or for an id the worker never saw, is dropped, so the set holds nothing once runs end.
 */
export interface StopFlags {
  /** A run arrived: a Stop for it counts from now until `ended`. */
  began(runId: number): void;
  /** The page asked to stop a run: marked only while that run is in flight. */
  stopAsked(runId: number): void;
  isStopped(runId: number): boolean;
  /** The run ended, however (done, stopped, failed): its flag goes with it. */
  ended(runId: number): void;
  /** Runs in flight and flags held (for tests: both 0 once every run has ended). */
  size(): { live: number; stopped: number };
}

export function createStopFlags(): StopFlags {
  const live = new Set<number>();
  const stopped = new Set<number>();
  return {
    began: (runId) => void live.add(runId),
    stopAsked: (runId) => {
      if (live.has(runId)) stopped.add(runId);
    },
    isStopped: (runId) => stopped.has(runId),
    ended: (runId) => {
      live.delete(runId);
      stopped.delete(runId);
    },
    size: () => ({ live: live.size, stopped: stopped.size }),
  };
}
