import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import type { Counterexample } from '../engine/challengeCatalog';
import { learnerReadProgram } from '../engine/programs/learner';
import { READ_LOCK_FIX, READ_RECHECK_FIX, READ_STARTER } from '../engine/programs/learnerSources';
import { ROWS } from '../engine/challengeRuns';
import { Simulation } from '../engine/simulation';
import type { StepEvent } from '../engine/stepEvent';
import { loadSqlJsNode } from '../engine/testSim';
import { learnerBeside } from '../app/testLearner';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { parseViewParams, viewLink } from './urlState';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/**
 * The check's run a counterexample came from, played as the check plays it (README,
 * "Challenges"): the sandbox's rows, the stampede's timed scheduling (the others step by hand),
 * and the run's own token numbering and database.
 */
async function checkedRun(
  source: string,
  example: Counterexample,
  run: { tokensAfter: number; dbLatency?: number },
): Promise<Simulation> {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) throw new Error(compiled.error);
  const sim = Simulation.create(SQL, {
    rows: ROWS,
    actors: ['A', 'B', 'C', 'D'].slice(0, example.actorCount),
    scheduler: example.scheduler,
    ...(run.dbLatency === undefined ? {} : { dbLatency: run.dbLatency }),
    programs: { read: learnerReadProgram(compiled.program.runner) },
  });
  sim.runtime.numberTokensAfter(run.tokensAfter);
  for (const action of example.actions) await sim.dispatch(action);
  return sim;
}

/** Each command as the log and the narration tell it: who, what (tokens and all), and when. */
const told = (events: readonly StepEvent[]) =>
  events.map((e) => `${e.actor} ${e.command} @${e.effectMs}..${e.endMs}`);

/**
 * What the replay must keep through Back (a rebuild from the seed) and a link (or a reload, whose
 * saved settings are the same fields): the same commands at the same times, from settings that
 * the link carries.
 */
async function expectKept(sandbox: SandboxStoreApi, params: string): Promise<void> {
  const end = sandbox.getState().timeline.length;
  const before = told(sandbox.getState().snapshot!.events);
  expect(await sandbox.getState().back()).toBe(true);
  await sandbox.getState().seekStep(end);
  expect(told(sandbox.getState().snapshot!.events)).toEqual(before);
  const { search } = viewLink(sandbox.getState());
  expect(search).toContain(params);
  const opened = parseViewParams(search);
  expect(opened.problems).toEqual([]);
  expect(opened.view.config).toMatchObject(sandbox.getState().config);
}

/** Loads the challenge's counterexample for `source` and plays the replay to its end. */
async function replayOf(
  source: string,
  challenge = 'stampede',
): Promise<{
  sandbox: SandboxStoreApi;
  example: Counterexample;
  message: string;
  notices: string[];
}> {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  // The learner's own settings, which the check does not run with, nor then may the replay.
  expect(
    await sandbox.getState().configure({ ttlSeconds: 60, latencyModel: 'lognormal', seed: 5 }),
  ).toBeNull();
  const learner = await learnerBeside(sandbox, SQL);
  learner.getState().setDraft('read', source);
  const verdict = await learner.getState().check(challenge);
  expect(verdict.counterexample).toBeDefined();
  await learner.getState().loadCounterexample(challenge);
  const notices = sandbox.getState().notices.map((n) => n.text);
  await sandbox.getState().seekStep(sandbox.getState().timeline.length);
  return { sandbox, example: verdict.counterexample!, message: verdict.message, notices };
}

it("the stampede's second run replays with its tokens numbered from 11, as the check's", async () => {
  // A lock while the tokens read 1 to 10; past them, plain cache-aside. The check's second run
  // (B-11, C-12, D-13) reads the database three times; numbered from 1, the replay took the lock.
  const source = READ_LOCK_FIX.replace(
    "const lock = 'lock:' + key;",
    "const lock = 'lock:' + key;\n  if (Number(ctx.token.split('-')[1]) > 10) return yield* plain(id, key, ctx);",
  ).concat(
    READ_STARTER.slice(READ_STARTER.indexOf('function* read')).replace(
      'function* read(id, ctx) {\n  const key = cacheKey(id);',
      'function* plain(id, key, ctx) {',
    ),
  );
  const { sandbox, example, message, notices } = await replayOf(source);
  expect(notices).toContain(
    "The check's failed run is loaded, under the settings it ran with: Timed scheduling (steps take their latency, actors overlap) and tokens numbered from 11, and the others at their defaults. Step through it from its first step.",
  );
  expect(message).toMatch(
    /^Three readers arriving together \(B, C and D, run again without A\) read the database 3 times\./,
  );
  const replay = sandbox.getState().snapshot!;
  const checked = await checkedRun(source, example, { tokensAfter: 10 });
  expect(told(replay.events)).toEqual(told(checked.trace));
  expect(replay.stats.dbReads).toBe(3);
  await checked.close();
  await expectKept(sandbox, 'scheduler=timed&tokensafter=10');
});

it("the stampede's third run replays with the database answering in 100 ms, as the check's", async () => {
  // Readers kept apart by their token's number (10, 20, 30 ms): apart while the database answers
  // in 2 ms, together once it takes 100 ms, which the third run's message tells.
  const source = READ_STARTER.replace(
    'const cached =',
    "yield sleep(Number(ctx.token.split('-')[1]) * 10);\n  const cached =",
  );
  const { sandbox, example, message, notices } = await replayOf(source);
  expect(notices).toContain(
    "The check's failed run is loaded, under the settings it ran with: Timed scheduling (steps take their latency, actors overlap) and database reads taking 100 ms, and the others at their defaults. Step through it from its first step.",
  );
  expect(message).toMatch(/with the database answering in 100 ms, read it 3 times/);
  const replay = sandbox.getState().snapshot!;
  const checked = await checkedRun(source, example, { tokensAfter: 0, dbLatency: 100 });
  expect(told(replay.events)).toEqual(told(checked.trace));
  const selects = replay.events.filter((e) => e.command.startsWith('SELECT'));
  expect(selects).toHaveLength(3);
  expect(replay.stats.dbReads).toBe(3);
  await checked.close();
  await expectKept(sandbox, 'scheduler=timed&dblatency=100');
});

it('a counterexample whose run reads user 500 replays against the same rows as its check', async () => {
  // The recheck fix, which skips its recheck once user 500 has a row. The check seeded ten rows
  // until 2026-12-07: user 500 had none there, so the check passed what the sandbox's thousand
  // rows break.
  const source = READ_RECHECK_FIX.replace(
    '  const now = yield selectUser(id);',
    '  if ((yield selectUser(id + 499)) !== null) return row;\n  const now = yield selectUser(id);',
  );
  expect(source).not.toBe(READ_RECHECK_FIX);
  const { sandbox, example, message } = await replayOf(source, 'stale-set');
  expect(message).toMatch(/user:1 at version 1 while the database has version 2/);
  const replay = sandbox.getState().snapshot!;
  const checked = await checkedRun(source, example, { tokensAfter: 0 });
  expect(told(replay.events)).toEqual(told(checked.trace));
  // User 500's row was there in the replay, as in the check, and the copy is left stale.
  const probe = replay.sqlLog.find((e) => e.sql === 'SELECT * FROM users WHERE id = 500');
  expect(probe).toMatchObject({ actor: 'A', rows: 1 });
  expect(replay.cache.find((e) => e.key === 'user:1')).toMatchObject({ version: 1, isStale: true });
  await checked.close();
});
