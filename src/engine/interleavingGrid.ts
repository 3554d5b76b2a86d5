import type { SqlJsStatic } from 'sql.js';
import type { ExplorerCache } from './explorerCache';
import { exploreConfig, runSchedule, type ChooseActor, type StartedAfter } from './explorerRuns';
import { count } from './interleavingCount';
import { KnownRuns } from './knownRuns';
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
