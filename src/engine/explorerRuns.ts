import { cacheLeftWrong } from './cachedCopy';
import type { ExploredInterleaving, ExploreRequest } from './interleavingGrid';
import { MAX_LEARNER_STEPS, type ProgramOverrides } from './programs/learner';
import type { SetupReplay } from './setupReplay';
import type { Simulation } from './simulation';
import type { SimConfig } from './simConfig';
import { unfilledRowsOf } from './unfilledRows';

/**
 * One run of the explorer: the config its simulations start from, the steps a pick of the ready
 * actors takes, the actors a step limit cut off, and the run judged as a grid cell.
 */

/**
 * A run is cut off (its requests never finishing, a wait that never ends) after this many steps
 * for each actor in it. Each actor may take as many as a learner's program may before the engine
 * stops it (and ours take fewer), so a run Step would finish is never cut off here; a cap for the
 * whole run made two long requests an error the sandbox does not reproduce.
 */
export const MAX_SCHEDULE_STEPS_PER_ACTOR = MAX_LEARNER_STEPS + 50;

/**
 * Only the rows the requests touch need seeding (each row is seeded from its id alone), which
 * makes each run's fresh database ten times cheaper; SQL from the console, and a learner's own
 * code (\`selectUser(id + 1)\`), may read any row, and the Redis console may cache any, so then
 * every row is seeded.
 */
export function exploreConfig(
  request: ExploreRequest,
  programs?: ProgramOverrides,
): Partial<SimConfig> {
  if (programs?.read !== undefined || programs?.write !== undefined) return request.config;
  // A console command may cache any row (`SET user:7 ...`): it is judged against that row.
  if (
    request.setup.some((a) => a.type === 'sql' || a.type === 'resetDatabase' || a.type === 'redis')
  )
    return request.config;
  const ids = request.setup.flatMap((a) => (a.type === 'read' || a.type === 'write' ? [a.id] : []));
  return { ...request.config, rows: Math.max(1, ...ids) };
}

/** Actors started during a run (not ready at its start): after which actor's how many steps. */
export type StartedAfter = Record<string, { actor: string; steps: number }>;

/** The steps of one run: which actor took each, and who was left ready (cut off) at its end. */
export interface Steps {
  schedule: string[];
  ready: string[];
  /**
   * The setup's commands, database reads, failed requests and results, before the run's first
   * step.
   */
  before: { commands: number; dbReads: number; failed: number; results: number };
}

/**
 * From the end of the setup, `pick` chooses among the ready actors until none is left (or the
 * step cap). Actors that appear during the run are noted in `startedAfter`.
 */
export async function takeSteps(
  sim: Simulation,
  pick: (ready: string[], depth: number) => string,
  startedAfter: StartedAfter,
  onStep?: (actor: string) => void,
): Promise<Steps> {
  const before = {
    commands: sim.commandCount,
    dbReads: sim.runtime.db.reads,
    failed: sim.failedRequestCount,
    results: sim.requestResults.length,
  };
  const schedule: string[] = [];
  let ready = sim.readyActors();
  const seen = new Set(ready);
  while (ready.length > 0 && schedule.length < MAX_SCHEDULE_STEPS_PER_ACTOR * seen.size) {
    const actor = pick(ready, schedule.length);
    await sim.dispatch({ type: 'stepActor', actor });
    onStep?.(actor);
    schedule.push(actor);
    ready = sim.readyActors();
    for (const a of ready)
      if (!seen.has(a)) {
        seen.add(a);
        // A background actor (the change-log consumer) that this step started.
        startedAfter[a] = { actor, steps: schedule.filter((s) => s === actor).length };
      }
  }
  return { schedule, ready, before };
}

/**
 * The actors a run's step limits cut off: still ready when it stopped at
 * {@link MAX_SCHEDULE_STEPS_PER_ACTOR}, or a learner's request stopped at `MAX_LEARNER_STEPS`.
 */
export function cutOffOf(sim: Simulation, { ready, before }: Steps): string[] {
  const failures = sim.requestResults.filter((r) => r.error !== undefined).slice(before.failed);
  const stopped = failures.filter((r) => r.isStepLimit === true);
  return [...ready, ...stopped.map((r) => r.actor).filter((a) => !ready.includes(a))];
}

