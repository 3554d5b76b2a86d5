import type { SqlJsStatic } from 'sql.js';
import { startedAfterOf, type Count, type ExplorerCache, type RunTree } from './explorerCache';
import {
  cutOffOf,
  exploreConfig,
  takeSteps,
  type ChooseActor,
  type StartedAfter,
} from './explorerRuns';
import type { ExploreRequest } from './interleavingGrid';
import type { ProgramOverrides } from './programs/learner';
import { SetupReplay } from './setupReplay';

/**
 * How many interleavings the queued requests have, counted before running them: from the runs
 * of the requests one after another, and the orderings of each actor's steps.
 */

/** n! / (k1! k2! ...): the orderings of a multiset of steps (a double: inexact past 2^53, Infinity only past about 1.8e308). */
function multinomial(counts: readonly number[]): number {
  let result = 1;
  let n = 0;
  for (const k of counts)
    for (let i = 1; i <= k; i++) {
      n++;
      result = (result * n) / i;
    }
  return Math.round(result);
}

/** How many interleavings the queued requests have, counted before running them. */
export interface InterleavingCount {
  /**
   * The orderings of each actor's steps (see `countEstimate`): the count when `isExact`, else an
   * estimate that is no bound either way (a wait or a retry in some orders adds steps no order
   * tried took; orders where a read hits take fewer).
   */
  estimate: number;
  /**
   * True when every order of the requests run one after another took the same steps per actor:
   * then no request's step count depends on which ran first (a cold read and an invalidating
   * write), and the estimate is the count. False when one did not (a read that hits after
   * another's fill, a write that loads the row only when it misses): the page says "about".
   */
  isExact: boolean;
  /** Each actor's most steps in those runs (in each of them when `isExact`). */
  steps: Record<string, number>;
  /**
   * The actors that run cut off by a step limit (a read that loops, a wait that never ends):
   * their requests never finished, their step counts are the limit's, not what the request would
   * take, and the count is of orders up to the cut-off. Absent when none was.
   */
  cutOff?: string[];
  /**
   * The actors whose request failed (a statement refused, a program that threw or ran out of
   * time; not one cut off) in an order counted: their steps are those up to the failure, and
   * exploring says why. Absent when none did.
   */
  failed?: string[];
  /** Of `failed`, those that failed in some orders counted and finished in others. */
  failedInSome?: string[];
}

/**
 * How many interleavings there are, before running them: the orderings of the steps each actor
 * takes when the requests run one after another, where an actor a step starts (the change-log
 * consumer a write's UPDATE starts) never steps before that step. Each request is also run first
 * once (the requests taken in turn from it): when one of those runs takes other steps, a
 * request's step count depends on the order and the count is only an estimate (`isExact`), of
 * the orderings of each actor's most steps in those runs. With the learner's `programs` it is
 * always an estimate: their steps may depend on an interleaving no such run shows.
 */
export async function countEstimate(
  SQL: SqlJsStatic,
  request: Pick<ExploreRequest, 'config' | 'setup'>,
  programs?: ProgramOverrides,
  cache?: ExplorerCache,
): Promise<InterleavingCount> {
  const { estimate, isExact, steps, cutOff, failed, failedInSome } = await count(
    SQL,
    request,
    programs,
    cache,
  );
  return {
    estimate,
    isExact,
    steps,
    ...(cutOff ? { cutOff } : {}),
    ...(failed ? { failed } : {}),
    ...(failedInSome ? { failedInSome } : {}),
  };
}

/** Past this many requests the count does not run each first, and says "about". */
const MAX_EXACTNESS_RUNS = 8;

/**
 * The count (see `countEstimate`), from `replay`'s simulations when given (`exploreQueued` runs
 * the interleavings from the same), and kept in `cache` without a learner's programs (theirs may
 * change between two requests).
 */
export async function count(
  SQL: SqlJsStatic,
  request: Pick<ExploreRequest, 'config' | 'setup'>,
  programs?: ProgramOverrides,
  cache?: ExplorerCache,
  replay?: SetupReplay,
): Promise<Count> {
  const config = exploreConfig({ ...request, limit: 1 }, programs);
  const key = programs === undefined ? JSON.stringify([config, request.setup]) : null;
  const kept = key === null ? undefined : cache?.countOf(key);
  if (kept) return kept;
  const from = replay ?? new SetupReplay(SQL, config, request.setup, programs, cache?.checkpoints);
  const runs =
    key === null || cache === undefined
      ? undefined
      : cache.runsFor(from.configKey, request.setup, from.keys);
  const made = await countRuns(from, programs, runs);
  if (key !== null) cache?.keepCount(key, made);
  return made;
}

