import type { SqlJsStatic } from 'sql.js';
import { cacheLeftWrong } from './cachedCopy';
import { explorationKeyspace } from './redisMock';
import { Simulation } from './simulation';
import type { SimAction } from './simAction';
import type { SimCreateConfig } from './simConfig';
import type { StepEvent } from './stepEvent';

/** A program to start before exploring: a read or a write by one actor. */
export type ExploredTask = Extract<SimAction, { type: 'read' } | { type: 'write' }>;

/** One complete interleaving and what it left behind. */
export interface InterleavingOutcome {
  /** Which actor took each step, in order. */
  schedule: string[];
  /** The steps as they ran. */
  events: Pick<StepEvent, 'actor' | 'command' | 'reply' | 'isStaleFill' | 'isStaleRead'>[];
  staleFills: number;
  staleReads: number;
  /**
   * A cached entry is not its database row as it is when every program has finished: older, or
   * a row the database never had (see `cacheLeftWrong`).
   */
  isCacheStaleAtEnd: boolean;
}

/**
 * Runs every interleaving of the given programs' steps (each from a fresh, identically seeded
 * simulation) and reports each one's outcome. The schedules are found by depth-first search over
 * which ready actor steps next, so programs whose later steps depend on earlier replies (leases,
 * retries) are explored as they really branch.
 */
export async function exploreInterleavings(
  SQL: SqlJsStatic,
  config: SimCreateConfig,
  tasks: readonly ExploredTask[],
  limit = 5000,
): Promise<InterleavingOutcome[]> {
  const outcomes: InterleavingOutcome[] = [];
  const stack: string[][] = [[]];
  while (stack.length > 0 && outcomes.length < limit) {
    const prefix = stack.pop() as string[];
    // Each run's database and connections are freed before the next: sql.js runs out of file
    // handles ("unable to open database file") after a few hundred open databases.
    const server = explorationKeyspace();
    const sim = Simulation.create(SQL, config, server.connect);
    let ready: string[];
    let snap: Awaited<ReturnType<Simulation['snapshot']>> | null = null;
    try {
      for (const t of tasks) await sim.dispatch(t);
      for (const actor of prefix) await sim.dispatch({ type: 'stepActor', actor });
      ready = sim.readyActors();
      if (ready.length === 0) snap = await sim.snapshot();
    } finally {
      // sim.close(): a run stopped at a prefix leaves its requests part way; a learner's run
      // ends here, or the sandbox counted it in flight (and kept its memory) for good.
      await sim.close();
      server.release();
    }
    if (snap !== null) {
      outcomes.push({
        schedule: prefix,
        events: snap.events.map(({ actor, command, reply, isStaleFill, isStaleRead }) => ({
          actor,
          command,
          reply,
          isStaleFill,
          isStaleRead,
        })),
        staleFills: snap.stats.staleFills,
        staleReads: snap.stats.staleReads,
        isCacheStaleAtEnd: cacheLeftWrong(snap) !== null,
      });
      continue;
    }
    // Push in reverse so the first actor's branch is explored (and reported) first.
    for (let i = ready.length - 1; i >= 0; i--) stack.push([...prefix, ready[i]]);
  }
  return outcomes;
}
