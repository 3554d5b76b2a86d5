// However a learner's code stores and reads a row, the engine judges it as it judges ours: the
// race of stale-set (A misses and reads v1, B writes v2 and deletes, A fills v1) leaves a stale
// entry, counted as a stale fill, badged STALE, and the next read of it is a stale read.
import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../../platform/quickjsNode';
import { compileLearnerProgram } from '../../platform/quickjsSandbox';
import { loadSqlJsNode } from '../../platform/sqlJsNode';
import { seedRow } from '../userSeed';
import { Simulation } from '../simulation';
import type { StepEvent } from '../stepEvent';
import { learnerReadProgram, learnerWriteProgram } from './learner';
import { READ_STARTER, WRITE_STARTERS } from './learnerSources';

async function compiled(path: 'read' | 'write', source: string) {
  const c = compileLearnerProgram(await loadQuickJsNode(), path, source);
  if (!c.ok) throw new Error(c.error);
  return c.program.runner;
}

/** The stale-set race with these paths, then one more read of the user by A. */
async function staleSet(read: string, write = WRITE_STARTERS.invalidate) {
  const sim = await Simulation.create(await loadSqlJsNode(), {
    actors: ['A', 'B'],
    rows: 10,
    programs: {
      read: learnerReadProgram(await compiled('read', read)),
      write: learnerWriteProgram(await compiled('write', write)),
    },
  });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
  for (const actor of ['A', 'A', 'B', 'B', 'A']) await sim.dispatch({ type: 'stepActor', actor });
  const raced = await sim.snapshot();
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
    await sim.dispatch({ type: 'stepActor', actor: ready[0] });
  return { raced, after: await sim.snapshot() };
}

const fillWith = (fill: string) =>
  READ_STARTER.replace("yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));", fill);

describe('a learner’s row, however it is stored and read', () => {
  it('as our JSON (the starter): the baseline every other form must match', async () => {
    const { raced, after } = await staleSet(READ_STARTER);
    expect(raced.cache.find((e) => e.key === 'user:1')).toMatchObject({ isStale: true });
    expect(after.stats).toMatchObject({ staleFills: 1, staleReads: 1, hits: 1, misses: 1 });
  });

  it.each([
    ['pretty-printed JSON', "yield redis('SET', key, JSON.stringify(row, null, 2), 'EX', 60);"],
    [
      'a fill inside a script',
      "yield redis('EVAL', \"return redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])\", 1, key, JSON.stringify(row), 60);",
    ],
  ])('as %s: a stale fill, a STALE badge and a stale read', async (_, fill) => {
    const { raced, after } = await staleSet(fillWith(fill));
    expect(raced.cache.find((e) => e.key === 'user:1')).toMatchObject({
      version: 1,
      isStale: true,
    });
    expect(after.stats).toMatchObject({ staleFills: 1, staleReads: 1, hits: 1, misses: 1 });
  });

  it('as a hash, read with HGETALL: the same', async () => {
    const read = [
      'function* read(id, ctx) {',
      '  const key = cacheKey(id);',
      "  const h = yield redis('HGETALL', key);",
      '  if (Object.keys(h).length > 0) return { ...h, id: Number(h.id), version: Number(h.version) };',
      '  const row = yield selectUser(id);',
      '  if (row === null) return null;',
      "  yield redis('HSET', key, ...Object.entries(row).flat().map(String));",
      '  return row;',
      '}',
    ].join('\n');
    const { raced, after } = await staleSet(read);
    expect(raced.cache.find((e) => e.key === 'user:1')).toMatchObject({
      type: 'hash',
      version: 1,
      isStale: true,
    });
    expect(after.stats).toMatchObject({ staleFills: 1, staleReads: 1, hits: 1, misses: 1 });
  });

  it('read with GETEX: its hits and misses count as GET’s', async () => {
    const read = READ_STARTER.replace("redis('GET', key)", "redis('GETEX', key, 'EX', 60)");
    const { after } = await staleSet(read);
    expect(after.stats).toMatchObject({ staleReads: 1, hits: 1, misses: 1 });
  });

  it('a caught error on another key is a cache error, not a lost invalidation', async () => {
    const write = WRITE_STARTERS.invalidate.replace(
      "yield redis('DEL', cacheKey(id)); // the next read refills",
      "yield redis('DEL', cacheKey(id));\n  try {\n    yield redis('PUBLISH', 'invalidations', cacheKey(id));\n  } catch (e) {}",
    );
    const { after } = await staleSet(READ_STARTER, write);
    expect(after.stats).toMatchObject({ cacheErrors: 1, lostInvalidations: 0, failedRequests: 0 });
  });
});

// The reference: cache-aside gives "fine-grained control over what gets cached". The application
// alone writes to Redis, so a read path can choose: here, only team-plan users are cached.
describe('a read path that chooses what it caches', () => {
  it('caches only the team-plan users it reads; the others go to the database every time, fresh', async () => {
    const read = READ_STARTER.replace(
      "yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
      "if (row.plan === 'team') yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
    );
    const sim = await Simulation.create(await loadSqlJsNode(), {
      actors: ['A'],
      rows: 12,
      programs: { read: learnerReadProgram(await compiled('read', read)) },
    });
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    for (const id of [...ids, ...ids]) {
      await sim.dispatch({ type: 'read', actor: 'A', id });
      for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
        await sim.dispatch({ type: 'stepActor', actor: ready[0] });
    }
    const snap = await sim.snapshot();
    const plans = new Map(snap.db.map((r) => [r.id, r.plan]));
    const team = ids.filter((id) => plans.get(id) === 'team');
    expect(team.length).toBeGreaterThan(0);
    expect(team.length).toBeLessThan(ids.length);
    // Redis holds exactly the team-plan users, each fresh.
    expect(snap.cache.map((e) => e.key).sort()).toEqual(team.map((id) => `user:${id}`).sort());
    expect(snap.cache.every((e) => !e.isStale)).toBe(true);
    // The second pass hits for them and reads the database again for everyone else.
    expect(snap.stats).toMatchObject({
      reads: 24,
      hits: team.length,
      misses: 24 - team.length,
      dbReads: 24 - team.length,
      staleReads: 0,
    });
  });
});