async function countRuns(
  replay: SetupReplay,
  programs?: ProgramOverrides,
  runs?: { tree: RunTree; prefix: string[] },
): Promise<Count> {
  const summary = (
    schedule: string[],
    startedAfter: StartedAfter,
    cutOff: string[],
    failed: string[] = [],
  ) => {
    const steps: Record<string, number> = {};
    for (const a of schedule) steps[a] = (steps[a] ?? 0) + 1;
    const id = JSON.stringify([sorted(steps), sorted(startedAfter)]);
    return { steps, startedAfter, cutOff, failed, id };
  };
  // Only the steps each actor took: no snapshot, no judging. A run counted before (the same
  // choices after the same steps end the same way) is followed, not run again.
  const serial = async (pick: ChooseActor) => {
    const followed = runs?.tree.follow(runs.prefix, pick);
    if (followed) return summary(followed.schedule, startedAfterOf(followed), []);
    const startedAfter: StartedAfter = {};
    const { sim, release } = await replay.start();
    try {
      const offered: string[][] = [];
      const run = await takeSteps(
        sim,
        (ready, depth) => {
          offered[depth] = ready;
          return pick(ready, depth);
        },
        startedAfter,
      );
      const cutOff = cutOffOf(sim, run);
      const failed = sim.requestResults
        .filter((r) => r.error !== undefined)
        .slice(run.before.failed)
        .map((r) => r.actor)
        .filter((a) => !cutOff.includes(a));
      // A run with a failure is run again, not followed: the tree keeps no failures.
      if (runs && cutOff.length === 0 && failed.length === 0)
        runs.tree.record(runs.prefix, [...offered, run.ready], run.schedule);
      return summary(run.schedule, startedAfter, cutOff, failed);
    } finally {
      await release();
    }
  };
  const first = await serial((ready) => ready[0]);
  const { steps, startedAfter } = first;
  const cutOff = first.cutOff.length ? { cutOff: first.cutOff } : {};
  const requests = Object.keys(steps).filter((a) => startedAfter[a] === undefined);
  const isTried = requests.length <= MAX_EXACTNESS_RUNS;
  // The learner's code may take steps that only an interleaving causes, which no order one after
  // another shows (a wait on a lock another request holds): its count is never called exact.
  // Called exact, a read waiting on a write's lock was "70 interleavings", and there are more
  // than 300. One request alone has one order, whatever its code does: that count is exact.
  let isExact = isTried && (programs === undefined || Object.keys(steps).length <= 1);
  // Each actor's most steps in the orders tried: a request that hits in one order and misses in
  // another is counted with its miss's steps (counted with the hit's, a cold user:1 read by A, B
  // and C while D writes it was "about 420", and exploring it found more than 5,000).
  const most = { ...steps };
  // Which requests failed in how many of the orders tried.
  const failures: Record<string, number> = {};
  const noteFailed = (failed: string[]) => {
    for (const a of new Set(failed)) failures[a] = (failures[a] ?? 0) + 1;
  };
  noteFailed(first.failed);
  let tried = 1;
  // Each request first once, the others after it in turn: each runs before all the others once
  // and after all of them once (the rotation that starts just past it).
  for (let r = 1; isTried && r < requests.length; r++) {
    const turn = [...requests.slice(r), ...requests.slice(0, r)];
    const other = await serial((ready) => turn.find((a) => ready.includes(a)) ?? ready[0]);
    noteFailed(other.failed);
    tried++;
    if (other.id !== first.id) isExact = false;
    for (const [a, n] of Object.entries(other.steps)) most[a] = Math.max(most[a] ?? 0, n);
  }
  const estimate = Object.keys(most).length === 0 ? 0 : orderings(most, startedAfter);
  const failed = Object.keys(failures).sort();
  const failedInSome = failed.filter((a) => failures[a] < tried);
  return {
    estimate,
    isExact,
    steps: most,
    startedAfter,
    ...cutOff,
    ...(failed.length ? { failed } : {}),
    ...(failedInSome.length ? { failedInSome } : {}),
  };
}

/** A record's entries in key order, to compare two records. */
function sorted<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/** Above this many partial states the count falls back to the unconstrained multinomial. */
const MAX_COUNT_STATES = 1_000_000;

/**
 * The orderings of each actor's steps in which an actor started mid-run (the change-log
 * consumer, started by a write's UPDATE) takes its first step only after the step that started
 * it: paths through the grid of steps taken per actor, counted by dynamic programming.
 */
function orderings(steps: Record<string, number>, startedAfter: StartedAfter): number {
  const actors = Object.keys(steps);
  const counts = actors.map((a) => steps[a]);
  const states = counts.reduce((n, k) => n * (k + 1), 1);
  if (Object.keys(startedAfter).length === 0 || states > MAX_COUNT_STATES)
    return multinomial(counts);
  const stride: number[] = [];
  let size = 1;
  for (const k of counts) {
    stride.push(size);
    size *= k + 1;
  }
  const gate = actors.map((a) => {
    const after = startedAfter[a];
    const parent = after === undefined ? -1 : actors.indexOf(after.actor);
    return parent < 0 ? null : { parent, steps: after.steps };
  });
  const ways = new Float64Array(size);
  ways[0] = 1;
  for (let state = 1; state < size; state++) {
    let sum = 0;
    for (let i = 0; i < actors.length; i++) {
      const taken = Math.floor(state / stride[i]) % (counts[i] + 1);
      if (taken === 0) continue;
      const g = gate[i];
      if (
        taken === 1 &&
        g !== null &&
        Math.floor(state / stride[g.parent]) % (counts[g.parent] + 1) < g.steps
      )
        continue;
      sum += ways[state - stride[i]];
    }
    ways[state] = sum;
  }
  return Math.round(ways[size - 1]);
}
