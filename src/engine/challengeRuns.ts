import type { SqlJsStatic } from 'sql.js';
import type { Challenge, Counterexample } from './challengeCatalog';
import { cacheLeftWrong } from './cachedCopy';
import type { UserRow } from './database';
import { explorationKeyspace } from './redisMock';
import { Simulation } from './simulation';
import type { SimAction } from './simAction';
import { DEFAULT_SIM_CONFIG, type SimConfig, type SimCreateConfig } from './simConfig';
import type { SimSnapshot } from './simSnapshot';

/** What every challenge's check runs and judges with: its requests, simulations and verdicts. */

/** A request the challenge starts; every interleaving of their steps is checked. */
export type Request = Extract<SimAction, { type: 'read' } | { type: 'write' }>;

/** The user every challenge reads and writes. */
export const ID = 1;
/**
 * The users table every challenge's runs seed: the sandbox's own (ids 1 to 1,000), so that a
 * counterexample replays in the sandbox against the rows its check ran against. Checks seeded 10
 * rows until 2026-12-07: a program reading or writing user 500 met no row in the check and the
 * seeded one in its replay. Each run opens a copy of one seeded file (see `seedImage`): a run of
 * the check measured 2 to 4 ms with either count.
 */
export const ROWS = DEFAULT_SIM_CONFIG.rows;
export const read = (actor: string): Request => ({ type: 'read', actor, id: ID });
/** The name every challenge's write sets. */
export const NEW_NAME = 'Grace Hopper';
export const write = (actor: string): Request => ({
  type: 'write',
  actor,
  id: ID,
  changes: { name: NEW_NAME },
});

/** What went wrong in a finished interleaving (null: nothing). */
export function problemOf(snap: SimSnapshot, judgeReads = true, judgeCache = true): string | null {
  const failed = snap.results.find((r) => r.error !== undefined);
  if (failed) return `${failed.actor}'s ${failed.kind} failed: ${failed.error}`;
  // A cached row must be the database's row as it is: older is stale; a version ahead of it, or
  // the right version with other contents, is a value the database never held.
  const wrong = judgeCache ? cacheLeftWrong(snap) : null;
  if (wrong) return wrong;
  const staleRead = snap.results.find((r) => r.verdict?.isStale);
  if (judgeReads && staleRead)
    return `${staleRead.actor}'s read returned version ${staleRead.verdict?.version}, older than the version the database had when the read began.`;
  return null;
}

/**
 * The first row besides user `id`'s that a run changed (at a version past the seed's), or null:
 * one user's write must change no other user's row, whichever it is.
 */
export function otherRowChanged(sim: Simulation, id: number): UserRow | null {
  const { db } = sim.runtime;
  for (let other = 1; other <= db.options.rows; other++)
    if (other !== id && db.committedVersion(other) !== 1) return db.peekRows([other])[0] ?? null;
  return null;
}

/**
 * A read path of the learner's that wrote the database: an UPDATE is no read, and one that
 * returns the row (`updateUser(id, {})`) is not counted among the database reads, so three
 * readers updating the row passed the stampede as "read the database once".
 */
export function readerWrote(snap: SimSnapshot, readers: readonly string[]): string | null {
  const written = snap.sqlLog.find((e) => e.kind === 'write' && readers.includes(e.actor));
  if (!written) return null;
  const sql = written.sql.length > 80 ? `${written.sql.slice(0, 77)}…` : written.sql;
  return `${written.actor}'s read wrote the database (${sql}): a read path must leave the data as it found it. Read the row with selectUser(id).`;
}

/**
 * Runs `run` on a simulation whose connections come from the explorer's recycled pool, then
 * closes it whole and empties its keyspace: a Check makes a simulation for every interleaving,
 * and one closed by its runtime alone left its keys in ioredis-mock's module-level map for the
 * life of the page (and built its connections' whole command tables afresh).
 */
export async function onRecycledKeyspace<T>(
  SQL: SqlJsStatic,
  config: SimCreateConfig,
  run: (sim: Simulation) => Promise<T>,
): Promise<T> {
  const server = explorationKeyspace();
  const sim = Simulation.create(SQL, config, server.connect);
  try {
    return await run(sim);
  } finally {
    await sim.close();
    server.release();
  }
}

/**
 * The failed run as the sandbox replays it: its actions, and every setting the check ran it with
 * that the sandbox's defaults do not give (its scheduler, token numbering, database latency).
 */
export function counterexample(
  challenge: Challenge,
  config: SimCreateConfig & Pick<SimConfig, 'actors'>,
  setup: SimAction[],
  requests: Request[],
  schedule: string[],
  problem: string,
): Counterexample {
  return {
    schedule,
    problem,
    writePolicy: challenge.writePolicy,
    readMitigation: challenge.readMitigation,
    actorCount: config.actors.length,
    // No check runs a script: its steps are the schedule's, stepped one actor at a time.
    scheduler: config.scheduler === 'timed' ? 'timed' : 'manual',
    tokensAfter: config.tokensAfter ?? DEFAULT_SIM_CONFIG.tokensAfter,
    dbLatency: config.dbLatency ?? DEFAULT_SIM_CONFIG.dbLatency,
    setupSteps: setup.filter((a) => a.type === 'stepActor').length,
    actions: [
      ...setup,
      ...requests,
      ...schedule.map((actor): SimAction => ({ type: 'stepActor', actor })),
    ],
  };
}
