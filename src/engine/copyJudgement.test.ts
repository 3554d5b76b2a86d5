// The read checker judges a copy a learner's read path returns by the Redis panel's rule
// (copyDiff): what the panel lists as a differing field fails the read, and the message names
// only the fields that really differ from the row.
import { expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { seedRow } from './userSeed';
import { learnerReadProgram, type ProgramOverrides } from './programs/learner';
import { READ_STARTER } from './programs/learnerSources';
import { Simulation } from './simulation';

async function readPath(source: string): Promise<ProgramOverrides> {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) throw new Error(compiled.error);
  return { read: learnerReadProgram(compiled.program.runner) };
}

async function drain(sim: Simulation): Promise<void> {
  for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
    await sim.dispatch({ type: 'stepActor', actor: ready[0] });
}

it.each([
  ['"id":"1"', { id: '1' }, 'id "1"', 'id 1'],
  ['"updated_at":"0"', { updated_at: '0' }, 'updated_at "0"', 'updated_at 0'],
])(
  'a cached copy with %s (text) where the row has a number: the panel lists it, and the read returning it unchanged fails naming it',
  async (_, change, cached, inRow) => {
    const sim = Simulation.create(await loadSqlJsNode(), {
      actors: ['A'],
      rows: 10,
      programs: await readPath(READ_STARTER),
    });
    const copy = JSON.stringify({ ...seedRow(1), ...change });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'user:1', copy] });
    const entry = (await sim.snapshot()).cache.find((e) => e.key === 'user:1');
    expect(entry).toMatchObject({ isStale: true, isUnlikeRow: true });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain(sim);
    const read = (await sim.snapshot()).results.at(-1);
    expect(read?.error).toBe(
      `Your read path returned the cached copy unchanged, but that copy is a row the database never had: user 1 at version 1 with ${cached}, where the database committed version 1 with ${inRow}. It was written by the console (by hand): cache only a row the database gave (selectUser or updateUser), unchanged`,
    );
    sim.runtime.close();
  },
);

it('a column the SQL console added is not named as one the row lacks: only the fields that differ are', async () => {
  const sim = Simulation.create(await loadSqlJsNode(), {
    actors: ['A'],
    rows: 10,
    programs: await readPath(
      READ_STARTER.replace('return row;', "return { ...row, name: 'forged' };"),
    ),
  });
  await sim.dispatch({
    type: 'sql',
    actor: 'console',
    sql: "ALTER TABLE users ADD COLUMN nickname TEXT DEFAULT 'nick'",
  });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  await drain(sim);
  const read = (await sim.snapshot()).results.at(-1);
  expect(read?.error).toBe(
    `Your read path returned a row the database never had: user 1 at version 1 with name "forged", where the database committed version 1 with name "${seedRow(1).name}". Return the row selectUser(id) gave, or the cached copy of it, unchanged`,
  );
  sim.runtime.close();
});
