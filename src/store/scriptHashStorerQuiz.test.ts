// Who stored a copy, by the command log, for a copy stored by HSET or by a script (EVAL): the
// quiz and the read checker name it, as they do for a SET, rather than saying the log does not
// show it.
import { expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { seedRow } from '../engine/userSeed';
import { learnerReadProgram } from '../engine/programs/learner';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { Simulation } from '../engine/simulation';
import { judgeQuiz } from '../scenarios/quiz';
import { freePlaySandbox } from './testSandbox';

it('a copy of user 5 the console stored with HSET: the quiz says the console set it by hand', async () => {
  const store = await freePlaySandbox();
  await store.getState().runSql('SELECT * FROM users WHERE id = 5');
  const row = store.getState().snapshot?.db.find((r) => r.id === 5);
  const fields = Object.entries({ ...row, name: 'M' }).map(([f, v]) => `${f} '${String(v)}'`);
  await store.getState().runRedis(`HSET user:5 ${fields.join(' ')}`);
  expect(judgeQuiz({ kind: 'cache-stale', id: 5 }, [], store.getState().snapshot!)).toEqual({
    answer: 'stale',
    why: 'user:5 holds version 1, as the row does, but not the row: name "M" cached, "Donald Lovelace" in the database. The console set that copy by hand: STALE.',
  });
});

// A read path whose fill goes through a script, storing a row it altered.
const FILL_BY_SCRIPT = READ_STARTER.replace(
  "yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
  "yield redis('EVAL', \"return redis.call('SET', KEYS[1], ARGV[1])\", 1, key, JSON.stringify({ ...row, name: 'M' }));",
);

it('a copy a learner’s script (EVAL) stored: the quiz and the read that returns it name the script and who sent it', async () => {
  expect(FILL_BY_SCRIPT).not.toBe(READ_STARTER);
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', FILL_BY_SCRIPT);
  if (!compiled.ok) throw new Error(compiled.error);
  const sim = Simulation.create(await loadSqlJsNode(), {
    actors: ['A'],
    rows: 10,
    programs: { read: learnerReadProgram(compiled.program.runner) },
  });
  const readAll = async () => {
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
      await sim.dispatch({ type: 'stepActor', actor: ready[0] });
  };
  await readAll();
  expect(judgeQuiz({ kind: 'cache-stale', id: 1 }, [], await sim.snapshot())).toEqual({
    answer: 'stale',
    why: `user:1 holds version 1, as the row does, but not the row: name "M" cached, "${seedRow(1).name}" in the database. A script (EVAL) sent by A stored that copy: the database never had this row at that version (nothing set the row back to it): STALE, and a read that hits it is counted stale.`,
  });
  await readAll();
  const read = (await sim.snapshot()).results.at(-1);
  expect(read?.error).toMatch(
    /It was stored by a script \(EVAL\) sent by A: cache only a row the database gave/,
  );
  sim.runtime.close();
});
