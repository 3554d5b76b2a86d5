// The one queue every change of a sandbox store runs through, and the publishes it holds back
// while more inputs wait behind a console line (lines pasted together).
import type { Simulation } from '../engine/simulation';
import type { SandboxState } from './sandboxState';

/** What the queue publishes through: the store's simulation, what it holds, the shown publish. */
export interface InputQueueContext {
  requireSim: () => Simulation;
  hasSim: () => boolean;
  /** True while a link is replayed: snapshots wait until its last input. */
  isRestoring: () => boolean;
  /** Keeps `patch` off the store until the next publish (see the store's `held`). */
  hold: (patch: Partial<SandboxState>) => void;
  /** The publish that shows the run (see publishShown.ts). */
  publishShown: (s: Simulation, patch: Partial<SandboxState>, animate: boolean) => Promise<void>;
}

/**
 * The queue of one sandbox store: `serial` runs an input after those queued before it;
 * `publish` publishes the simulation's state, or holds it while more inputs wait.
 */
export function createInputQueue({
  requireSim,
  hasSim,
  isRestoring,
  hold,
  publishShown,
}: InputQueueContext) {
  let queue: Promise<unknown> = Promise.resolve();
  /** Inputs queued behind the one running (a paste queues its lines at once). */
  let waiting = 0;
  /** True while a console line runs: its publish may wait for the lines queued after it. */
  let isConsoleLineRunning = false;
  /** A console line's publish skipped because more inputs were queued. */
  let isPublishDeferred = false;
  /** Resolves once the next publish that is not held has been made (or has failed). */
  let nextShown: { promise: Promise<void>; resolve: () => void } | null = null;
  const whenShown = (): Promise<void> => {
    if (nextShown === null) {
      let resolve = (): void => {};
      const promise = new Promise<void>((r) => (resolve = r));
      nextShown = { promise, resolve };
    }
    return nextShown.promise;
  };
  /** Runs `fn` after every input queued before it; `isConsoleLine` for a console's line. */
  const serial = <T>(fn: () => Promise<T>, isConsoleLine = false): Promise<T> => {
    waiting++;
    /** The publish that will show what `fn` did, when its own was held for the inputs after it. */
    let shown: Promise<void> | null = null;
    const start = async () => {
      waiting--;
      // Anything else reads the panels' state (a snapshot's TTLs, canStep): bring it up to date.
      if (isPublishDeferred && !isConsoleLine && hasSim()) await publish({}, true);
      isConsoleLineRunning = isConsoleLine;
      try {
        return await fn();
      } finally {
        isConsoleLineRunning = false;
        // The queue's last input publishes what those before it did not (a refused one too).
        if (isPublishDeferred && waiting === 0 && hasSim()) await publish({}, true);
        if (isPublishDeferred) shown = whenShown();
      }
    };
    const run = queue.then(start, start);
    queue = run.catch(() => undefined);
    // A line is answered once the page shows its reply, as the console's "Waiting for the
    // reply…" and the automation API promise: lines pasted into the Redis console, then the
    // SQL console's, were all answered while the Redis console still showed none of them.
    return run.then(async (value) => {
      if (shown !== null) await shown;
      return value;
    });
  };

  /** Publishes the simulation's state (after every change). */
  const publish = async (patch: Partial<SandboxState>, animate: boolean): Promise<void> => {
    const s = requireSim();
    if (isRestoring()) {
      // Replaying a link: only the timeline matters until the last input is in.
      hold(patch);
      return;
    }
    if (waiting > 0 && isConsoleLineRunning) {
      // More inputs are queued behind this console line (lines pasted together): the panels
      // show the state after the last of them. A snapshot and a render of the whole transcript for each line made a
      // 1,000-line paste take seconds.
      hold(patch);
      isPublishDeferred = true;
      return;
    }
    isPublishDeferred = false;
    // The lines held before this are shown by it, or its failure is said: either way, answered.
    const shown = nextShown;
    nextShown = null;
    try {
      await publishShown(s, patch, animate);
    } finally {
      shown?.resolve();
    }
  };

  return { serial, publish };
}
