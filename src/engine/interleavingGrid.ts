import type { SqlJsStatic } from 'sql.js';
import { ExplorerCache, startedAfterOf, type Count, type RunTree } from './explorerCache';
import {
  cutOffOf,
  exploreConfig,
  runSchedule,
  takeSteps,
  type ChooseActor,
  type StartedAfter,
} from './explorerRuns';
import type { ProgramOverrides } from './programs/learner';
import { Rng } from './rng';
import { SetupReplay } from './setupReplay';
import type { SimAction } from './simAction';
import type { SimConfig } from './simConfig';
import { elsewhereOver, type FilledElsewhere } from './unfilledRows';

/** How an interleaving ended, worst first: what its grid cell shows. */
export type InterleavingVerdict = 'error' | 'staleCache' | 'staleRead' | 'fresh';
export const INTERLEAVING_VERDICTS: readonly InterleavingVerdict[] = [
  'fresh',
  'staleRead',
  'staleCache',
  'error',
];

/** One explored schedule of the queued requests, and what it cost. */
export interface ExploredInterleaving {
  /** Which actor took each step, in order. */
  schedule: string[];
  outcome: InterleavingVerdict;
  /** SELECTs the requests sent to the database. */
  dbReads: number;
  /** Commands sent to Redis or the database (waits are not round trips). */
  roundTrips: number;
  staleReads: number;
  /**
   * A cached entry is not its database row as it is once every request has finished: older
   * (stale), or a row the database never had (a version ahead, or other fields at its version).
   */
  isCacheStaleAtEnd: boolean;
  /** When it is: which entry, and how it differs from the row (as the challenges say it). */
  cacheProblem?: string;
  /** An error cell: what failed first, and whose ("A: Your read path failed: ..."). */
  error?: string;
  /**
   * The rows a request of this run read and a request of it wrote, when no write changed any of
   * them (their committed versions are as they were before the run's first step): the reads
   * could not see a write land. Absent when one changed, or no row was both read and written.
   */
  unchangedRows?: number[];
  /**
   * The rows a finished read of this run read when no read of them filled their key, found it
   * cached or had its fill refused by the read mitigation (or by Redis, down or out of memory):
   * nothing was cached for a write to race, so a fresh run proves nothing about the read path's
   * fill. Absent when a read of each such row did one of those, or no read finished.
   */
  unfilledRows?: number[];
  /**
   * Of `unfilledRows`, those whose reads looked up or stored other keys, and the commands
   * (`SET user:2`): where the read path put or sought the row instead. Absent when none did.
   */
  unfilledElsewhere?: FilledElsewhere[];
}

export interface ExploreRequest {
  /** The sandbox's settings (the seed fixes the starting state). */
  config: Partial<SimConfig>;
  /** Everything done before exploring (a scenario's setup, the learner's inputs and steps). */
  setup: readonly SimAction[];
  /** At most this many interleavings are run; above it, a seeded sample (see `exploreQueued`). */
  limit: number;
  /** Seeds the sample (not the simulation: that is `config.seed`). */
  sampleSeed?: number;
}

export interface ExploreResult {
  /**
   * Interleavings: exact when every one was run; else the estimate (see `countEstimate`), or a
   * lower bound when running them found more than the limit the estimate was under.
   */
  total: number;
  /**
   * True when `total` is exact: every interleaving was run, or the count before running was exact
   * (then a sample is uniform over them). False for an estimate or a lower bound.
   */
  isTotalExact: boolean;
  /**
   * True when there are more than `total` interleavings: the estimate was at or under the limit,
   * yet running them in order found more than the limit, so how many there are is not known.
   */
  isTotalLowerBound: boolean;
  /**
   * True when there are at least `total` interleavings, the distinct ones a sample ran, and how
   * many more is not known: the count before running was an estimate (`isExact` false) too far
   * above the limit to be run in order first, and an estimate is no bound either way.
   */
  isTotalAtLeast: boolean;
  sampled: boolean;
  /** The most interleavings asked for. */
  limit: number;
  /**
   * A sample ran fewer than the limit: `MAX_DRAWS_WITHOUT_NEW` draws in a row found no
   * interleaving it had not run, so there may be no more than those (the estimate was high).
   */
  isSampleShort: boolean;
  outcomes: Record<InterleavingVerdict, number>;
  /** Shortest of each outcome first, then by outcome (worst first), then by schedule. */
  interleavings: ExploredInterleaving[];
  /**
   * The rows read and written that no write changed in any interleaving run (each run's
   * `unchangedRows`, when every run has them): a grid all fresh for these proves nothing, since
   * no read could see the row change. Empty when some run changed one (write-behind's flusher
   * commits in the run too), or no row was both read and written.
   */
  unchangedRows: number[];
  /**
   * The rows read that no read filled in any interleaving run (each run's `unfilledRows`, when
   * every run has them): a grid all fresh for these proves nothing about the read path's fill.
   * Empty when some run filled one, found it cached, or had the fill refused.
   */
  unfilledRows: number[];
  /** Of `unfilledRows`, those whose reads used other keys, as each run's `unfilledElsewhere`. */
  unfilledElsewhere?: FilledElsewhere[];
}

