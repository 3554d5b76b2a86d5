import { describe, expect, it } from 'vitest';
import type { SimConfig } from './simConfig';
import { createTestSim } from './testSim';

/** A simulation where A has read row `id` to its end (so it is cached), then the console ran `sql`. */
async function cachedThenConsoleSql(id: number, sql: string, config: Partial<SimConfig> = {}) {
  const sim = await createTestSim(config);
  await sim.dispatch({ type: 'read', actor: 'A', id });
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
  await sim.dispatch({ type: 'sql', actor: 'console', sql });
  return sim;
}

describe('Simulation: the cache-aside read path', () => {
  it('misses, SELECTs and fills with SET ... EX, then hits without touching the database', async () => {
    const sim = await createTestSim({ seed: 7 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    const steps = [];
    while (sim.readyActors().length) steps.push(await sim.dispatch({ type: 'step' }));
    expect(steps.map((s) => (s as { command: string }).command)).toEqual([
      'GET user:123',
      'SELECT * FROM users WHERE id = 123',
      expect.stringMatching(/^SET user:123 '\{"id":123.*' EX 3600$/),
    ]);
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    await sim.dispatch({ type: 'step' });
    const snap = await sim.snapshot();
    expect(snap.stats).toMatchObject({ reads: 2, hits: 1, misses: 1, dbReads: 1, staleReads: 0 });
    expect(snap.redisLog.map((l) => l.argv[0])).toEqual(['GET', 'SET', 'GET']);
    // SET ran at 2.3 ms (GET 0.3 + SELECT 2); now is 2.9 ms; PTTL rounds up like ioredis-mock's.
    expect(snap.cache).toEqual([
      expect.objectContaining({ key: 'user:123', ttlMs: 3_600_000, version: 1, isStale: false }),
    ]);
  });

  it("a console command names a row only by the application's own key (user:12, not user:0x2A)", async () => {
    const sim = await createTestSim();
    for (const argv of [
      ['EXISTS', 'user:0x2A'],
      ['GET', 'user:1e3'],
      ['GET', 'user: 5'],
      ['GET', 'user:0007'],
      ['GET', 'user:+8'],
      ['GET', 'user:12'],
    ])
      await sim.dispatch({ type: 'redis', actor: 'console', argv });
    expect((await sim.snapshot()).db.map((r) => r.id)).toEqual([12]);
    expect(sim.trace.map((e) => e.committedVersion)).toEqual([null, null, null, null, null, 1]);
  });

  it('stale set race: R GET nil; R SELECT v1; W UPDATE v2; W DEL; R SET v1 leaves v1 cached', async () => {
    const sim = await createTestSim({ actors: ['R', 'W'] });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    for (const actor of ['R', 'R', 'W', 'W', 'R']) await sim.dispatch({ type: 'stepActor', actor });
    let snap = await sim.snapshot();
    expect(snap.events.map((e) => `${e.actor} ${e.command.split(' ')[0]}`)).toEqual([
      'R GET',
      'R SELECT',
      'W UPDATE',
      'W DEL',
      'R SET',
    ]);
    expect(snap.events[4].isStaleFill).toBe(true);
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 1, isStale: true });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await sim.dispatch({ type: 'stepActor', actor: 'R' });
    snap = await sim.snapshot();
    expect(snap.stats.staleReads).toBe(1);
    expect(snap.events.at(-1)?.isStaleRead).toBe(true);
  });

  it('the same interleaving under leases: the fill is refused and no read is stale', async () => {
    const sim = await createTestSim({ actors: ['R', 'W'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    for (const actor of ['R', 'R', 'R', 'W', 'W', 'R'])
      await sim.dispatch({ type: 'stepActor', actor });
    const snap = await sim.snapshot();
    expect(snap.events.map((e) => `${e.actor} ${e.command.split(' ')[0]}`)).toEqual([
      'R GET',
      'R SET',
      'R SELECT',
      'W UPDATE',
      'W DEL',
      'R EVAL',
    ]);
    expect(snap.events[5].reply).toBe('(integer) 0');
    expect(snap.cache).toEqual([]);
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    const after = await sim.snapshot();
    expect(after.stats.staleReads).toBe(0);
    expect(after.cache[0]).toMatchObject({ version: 2, isStale: false });
  });
});

describe('describing a write step', () => {
  it("writes the parameters in the UPDATE's column order, whatever order the changes came in", async () => {
    const sim = await createTestSim();
    await sim.dispatch({
      type: 'write',
      actor: 'A',
      id: 4,
      changes: { plan: 'team', name: "O'Neil" },
    });
    const [update] = await sim.run();
    expect(update.command).toBe(
      "UPDATE users SET name = 'O''Neil', plan = 'team', version = version + 1, updated_at = now WHERE id = 4 RETURNING *",
    );
  });
});

describe('a console line whose write follows a SELECT', () => {
  it('makes the cached copy stale, and the next hit on it is a stale read', async () => {
    const sim = await cachedThenConsoleSql(
      1,
      "SELECT plan FROM users WHERE id = 1; UPDATE users SET plan = 'team' WHERE id = 1",
    );
    let snap = await sim.snapshot();
    expect(snap.db.find((r) => r.id === 1)).toMatchObject({ plan: 'team', version: 2 });
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', version: 1, isStale: true });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    snap = await sim.snapshot();
    expect(snap.stats.staleReads).toBe(1);
  });
});

describe('a console line whose schema change follows a SELECT', () => {
  it('shows the rows with the columns the table has now', async () => {
    const sim = await createTestSim();
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    // The panel shows the row, as the page does after every step.
    expect((await sim.snapshot()).db.find((r) => r.id === 1)).toMatchObject({ plan: 'pro' });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'SELECT 1; ALTER TABLE users RENAME COLUMN plan TO tier',
    });
    const row = (await sim.snapshot()).db.find((r) => r.id === 1);
    expect(row).toMatchObject({ tier: 'pro' });
    expect(row).not.toHaveProperty('plan');
  });
});

describe("a trigger of the console's that writes other rows when the application writes", () => {
  it('makes a cached copy of the other row stale, badge and read alike', async () => {
    const sim = await cachedThenConsoleSql(
      2,
      "CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.id = 1 BEGIN UPDATE users SET plan = 'team' WHERE id = 2; END",
      { actors: ['A', 'B'] },
    );
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'N' } });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    let snap = await sim.snapshot();
    expect(snap.db.find((r) => r.id === 2)).toMatchObject({ plan: 'team', version: 2 });
    // The badge used to say fresh while the next read of it was counted stale.
    expect(snap.cache.find((c) => c.key === 'user:2')).toMatchObject({ version: 1, isStale: true });
    await sim.dispatch({ type: 'read', actor: 'A', id: 2 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    snap = await sim.snapshot();
    expect(snap.stats.staleReads).toBe(1);
  });

  // Each kept the count of changes an application write makes at the seed's two (its row and
  // its change-log entry), which is all the engine used to look at.
  it.each([
    ['with the change log’s trigger dropped', 'DROP TRIGGER users_changes'],
    [
      'with the change log’s entries skipped',
      'CREATE TRIGGER skip BEFORE INSERT ON changes BEGIN SELECT RAISE(IGNORE); END',
    ],
  ])('a one-row trigger %s still makes the copy of its row stale', async (_, first) => {
    const sim = await cachedThenConsoleSql(
      2,
      `${first}; CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.id = 1 BEGIN UPDATE users SET plan = 'team', version = version + 1 WHERE id = 2; END`,
      { actors: ['A', 'B'] },
    );
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'N' } });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    const snap = await sim.snapshot();
    expect(snap.db.find((r) => r.id === 2)).toMatchObject({ plan: 'team', version: 2 });
    expect(sim.runtime.db.committedVersion(2)).toBe(2);
    expect(snap.cache.find((c) => c.key === 'user:2')).toMatchObject({ version: 1, isStale: true });
  });

  it('a trigger put in place of the seed’s, under its name, is watched too', async () => {
    const sim = await createTestSim({ actors: ['B'] });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "DROP TRIGGER users_version; CREATE TRIGGER users_version AFTER UPDATE ON users BEGIN UPDATE users SET plan = 'team', version = version + 1 WHERE id = 2 AND NEW.id = 1; END",
    });
    expect(sim.runtime.db.committedVersion(2)).toBe(1);
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'N' } });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    // The trigger moved row 2 to version 2 on B's write; the engine knows it.
    expect(sim.runtime.db.committedVersion(2)).toBe(2);
  });

  it('a row such a trigger deletes is known as deleted', async () => {
    const sim = await createTestSim({ actors: ['B'] });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.id = 1 BEGIN DELETE FROM users WHERE id = 3; END',
    });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'N' } });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    expect(sim.runtime.db.deletedAtMs(3)).toBeDefined();
    expect(sim.runtime.db.deletedAtMs(2)).toBeUndefined();
  });
});
