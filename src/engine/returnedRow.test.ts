// A learner's read path is judged by the row it returns, not only by the version that row
// claims: a row no committed version of the user ever held is a wrong answer, never "fresh".
import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { VirtualClock } from './clock';
import { checkChallenge } from './challenges';
import { Database } from './database';
import { exploreQueued } from './interleavingGrid';
import { learnerReadProgram, type ProgramOverrides } from './programs/learner';
import { READ_LOCK_FIX, READ_RECHECK_FIX, READ_STARTER } from './programs/learnerSources';
import { Simulation } from './simulation';
import type { SimAction } from './simAction';

async function readPath(source: string): Promise<ProgramOverrides> {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) throw new Error(compiled.error);
  return { read: learnerReadProgram(compiled.program.runner) };
}

const race: SimAction[] = [
  { type: 'read', actor: 'A', id: 1 },
  { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
];

/** Runs every ready actor to the end, first ready first. */
async function drain(sim: Simulation): Promise<void> {
  for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
    await sim.dispatch({ type: 'stepActor', actor: ready[0] });
}

describe('a row a learner’s read returns', () => {
  it('made up (a version the database never committed) fails its read, in every interleaving', async () => {
    const programs = await readPath(
      "function* read(id, ctx) { yield redis('GET', cacheKey(id)); return { id: id, version: 99, name: 'x' }; }",
    );
    const result = await exploreQueued(
      await loadSqlJsNode(),
      { config: { actors: ['A', 'B'] }, setup: race, limit: 100 },
      undefined,
      programs,
    );
    expect(result.outcomes).toMatchObject({ fresh: 0, staleRead: 0, error: 3 });
    expect(result.interleavings[0].error).toMatch(
      /^A: Your read path returned a row the database never had: user 1 at version 99, a version the database never committed \(it has version 1\)/,
    );
  });

  it('at a committed version with other contents fails; the row as committed, from the cache or the database, passes', async () => {
    const SQL = await loadSqlJsNode();
    const altered = READ_STARTER.replace('return row;', "return { ...row, name: 'forged' };");
    expect(altered).not.toBe(READ_STARTER);
    const sim = Simulation.create(SQL, {
      actors: ['A'],
      rows: 10,
      programs: await readPath(altered),
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain(sim);
    // A write, then a hit of the version 1 row the miss cached: genuine, though now stale.
    await sim.dispatch({ type: 'write', actor: 'A', id: 2, changes: { name: 'Other' } });
    await drain(sim);
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain(sim);
    const snap = await sim.snapshot();
    const reads = snap.results.filter((r) => r.kind === 'read');
    expect(reads[0].error).toMatch(
      /never had: user 1 at version 1 with name "forged", where the database committed version 1 with name "[^"]+"\. Return the row selectUser/,
    );
    expect(reads[1]).toMatchObject({ version: 1 });
    expect(reads[1].error).toBeUndefined();
    sim.runtime.close();
  });

  // A row rebuilt from a hash holds text: by the Redis panel's judgement of a hash, "0" is the
  // number 0, while an empty or null updated_at is no number at all (not 0, as Number() has it).
  it.each([
    ['String(row.updated_at)', undefined],
    ['Number(row.updated_at)', undefined],
    ["''", 'updated_at "", where the database committed version 1 with updated_at 0'],
    ["' '", 'updated_at " ", where the database committed version 1 with updated_at 0'],
    ['null', 'updated_at null, where the database committed version 1 with updated_at 0'],
    ['false', 'updated_at false, where the database committed version 1 with updated_at 0'],
  ])('with updated_at %s: judged as the Redis panel judges a hash', async (value, error) => {
    const SQL = await loadSqlJsNode();
    const altered = READ_STARTER.replace('return row;', `return { ...row, updated_at: ${value} };`);
    const sim = Simulation.create(SQL, {
      actors: ['A'],
      rows: 10,
      programs: await readPath(altered),
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain(sim);
    const read = (await sim.snapshot()).results.find((r) => r.kind === 'read');
    if (error === undefined) {
      expect(read?.error).toBeUndefined();
      expect(read?.kind === 'read' && read.verdict).toMatchObject({ version: 1, isStale: false });
    } else
      expect(read?.error).toBe(
        `Your read path returned a row the database never had: user 1 at version 1 with ${error}. Return the row selectUser(id) gave, or the cached copy of it, unchanged`,
      );
    sim.runtime.close();
  });

  // A row the read path made itself is judged as the Redis panel judges a copy: a field the
  // table has no column for, or a missing updated_at, makes a row the database never had. (Under
  // write-behind the panel leaves the stamp out, and so does the checker.)
  it.each([
    [
      'cache-aside',
      "{ ...row, nickname: 'Gracie' }",
      'nickname "Gracie", where the database committed version 1 with no nickname column',
    ],
    [
      'cache-aside',
      '(({ updated_at, ...rest }) => rest)(row)',
      'updated_at missing, where the database committed version 1 with updated_at 0',
    ],
    ['write-behind', '(({ updated_at, ...rest }) => rest)(row)', undefined],
  ] as const)(
    'under %s, built by the read path as %s: judged as the Redis panel judges a copy',
    async (pattern, made, error) => {
      // The miss's return: the hit's returns the cached copy unchanged.
      const altered = READ_STARTER.replace(/return row;\n}/, `return ${made};\n}`);
      expect(altered).not.toBe(READ_STARTER);
      const sim = Simulation.create(await loadSqlJsNode(), {
        actors: ['A'],
        rows: 10,
        pattern,
        programs: await readPath(altered),
      });
      await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
      await drain(sim);
      const read = (await sim.snapshot()).results.find((r) => r.kind === 'read');
      sim.runtime.close();
      if (error === undefined) expect(read?.error).toBeUndefined();
      else
        expect(read?.error).toBe(
          `Your read path returned a row the database never had: user 1 at version 1 with ${error}. Return the row selectUser(id) gave, or the cached copy of it, unchanged`,
        );
    },
  );

  it('rebuilt from a hash and returned as HGETALL gave it (every field text) is the row, as the Redis panel judges the hash', async () => {
    const hashRead = (ret: string) =>
      [
        'function* read(id, ctx) {',
        '  const key = cacheKey(id);',
        "  const h = yield redis('HGETALL', key);",
        `  if (Object.keys(h).length > 0) return ${ret};`,
        '  const row = yield selectUser(id);',
        '  if (row === null) return null;',
        "  yield redis('HSET', key, ...Object.entries(row).flat().map(String));",
        '  return row;',
        '}',
      ].join('\n');
    const run = async (ret: string) => {
      const sim = Simulation.create(await loadSqlJsNode(), {
        actors: ['A'],
        rows: 10,
        programs: await readPath(hashRead(ret)),
      });
      for (let i = 0; i < 2; i++) {
        await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
        await drain(sim);
      }
      const snap = await sim.snapshot();
      sim.runtime.close();
      expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({
        version: 1,
        isStale: false,
      });
      return snap.results.filter((r) => r.kind === 'read')[1];
    };
    const hit = await run('h');
    expect(hit.error).toBeUndefined();
    expect(hit).toMatchObject({ version: 1, verdict: { isStale: false } });
    expect((await run("{ ...h, name: 'forged' }")).error).toMatch(
      /^Your read path returned a row the database never had: user 1 at version 1 with name "forged"/,
    );
    expect((await run("{ ...h, version: 'one' }")).error).toMatch(
      /^Your read path returned something that is not a user row at line 4/,
    );
  });

  it('an older version, as it was committed, is a stale read, not a row the database never had', async () => {
    const SQL = await loadSqlJsNode();
    const sim = Simulation.create(SQL, {
      actors: ['A', 'B'],
      rows: 10,
      programs: await readPath(READ_STARTER),
    });
    // Stale set: A caches version 1 after B's write and DEL; B writes again; A reads version 1.
    await sim.dispatch(race[0]);
    await sim.dispatch(race[1]);
    for (const actor of ['A', 'A', 'B', 'B', 'A']) await sim.dispatch({ type: 'stepActor', actor });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain(sim);
    const last = (await sim.snapshot()).results.at(-1);
    expect(last).toMatchObject({ kind: 'read', version: 1 });
    expect(last?.error).toBeUndefined();
    expect(last?.kind === 'read' && last.verdict?.isStale).toBe(true);
    sim.runtime.close();
  });

  it('stampede: readers that return a made-up row on contention do not pass', async () => {
    const madeUp = READ_LOCK_FIX.replace(
      '    yield sleep(ctx.retryDelayMs);',
      "    return { id: id, name: 'made up', email: 'x', plan: 'free', version: 1, updated_at: 0 };",
    );
    expect(madeUp).not.toBe(READ_LOCK_FIX);
    const verdict = await checkChallenge(await loadSqlJsNode(), 'stampede', await readPath(madeUp));
    expect(verdict.passed).toBe(false);
    expect(verdict.message).toMatch(
      /read failed: Your read path returned a row the database never had/,
    );
  });

  it('stale-set: the recheck fix returning an altered row does not pass', async () => {
    const forged = READ_RECHECK_FIX.replace(
      /return row;\n}\n$/,
      "return { ...row, version: 999, name: 'forged' };\n}\n",
    );
    expect(forged).not.toBe(READ_RECHECK_FIX);
    const verdict = await checkChallenge(
      await loadSqlJsNode(),
      'stale-set',
      await readPath(forged),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.message).toMatch(/a row the database never had: user 1 at version 999/);
  });

  it('is checked against every version the database committed, the console’s too, across a checkpoint', async () => {
    const SQL = await loadSqlJsNode();
    const clock = new VirtualClock();
    const db = new Database(SQL, clock, { rows: 3 });
    db.keepRowHistory();
    const [v1] = db.peekRows([1]);
    clock.advanceTo(5);
    db.updateUser('B', 1, { name: 'New' });
    const [v2] = db.peekRows([1]);
    db.execute('console', "UPDATE users SET plan = 'team' WHERE id = 1");
    const [v3] = db.peekRows([1]);
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    for (const row of [v1, v2, v3]) expect(db.neverHad(row)).toBe(false);
    expect(db.neverHad({ ...v2, plan: 'team' })).toBe(true);
    expect(db.neverHad({ ...v3, version: 4 })).toBe(true);
    expect(db.neverHad({ ...v1, updated_at: 5 })).toBe(true);
    const restored = new Database(SQL, new VirtualClock(), { rows: 3 });
    restored.keepRowHistory();
    restored.loadState(db.saveState());
    expect(restored.neverHad(v2)).toBe(false);
    expect(restored.neverHad({ ...v2, name: 'Other' })).toBe(true);
    db.close();
    restored.close();
  });
});
