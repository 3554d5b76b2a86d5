// A learner's write path that copies our write-behind (stores its new row in the cache and
// RPUSHes the change, with no UPDATE of its own). No flusher runs for a queue the learner's code
// fills (the cache layer starts one only for its own writes), so the change never reaches the
// database: the consistency figures count no write for it, and the page calls its copy what it
// is, a version the database never committed, not a write on its way. A write of the learner's
// is counted when its change reaches the database, by its own UPDATE.
import { expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { learnerWriteProgram } from './programs/learner';
import { Simulation } from './simulation';

const storeAndQueue = (then: string) => `function* write(id, changes, ctx) {
  const key = cacheKey(id);
  const cached = yield redis('GET', key);
  const row = cached !== null ? JSON.parse(cached) : yield selectUser(id);
  const next = { ...row, ...changes, version: row.version + 1 };
  yield redis('SET', key, JSON.stringify(next));
  yield redis('RPUSH', 'write-behind:queue', JSON.stringify({ id, changes }));
  ${then}
}`;

async function run(source: string) {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'write', source);
  if (!compiled.ok) throw new Error(compiled.error);
  const sim = Simulation.create(await loadSqlJsNode(), {
    actors: ['A'],
    rows: 10,
    pattern: 'write-behind',
    programs: { write: learnerWriteProgram(compiled.program.runner) },
  });
  await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { name: 'New' } });
  for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
    await sim.dispatch({ type: 'stepActor', actor: ready[0] });
  const snap = await sim.snapshot();
  sim.runtime.close();
  return snap;
}

it('stores and queues, no UPDATE: no flusher takes it, the database never has it, and no write is counted', async () => {
  const snap = await run(storeAndQueue('return next;'));
  expect(snap.db.find((r) => r.id === 1)?.version).toBe(1);
  expect(snap.stats).toMatchObject({ writes: 1, dbWrites: 0, pendingWrites: 0, flushedWrites: 0 });
  expect(snap.stats.consistency?.writes).toBe(0);
  expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({
    version: 2,
    isAhead: true,
    isNeverCommitted: true,
  });
});

it('the same with its own UPDATE after the queue: one write, counted when the UPDATE commits', async () => {
  const snap = await run(storeAndQueue('return yield updateUser(id, changes);'));
  expect(snap.db.find((r) => r.id === 1)?.version).toBe(2);
  expect(snap.stats.consistency?.writes).toBe(1);
});