/**
 * Runs the setup, then `pick` chooses among the ready actors until none is left, and judges the
 * run. Actors that appear during the run are noted in `startedAfter`.
 */
export async function runSchedule(
  replay: SetupReplay,
  pick: (ready: string[], depth: number) => string,
  startedAfter: StartedAfter = {},
): Promise<ExploredInterleaving> {
  const { sim, release } = await replay.start();
  try {
    const db = sim.runtime.db;
    // The queued requests' rows as committed before the run: did a write of the run change one?
    const ids = replay.setup.flatMap((a) =>
      a.type === 'read' || a.type === 'write' ? [a.id] : [],
    );
    const versionsBefore = new Map(ids.map((id) => [id, db.committedVersion(id)]));
    // Whose step filled which row's key: a fill is a read's only when the read's own step made it.
    const fillCounts = sim.runtime.fills.fillCounts;
    const countsBefore = new Map(ids.map((id) => [id, fillCounts[id] ?? 0]));
    const filledBy = new Set<string>();
    const steps = await takeSteps(sim, pick, startedAfter, (actor) => {
      for (const [id, n] of countsBefore)
        if ((fillCounts[id] ?? 0) !== n) {
          filledBy.add(`${actor} ${id}`);
          countsBefore.set(id, fillCounts[id] ?? 0);
        }
    });
    const { schedule, ready, before } = steps;
    const failedBefore = before.failed;
    const snap = await sim.snapshot();
    const events = snap.events.slice(before.commands);
    const cacheProblem = cacheLeftWrong(snap);
    const isCacheStaleAtEnd = cacheProblem !== null;
    const staleReads = events.filter((e) => e.isStaleRead).length;
    // An error cell is a request that failed (a statement the database refused, a program that
    // threw, even after steps that went well) or never finished. A command that answered an
    // error the program caught and handled (Redis down, a command refused) is not one: the
    // request went on, and its outcome is judged as any other's.
    const isError = ready.length > 0 || sim.failedRequestCount > failedBefore;
    const unchangedRows = unchangedRowsOf(
      sim.requestResults.slice(before.results),
      (id) => versionsBefore.get(id) === db.committedVersion(id),
    );
    const unfilled = unfilledRowsOf(sim.requestResults.slice(before.results), events, filledBy);
    // This run's first failure, not one the setup had (each failed request is one result).
    const failed = snap.results.filter((r) => r.error !== undefined)[failedBefore];
    const error = !isError
      ? undefined
      : failed
        ? `${failed.actor}: ${failed.error}`
        : `${ready.join(', ')} still waiting after ${schedule.length} steps`;
    return {
      schedule,
      outcome: isError
        ? 'error'
        : isCacheStaleAtEnd
          ? 'staleCache'
          : staleReads > 0
            ? 'staleRead'
            : 'fresh',
      dbReads: sim.runtime.db.reads - before.dbReads,
      roundTrips: events.filter((e) => e.target !== 'wait').length,
      staleReads,
      isCacheStaleAtEnd,
      ...(cacheProblem === null ? {} : { cacheProblem }),
      ...(error === undefined ? {} : { error }),
      ...(unchangedRows === null ? {} : { unchangedRows }),
      ...(unfilled === null ? {} : { unfilledRows: unfilled.rows }),
      ...(unfilled === null || unfilled.elsewhere.length === 0
        ? {}
        : { unfilledElsewhere: unfilled.elsewhere }),
    };
  } finally {
    // sim.close(), not only its connections: a request the step cap cut off ends here, so a
    // learner's run gives back its place among the sandbox's runs in flight and its memory.
    await release();
  }
}

/**
 * The rows a finished read of `results` read and a finished write wrote, when `isUnchanged` holds
 * for each of them (sorted); null when one changed, or no row was both read and written.
 */
function unchangedRowsOf(
  results: readonly { kind: string; id: number }[],
  isUnchanged: (id: number) => boolean,
): number[] | null {
  const read = new Set(results.flatMap((r) => (r.kind === 'read' ? [r.id] : [])));
  const rows = [
    ...new Set(results.flatMap((r) => (r.kind === 'write' && read.has(r.id) ? [r.id] : []))),
  ];
  return rows.length > 0 && rows.every(isUnchanged) ? rows.sort((a, b) => a - b) : null;
}

/** Chooses which ready actor takes the step at `depth`. */
export type ChooseActor = (ready: string[], depth: number) => string;
