// Under write-behind a write commits in the cache: the consistency tracker counts a write when
// the application's write stores its row there. Which command that is goes by who sent it (the
// write's own store), not by the shape of the command or the version it holds: a read path of
// the learner's that stores the copy it hit, a version ahead of the database, writes nothing.
import { expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { learnerReadProgram, learnerWriteProgram, type ProgramOverrides } from './programs/learner';
import { READ_STARTER } from './programs/learnerSources';
import { Simulation } from './simulation';

async function readPath(source: string): Promise<ProgramOverrides> {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) throw new Error(compiled.error);
  return { read: learnerReadProgram(compiled.program.runner) };
}

// On a hit, the copy is stored again with a plain SET (to give it a fresh life, say).
const RESTORE_ON_HIT = READ_STARTER.replace(
  'if (cached !== null) return cached;',
  "if (cached !== null) {\n    yield redis('SET', key, cached);\n    return cached;\n  }",
);

it('a learner’s read that stores the write’s copy again is not a second write', async () => {
  expect(RESTORE_ON_HIT).not.toBe(READ_STARTER);
  const sim = Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    pattern: 'write-behind',
    programs: await readPath(RESTORE_ON_HIT),
  });
  await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'New' } });
  while (sim.readyActors().includes('B')) await sim.dispatch({ type: 'stepActor', actor: 'B' });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  await sim.dispatch({ type: 'stepActor', actor: 'A' }); // GET: version 2, ahead of the database
  await sim.dispatch({ type: 'stepActor', actor: 'A' }); // SET user:1 (the same copy)
  const { stats } = await sim.snapshot();
  expect(stats).toMatchObject({ writes: 1, pendingWrites: 1 });
  expect(stats.consistency?.writes).toBe(1);
  sim.runtime.close();
});

// A learner's write path that sets the cache first: its write commits once, when its UPDATE
// does, not also at the SET of the version it is about to commit.
it.each(['write-behind', 'cache-aside'] as const)(
  'under %s, a learner’s write that sets the cache before its UPDATE is one write',
  async (pattern) => {
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'write',
      `function* write(id, changes, ctx) {
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify({ ...row, ...changes, version: row.version + 1 }));
  yield updateUser(id, changes);
}`,
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const sim = Simulation.create(await loadSqlJsNode(), {
      actors: ['A'],
      rows: 10,
      pattern,
      programs: { write: learnerWriteProgram(compiled.program.runner) },
    });
    await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { name: 'New' } });
    while (sim.readyActors().includes('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
    expect(sim.runtime.consistency.summary(0).writes).toBe(1);
    sim.runtime.close();
  },
);

// The write's SET went through, its RPUSH did not (Redis went down between them): the write
// falls back to its own UPDATE. That is the write the SET committed, now in the database: one
// write, judged, not a second one beside a first left pending for a flush that never comes.
it('a write whose RPUSH failed after its SET, written by its fallback UPDATE, is one write, not pending', async () => {
  const sim = Simulation.create(await loadSqlJsNode(), {
    actors: ['A'],
    rows: 10,
    pattern: 'write-behind',
  });
  await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'team' } });
  const isRpushNext = () => {
    const step = sim.pendingStep('A');
    return step?.target === 'redis' && step.argv[0] === 'RPUSH';
  };
  while (sim.pendingStep('A') && !isRpushNext())
    await sim.dispatch({ type: 'stepActor', actor: 'A' });
  expect(isRpushNext()).toBe(true);
  expect((await sim.snapshot()).stats.consistency).toMatchObject({ writes: 1, pending: 1 });
  await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
  while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  const { stats, db } = await sim.snapshot();
  expect(db.find((r) => r.id === 1)).toMatchObject({ plan: 'team', version: 2 });
  expect(stats).toMatchObject({ writes: 1, pendingWrites: 0, lostWrites: 0 });
  expect(stats.consistency).toEqual({ writes: 1, within1s: 1, within10s: 1, within60s: 1 });
});

// The same with a write of the row still queued: B's copy (version 3) is built on A's (version 2),
// which the database does not have yet, so B's fallback UPDATE makes the row version 2. The
// fallback is known by the step that says it writes B's stored write, not by a version match.
it('a fallback after the store, with an older write of the row queued, is still the stored write: one write, not two', async () => {
  const sim = Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    pattern: 'write-behind',
  });
  const stepAll = async (actor: string, until: () => boolean = () => false) => {
    while (sim.pendingStep(actor) && !until()) await sim.dispatch({ type: 'stepActor', actor });
  };
  await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'pro' } });
  await stepAll('A');
  await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'y' } });
  await stepAll('B', () => {
    const step = sim.pendingStep('B');
    return step?.target === 'redis' && step.argv[0] === 'RPUSH';
  });
  expect((await sim.snapshot()).stats.consistency).toMatchObject({ writes: 2, pending: 2 });
  await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
  await stepAll('B');
  const { stats, db } = await sim.snapshot();
  expect(db.find((r) => r.id === 1)).toMatchObject({ name: 'y', version: 2 });
  // It said 3 writes, 2 pending: B counted again at its UPDATE, and its store left pending for
  // a flush that never comes. A, still queued, is the one pending.
  expect(stats).toMatchObject({ writes: 2, pendingWrites: 1, lostWrites: 0 });
  expect(stats.consistency).toMatchObject({ writes: 2, pending: 1 });
  await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
  await stepAll('flusher');
  const after = await sim.snapshot();
  expect(after.db.find((r) => r.id === 1)).toMatchObject({ plan: 'pro', name: 'y', version: 3 });
  // The cache keeps B's copy (version 3, both changes): both writes are consistent.
  expect(after.stats).toMatchObject({ flushedWrites: 1, pendingWrites: 0, lostWrites: 0 });
  expect(after.stats.consistency).toEqual({ writes: 2, within1s: 0.5, within10s: 1, within60s: 1 });
  sim.runtime.close();
});
