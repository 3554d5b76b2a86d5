import { describe, expect, it } from 'vitest';
import { cacheLeftWrong } from './cachedCopy';
import { seedRow } from './userSeed';
import type { SimAction } from './simAction';
import { createTestSim } from './testSim';

const consoleSet = (value: string): SimAction => ({
  type: 'redis',
  actor: 'console',
  argv: ['SET', 'user:1', value],
});

describe('cacheLeftWrong: a copy the console set by hand', () => {
  it('says the console set a copy with other values, not only that the database never had it', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch(consoleSet(JSON.stringify({ ...seedRow(1), name: 'Mallory' })));
    expect(cacheLeftWrong(await sim.snapshot())).toBe(
      `The cache is left holding user:1 as a row the database never had: version 1 with name "Mallory", where the database has version 1 with name "${seedRow(1).name}". The console set that copy by hand.`,
    );
  });

  it("calls a copy at the row's version with a field the row has no column for, or without updated_at, a row the database never had, as the STALE badge does", async () => {
    // JSON.stringify leaves an undefined field out.
    const withoutStamp = { ...seedRow(1), updated_at: undefined };
    for (const [copy, fields] of [
      [
        { ...seedRow(1), nickname: 'Ada' },
        'nickname "Ada", where the database has version 1 with no nickname column',
      ],
      [withoutStamp, 'updated_at missing, where the database has version 1 with updated_at 0'],
    ] as const) {
      const sim = await createTestSim({ seed: 3 });
      await sim.dispatch(consoleSet(JSON.stringify(copy)));
      const snap = await sim.snapshot();
      expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({ isStale: true });
      expect(cacheLeftWrong(snap)).toBe(
        `The cache is left holding user:1 as a row the database never had: version 1 with ${fields}. The console set that copy by hand.`,
      );
    }
  });

  it("under write-behind leaves a copy's updated_at out, as the badge does: the flush stamps the row", async () => {
    // JSON.stringify leaves an undefined field out.
    const withoutStamp = { ...seedRow(1), updated_at: undefined };
    const sim = await createTestSim({ seed: 3, pattern: 'write-behind' });
    await sim.dispatch(consoleSet(JSON.stringify(withoutStamp)));
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({ isStale: false });
    expect(cacheLeftWrong(snap)).toBeNull();
  });

  it('says the console set a copy ahead of the database', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch(consoleSet(JSON.stringify({ ...seedRow(1), version: 7 })));
    expect(cacheLeftWrong(await sim.snapshot())).toBe(
      'The cache is left holding user:1 as a row the database never had: version 7, a version the database never committed (it has version 1). The console set that copy by hand.',
    );
  });

  it('says the console set an older copy back, stale', async () => {
    const sim = await createTestSim({ seed: 3, actors: ['A'] });
    await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'team' } });
    await sim.run();
    await sim.dispatch(consoleSet(JSON.stringify(seedRow(1))));
    expect(cacheLeftWrong(await sim.snapshot())).toBe(
      'The cache is left holding user:1 at version 1 while the database has version 2, with no TTL: stale until a write deletes it or it is evicted. The console set that copy by hand.',
    );
  });

  it('blames no one for a copy the programs left', async () => {
    const sim = await createTestSim({ seed: 3, actors: ['A'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.run();
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET plan = 'x' WHERE id = 1",
    });
    expect(cacheLeftWrong(await sim.snapshot())).toMatch(
      /version 1 while the database has version 2: stale until the TTL\.$/,
    );
  });
});

describe("cacheLeftWrong: another user's row under user:1", () => {
  it('says whose row it is', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch(consoleSet(JSON.stringify(seedRow(2))));
    expect(cacheLeftWrong(await sim.snapshot())).toBe(
      "The cache is left holding user:1 as user 2's row (version 1), not a copy of user 1's. The console set that copy by hand.",
    );
  });
});