describe('under write-behind, a row ahead of the database: one rule for the answer and the count', () => {
  /** A read path returning the cached copy as `returned` makes it (a JS expression of `copy`). */
  const returning = (returned: string) =>
    READ_STARTER.replace(
      'if (cached !== null) return cached; // a hit: the row as JSON',
      `if (cached !== null) { const copy = JSON.parse(cached); return ${returned}; }`,
    );

  /** Fills user 1 (first read), then, with a write of it queued or not, reads it again. */
  async function readAhead(returned: string, isWriteQueued: boolean) {
    const sim = await Simulation.create(await loadSqlJsNode(), {
      actors: ['A', 'B'],
      rows: 10,
      pattern: 'write-behind',
      programs: { read: learnerReadProgram(await compiled('read', returning(returned))) },
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    if (isWriteQueued) {
      await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
      await sim.dispatch({ type: 'finishActor', actor: 'B' });
    }
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = await sim.dispatch({ type: 'finishActor', actor: 'A' });
    return { snap: await sim.snapshot(), last: (events as { note?: string }[]).at(-1) };
  }

  it('a version no write made (no write on its way) fails the answer check, and is not also counted stale', async () => {
    const { snap, last } = await readAhead('{ ...copy, version: copy.version + 1 }', false);
    expect(snap.stats).toMatchObject({ staleReads: 0, failedRequests: 1 });
    expect(last?.note).toContain(
      "user 1 at version 2, ahead of the database's version 1. Under write-behind only the cache's copy of a write still on its way is ahead of the database, and your read path did not return that copy unchanged (no write of the row is on its way)",
    );
  });

  it('a copy typed in the console ahead of the row, returned unchanged, fails as under cache-aside, and is not also counted stale', async () => {
    const sim = await Simulation.create(await loadSqlJsNode(), {
      actors: ['A'],
      rows: 10,
      pattern: 'write-behind',
      programs: { read: learnerReadProgram(await compiled('read', READ_STARTER)) },
    });
    const ahead = JSON.stringify({ ...seedRow(1), version: 5 });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'user:1', ahead] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect((await sim.snapshot()).stats).toMatchObject({ staleReads: 0, failedRequests: 1 });
    expect(events.at(-1)?.note).toContain(
      'Your read path returned the cached copy unchanged, but that copy is a row the database never had: user 1 at version 5, a version the database never committed (it has version 1). It was written by the console (by hand)',
    );
  });

  it('a copy made up over a queued write’s (other fields at its version) fails, as under cache-aside', async () => {
    const { snap, last } = await readAhead("{ ...copy, name: 'Invented' }", true);
    expect(snap.stats).toMatchObject({ staleReads: 0, failedRequests: 1 });
    expect(last?.note).toContain(
      'and your read path did not return that copy unchanged. Return the cached copy unchanged',
    );
  });

  it('the queued write’s copy, returned unchanged, passes and is fresh', async () => {
    const { snap } = await readAhead('copy', true);
    expect(snap.stats).toMatchObject({ staleReads: 0, failedRequests: 0, reads: 2 });
  });
});

describe('a write path’s invalidation, however it is sent', () => {
  // removedCopies (the lab's model row) counts by what the command removed: until 2026-12-07 a
  // GETDEL, a DEL queued in MULTI and run by EXEC, or one sent by a script removed a copy and
  // was not counted.
  it.each([
    ['a DEL', "yield redis('DEL', cacheKey(id));"],
    ['a GETDEL', "yield redis('GETDEL', cacheKey(id));"],
    [
      'a DEL in MULTI/EXEC',
      "yield redis('MULTI'); yield redis('DEL', cacheKey(id)); yield redis('EXEC');",
    ],
    [
      'a DEL in a script',
      "yield redis('EVAL', \"return redis.call('DEL', KEYS[1])\", 1, cacheKey(id));",
    ],
  ])(
    '%s that removes a cached copy counts once, one of a key with none not at all',
    async (_, del) => {
      const write = WRITE_STARTERS.invalidate.replace(
        "yield redis('DEL', cacheKey(id)); // the next read refills",
        del,
      );
      expect(write).toContain(del);
      const sim = await Simulation.create(await loadSqlJsNode(), {
        actors: ['A', 'B'],
        rows: 10,
        programs: { write: learnerWriteProgram(await compiled('write', write)) },
      });
      const runAll = async () => {
        for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
          await sim.dispatch({ type: 'stepActor', actor: ready[0] });
      };
      await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
      await runAll();
      await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
      await runAll();
      const removed = await sim.snapshot();
      expect(removed.cache.find((e) => e.key === 'user:1')).toBeUndefined();
      expect(removed.stats.removedCopies).toBe(1);
      await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'pro' } });
      await runAll();
      expect((await sim.snapshot()).stats.removedCopies).toBe(1);
    },
  );
});