/** n! / (k1! k2! ...): the orderings of a multiset of steps (Infinity past 2^53). */
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
async function count(
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

const ORDER: Record<InterleavingVerdict, number> = {
  error: 0,
  staleCache: 1,
  staleRead: 2,
  fresh: 3,
};

/** The grid's order: the shortest interleaving of each outcome first, then the rest. */
export function orderForGrid(runs: readonly ExploredInterleaving[]): ExploredInterleaving[] {
  const byLength = [...runs].sort(
    (a, b) =>
      a.schedule.length - b.schedule.length ||
      ORDER[a.outcome] - ORDER[b.outcome] ||
      a.schedule.join('').localeCompare(b.schedule.join('')),
  );
  const firsts: ExploredInterleaving[] = [];
  for (const v of INTERLEAVING_VERDICTS.slice().sort((a, b) => ORDER[a] - ORDER[b])) {
    const first = byLength.find((r) => r.outcome === v);
    if (first) firsts.push(first);
  }
  return [...firsts, ...byLength.filter((r) => !firsts.includes(r))];
}

/**
 * Runs the queued requests under every schedule of their steps, each from a fresh simulation
 * with the same config, seed and setup, and judges each. When there are more than `limit`
 * interleavings it runs a seeded sample of at most `limit` distinct ones instead: each draw is a
 * uniformly shuffled ordering of the steps `countEstimate` counted, followed as far as the run
 * allows (at each step the first actor left in the ordering that is ready takes it; an ordering
 * in which the change-log consumer steps before the UPDATE that starts it is drawn again). That
 * is uniform over the interleavings when the count is exact. Where the run outlasts the ordering
 * (a wait or a retry the count did not see), a ready actor drawn from the seeded generator takes
 * each further step, so orders the count did not see can be drawn too.
 *
 * An estimate (`isExact` false) can be high or low, so one at most `NEAR_LIMIT` times the limit
 * is first run in full, stopped once it passes the limit; a sample of one further above says
 * only that there are at least as many as it ran (`isTotalAtLeast`). A full run that passes the limit,
 * from an estimate at or under it, says only that there are more than `limit`; its sample's
 * orderings take as many steps per actor as any run made so far took. Draws go on until `limit`
 * distinct interleavings ran or `MAX_DRAWS_WITHOUT_NEW` draws in a row found none new
 * (`isSampleShort`: there may be no more than those). Runs already made are reused, not run
 * again, when drawn. `onProgress` is awaited after each run (a worker yields there). `programs`
 * replaces ours with a learner's own (every run uses them, as the sandbox does while they are
 * active).
 */
export async function exploreQueued(
  SQL: SqlJsStatic,
  request: ExploreRequest,
  onProgress?: (done: number, of: number) => Promise<void> | void,
  programs?: ProgramOverrides,
  cache?: ExplorerCache,
): Promise<ExploreResult> {
  const config = exploreConfig(request, programs);
  const replay = new SetupReplay(SQL, config, request.setup, programs, cache?.checkpoints);
  const limit = Math.max(1, Math.floor(request.limit));
  const { estimate, isExact, steps, startedAfter } = await count(
    SQL,
    request,
    programs,
    cache,
    replay,
  );
  const known = new KnownRuns();
  const isRunInOrder = estimate <= limit || (!isExact && estimate <= limit * NEAR_LIMIT);
  if (isRunInOrder) {
    const runs = await exhaustive(replay, limit, known, onProgress);
    if (runs !== null)
      return resultOf(runs, { total: runs.length, isTotalExact: true, sampled: false, limit });
  }
  // The full run, if tried, found more than the limit: with an estimate at or under it, the
  // estimate was low, and how many more there are is not known.
  const isTotalLowerBound = isRunInOrder;
  const runs: ExploredInterleaving[] = [];
  const seen = new Set<string>();
  const rng = new Rng(request.sampleSeed ?? 1);
  // A generator of its own for the steps past the ordering: the orderings drawn from `rng`, and
  // so the sample where the count is exact, do not depend on how many such steps were drawn.
  const beyond = new Rng(request.sampleSeed ?? 1).fork(1);
  // An estimate can count too few steps for some actor: the orderings take as many as any run
  // made so far took (none when the count is exact and above the limit), or the sample could
  // not reach the orders of the steps it did not count.
  const most = known.mostSteps(steps);
  const letters = Object.entries(most).flatMap(([a, n]) => Array<string>(n).fill(a));
  // Distinct schedules are kept. An estimate's orderings can fold into fewer schedules than it
  // counted, so drawing stops only once the limit is reached or new schedules stop turning up;
  // a draw that stays on runs made already costs no run.
  for (let sinceNew = 0; runs.length < limit && sinceNew < MAX_DRAWS_WITHOUT_NEW; sinceNew++) {
    // Orderings where a consumer steps before the write that starts it are drawn again.
    let order = shuffle(letters, rng);
    for (let retry = 0; retry < MAX_REDRAWS && !respects(order, startedAfter); retry++)
      order = shuffle(letters, rng);
    const beyondSeed = beyond.int(0x7fffffff);
    // A fresh pick for each use, so that following the known runs and running choose alike.
    const pick = (): ChooseActor => {
      const extra = new Rng(beyondSeed);
      const left = [...order];
      return (ready) => {
        const i = left.findIndex((a) => ready.includes(a));
        if (i >= 0) return left.splice(i, 1)[0];
        return ready[extra.int(ready.length)];
      };
    };
    const run =
      known.follow(pick()) ?? known.add(await runSchedule(replay, known.recording(pick())));
    const id = run.schedule.join(' ');
    if (seen.has(id)) continue;
    seen.add(id);
    runs.push(run);
    sinceNew = -1;
    // The runs made so far, not the sample's size: after a full run that passed the limit the
    // sample starts again from its runs, and "Exploring… 5,000 run" must not fall to "12 run".
    await onProgress?.(known.made, limit);
  }
  // An estimate not run in order first is no bound: what the sample ran is the most it knows.
  const isTotalAtLeast = !isExact && !isTotalLowerBound;
  return resultOf(runs, {
    total: isTotalLowerBound ? limit : isTotalAtLeast ? runs.length : estimate,
    isTotalExact: isExact && !isTotalLowerBound,
    sampled: true,
    limit,
    isTotalLowerBound,
    isTotalAtLeast,
    isSampleShort: runs.length < limit,
  });
}

/** An estimate at most this many times the limit is first run in full (see `exploreQueued`). */
export const NEAR_LIMIT = 2;

/** A sample stops drawing after this many draws in a row found no interleaving not yet run. */
export const MAX_DRAWS_WITHOUT_NEW = 1000;

function resultOf(
  runs: ExploredInterleaving[],
  how: {
    total: number;
    isTotalExact: boolean;
    sampled: boolean;
    limit: number;
    isTotalLowerBound?: boolean;
    isTotalAtLeast?: boolean;
    isSampleShort?: boolean;
  },
): ExploreResult {
  const outcomes = { fresh: 0, staleRead: 0, staleCache: 0, error: 0 };
  for (const r of runs) outcomes[r.outcome]++;
  const unchangedRows = runs.every((r) => r.unchangedRows !== undefined)
    ? [...new Set(runs.flatMap((r) => r.unchangedRows ?? []))].sort((a, b) => a - b)
    : [];
  const unfilledRows = runs.every((r) => r.unfilledRows !== undefined)
    ? [...new Set(runs.flatMap((r) => r.unfilledRows ?? []))].sort((a, b) => a - b)
    : [];
  return {
    total: how.total,
    isTotalExact: how.isTotalExact,
    isTotalLowerBound: how.isTotalLowerBound ?? false,
    isTotalAtLeast: how.isTotalAtLeast ?? false,
    sampled: how.sampled,
    limit: how.limit,
    isSampleShort: how.isSampleShort ?? false,
    outcomes,
    interleavings: orderForGrid(runs),
    unchangedRows,
    unfilledRows,
    unfilledElsewhere: elsewhereOver(runs, unfilledRows),
  };
}

/**
 * The runs made so far, to follow a schedule without running it again: a run depends only on
 * which actor took each step, so the same choices after the same steps end the same way.
 */
class KnownRuns {
  /** The actors ready after each schedule prefix (actors joined by spaces). */
  private readonly readyAfter = new Map<string, string[]>();
  private readonly complete = new Map<string, ExploredInterleaving>();
  /** The ready actors offered to `pick` in the run being recorded, depth by depth. */
  private offered: string[][] = [];

  /** How many runs were made (each a schedule not run before). */
  get made(): number {
    return this.complete.size;
  }

  /** Wraps `pick` to note what it was offered, for `add` to keep with the run. */
  recording(pick: ChooseActor): ChooseActor {
    this.offered = [];
    return (ready, depth) => {
      this.offered[depth] = ready;
      return pick(ready, depth);
    };
  }

  /** Keeps a run made with the pick `recording` last wrapped. */
  add(run: ExploredInterleaving): ExploredInterleaving {
    let prefix = '';
    this.offered.forEach((ready, depth) => {
      this.readyAfter.set(prefix, ready);
      prefix += (depth === 0 ? '' : ' ') + run.schedule[depth];
    });
    this.complete.set(run.schedule.join(' '), run);
    return run;
  }

  /** Each actor's most steps in one run made so far, and at least as many as `counted`. */
  mostSteps(counted: Record<string, number>): Record<string, number> {
    const most = { ...counted };
    for (const run of this.complete.values()) {
      const steps: Record<string, number> = {};
      for (const a of run.schedule) steps[a] = (steps[a] ?? 0) + 1;
      for (const [a, n] of Object.entries(steps)) most[a] = Math.max(most[a] ?? 0, n);
    }
    return most;
  }

  /** The run `pick` makes, if it stays on the runs made so far; undefined once it leaves them. */
  follow(pick: ChooseActor): ExploredInterleaving | undefined {
    const schedule: string[] = [];
    for (;;) {
      const key = schedule.join(' ');
      const run = this.complete.get(key);
      if (run !== undefined) return run;
      const ready = this.readyAfter.get(key);
      if (ready === undefined) return undefined;
      schedule.push(pick(ready, schedule.length));
    }
  }
}

/**
 * Depth-first over which ready actor steps next, one fresh simulation per complete schedule
 * (the first choice at each depth is taken until the end, then the search backs up). Resolves
 * to null when there are more than `limit`; the runs made are kept in `known` either way.
 */
async function exhaustive(
  replay: SetupReplay,
  limit: number,
  known: KnownRuns,
  onProgress?: (done: number, of: number) => Promise<void> | void,
): Promise<ExploredInterleaving[] | null> {
  const runs: ExploredInterleaving[] = [];
  // The choice made at each depth of the current path, among the actors ready there.
  let path: { ready: string[]; index: number }[] = [];
  for (;;) {
    const taken: { ready: string[]; index: number }[] = [];
    const run = known.add(
      await runSchedule(
        replay,
        known.recording((ready, depth) => {
          const index = depth < path.length ? path[depth].index : 0;
          taken.push({ ready, index });
          return ready[index];
        }),
      ),
    );
    if (runs.length === limit) return null;
    runs.push(run);
    await onProgress?.(runs.length, limit);
    path = taken;
    while (path.length > 0 && path[path.length - 1].index >= path[path.length - 1].ready.length - 1)
      path.pop();
    if (path.length === 0) return runs;
    path[path.length - 1] = { ...path[path.length - 1], index: path[path.length - 1].index + 1 };
  }
}

/** Shuffles drawn at most for one sample before taking one that breaks a start order. */
const MAX_REDRAWS = 1000;

/** Whether each actor started mid-run takes its first step after the step that starts it. */
function respects(order: readonly string[], startedAfter: StartedAfter): boolean {
  for (const [actor, after] of Object.entries(startedAfter)) {
    let parentSteps = 0;
    for (const a of order) {
      if (a === after.actor) parentSteps++;
      else if (a === actor) {
        if (parentSteps < after.steps) return false;
        break;
      }
    }
  }
  return true;
}

/** A uniformly random permutation (Fisher-Yates) from the seeded generator. */
function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
