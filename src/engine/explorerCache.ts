import { MAX_SCHEDULE_STEPS_PER_ACTOR, type ChooseActor, type StartedAfter } from './explorerRuns';
import type { InterleavingCount } from './interleavingCount';
import { SetupCheckpoints } from './setupReplay';
import type { SimAction } from './simAction';

/** Counts kept (a few dozen small records). */
const KEPT_COUNTS = 32;

/** A count as the cache keeps it: with the actors started during its runs, and after which steps. */
export type Count = InterleavingCount & { startedAfter: StartedAfter };

/**
 * What one thread's explorations keep from one request to the next (the explorer's worker holds
 * one): checkpoints of the setups replayed, which the next count restores instead of replaying
 * everything since the seed, and the counts made, by config and setup (Back to a step counted
 * before is not counted again). Neither changes a result: a count or a run is the same with a
 * cache, without one, or with another's.
 */
export class ExplorerCache {
  readonly checkpoints = new SetupCheckpoints();
  private readonly counts = new Map<string, Count>();
  /** The serial runs counted since `root` (a setup, its actions as JSON), under `configKey`. */
  private runs: { configKey: string; root: readonly string[]; tree: RunTree } | null = null;

  /**
   * The runs counted from a setup that `setup` extends by steps of named actors (a scenario's
   * Steps), and those actors: a serial run of `setup` is one of those setups' runs that took
   * those steps first. Else a tree of runs from `setup` itself, for the counts after it.
   */
  runsFor(
    configKey: string,
    setup: readonly SimAction[],
    keys: readonly string[],
  ): { tree: RunTree; prefix: string[] } {
    const runs = this.runs;
    if (
      runs !== null &&
      runs.configKey === configKey &&
      keys.length >= runs.root.length &&
      runs.root.every((k, i) => k === keys[i]) &&
      setup.slice(runs.root.length).every((a) => a.type === 'stepActor') &&
      runs.tree.size < MAX_TREE_NODES
    ) {
      const prefix = setup
        .slice(runs.root.length)
        .map((a) => (a.type === 'stepActor' ? a.actor : ''));
      return { tree: runs.tree, prefix };
    }
    const tree = new RunTree();
    this.runs = { configKey, root: keys, tree };
    return { tree, prefix: [] };
  }

  /** The count kept under `key`, made the newest. */
  countOf(key: string): Count | undefined {
    const kept = this.counts.get(key);
    if (kept === undefined) return undefined;
    this.counts.delete(key);
    this.counts.set(key, kept);
    // A copy: a caller may change what it is given.
    return structuredClone(kept);
  }

  keepCount(key: string, made: Count): void {
    this.counts.set(key, made);
    if (this.counts.size > KEPT_COUNTS)
      this.counts.delete(this.counts.keys().next().value as string);
  }
}

/** Past this many recorded points a count starts a new tree of runs. */
const MAX_TREE_NODES = 100_000;

/**
 * Runs made from one setup, as the actors ready after each schedule of steps (the steps of named
 * actors a later setup added, then the run's choices): a run depends only on which actor took
 * each step, so a run whose choices stay on recorded points is known without running it.
 */
export class RunTree {
  private readonly readyAfter = new Map<string, readonly string[]>();

  get size(): number {
    return this.readyAfter.size;
  }

  /** A finished run from `prefix`: the actors ready before each step, and at its end (none). */
  record(prefix: readonly string[], offered: readonly string[][], schedule: readonly string[]) {
    const path = [...prefix];
    offered.forEach((ready, depth) => {
      this.readyAfter.set(path.join(' '), [...ready]);
      if (depth < schedule.length) path.push(schedule[depth]);
    });
  }

  /** The run `pick` makes from `prefix`, if every point it reaches was recorded. */
  follow(
    prefix: readonly string[],
    pick: ChooseActor,
  ): { schedule: string[]; offered: string[][] } | undefined {
    const path = [...prefix];
    const schedule: string[] = [];
    const offered: string[][] = [];
    for (;;) {
      const ready = this.readyAfter.get(path.join(' '));
      if (ready === undefined) return undefined;
      offered.push([...ready]);
      if (ready.length === 0) return { schedule, offered };
      // A run this long may meet the step cap: it is run, not followed.
      if (schedule.length >= MAX_SCHEDULE_STEPS_PER_ACTOR) return undefined;
      const actor = pick([...ready], schedule.length);
      schedule.push(actor);
      path.push(actor);
    }
  }
}

/** The actors a followed run started (as `takeSteps` notes them). */
export function startedAfterOf({
  schedule,
  offered,
}: {
  schedule: string[];
  offered: string[][];
}): StartedAfter {
  const seen = new Set(offered[0]);
  const startedAfter: StartedAfter = {};
  for (let depth = 1; depth <= schedule.length; depth++)
    for (const a of offered[depth])
      if (!seen.has(a)) {
        seen.add(a);
        const actor = schedule[depth - 1];
        startedAfter[a] = {
          actor,
          steps: schedule.slice(0, depth).filter((s) => s === actor).length,
        };
      }
  return startedAfter;
}
