// Back at step 300 costs what Back at step 5 costs (issue 12.2): the store replays from the
// nearest checkpoint, not from the seed. Asserted on the work done (engine actions replayed),
// and on the result: the state Back reaches is the state the same presses reach from the seed.

import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Cache } from '../engine/cache';
import { Simulation } from '../engine/simulation';
import { loadSqlJsNode } from '../engine/testSim';
import { CHECKPOINT_INTERVAL, Checkpoints, MAX_CHECKPOINTS } from './checkpoints';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';
import { inputsAt, stepsAt } from './timeline';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** Reads and writes over 30 ids by actor A, each stepped to its end, up to `presses` Steps. */
async function pressUntil(store: SandboxStoreApi, presses: number): Promise<void> {
  const s = () => store.getState();
  let request = 0;
  while (stepsAt(s().timeline, s().cursor) < presses) {
    if (!s().canStep) {
      request++;
      const id = (request % 30) + 1;
      if (request % 4 === 0) await s().startWrite('A', id, { plan: `p${request}` });
      else await s().startRead('A', id);
      continue;
    }
    expect(await s().step()).toBe(true);
  }
}

/** Engine actions dispatched while `fn` runs. */
async function dispatchesDuring(fn: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(Simulation.prototype, 'dispatch');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('Back replays from the nearest checkpoint', () => {
  it('costs about the same at step 300 as at step 5, and lands where the seed replay lands', async () => {
    const store = await freePlaySandbox();
    await pressUntil(store, 5);
    const atFive = await dispatchesDuring(() => store.getState().back());

    await pressUntil(store, 300);
    const atThreeHundred = await dispatchesDuring(() => store.getState().back());
    // From the seed that was ~390 actions (300 steps and the reads and writes between).
    expect(atFive).toBeLessThanOrEqual(10);
    expect(atThreeHundred).toBeLessThanOrEqual(3 * CHECKPOINT_INTERVAL);

    // The same inputs replayed from the seed (a link opening) reach the same state.
    const s = store.getState();
    expect(stepsAt(s.timeline, s.cursor)).toBe(299);
    const fromSeed = createSandboxStore();
    await fromSeed.getState().start(SQL, {
      scenarioId: null,
      config: DEFAULT_SANDBOX_CONFIG,
      inputs: inputsAt(s.timeline, s.cursor),
    });
    const a = s.snapshot!;
    const b = fromSeed.getState().snapshot!;
    expect(a.commands).toBe(b.commands);
    expect(a.clockMs).toBe(b.clockMs);
    expect(a.cache).toEqual(b.cache);
    expect(a.db).toEqual(b.db);
    expect(a.stats).toEqual(b.stats);
    expect(a.redisLog).toEqual(b.redisLog);
    expect(a.events).toEqual(b.events);

    // Back again and again stays cheap, and Step after Back goes forward the same way.
    const again = await dispatchesDuring(async () => {
      for (let i = 0; i < 5; i++) await store.getState().back();
    });
    expect(again).toBeLessThanOrEqual(5 * 3 * CHECKPOINT_INTERVAL);
    await store.getState().step();
    expect(stepsAt(store.getState().timeline, store.getState().cursor)).toBe(295);
  }, 300_000);

  it('Back beside 20,000 keys reads back only the keys changed after its checkpoint', async () => {
    const store = await freePlaySandbox();
    const s = () => store.getState();
    for (let batch = 0; batch < 4; batch++) {
      const pairs: string[] = [];
      for (let i = 0; i < 5000; i++) pairs.push(`k:${batch}:${i}`, 'v');
      await s().runRedis(`MSET ${pairs.join(' ')}`);
    }
    // Long lines weigh as many entries as they hold kilobytes: a checkpoint follows them, and
    // Back a few Steps later does not replay them (before, it replayed them from the seed: in
    // the page 0.8 to 1.8 s beside 10,000 keys and a 1 MB value).
    await pressUntil(store, 3);
    const early = vi.spyOn(Simulation.prototype, 'dispatch');
    try {
      expect(await s().back()).toBe(true);
      expect(early.mock.calls.filter(([action]) => action.type === 'redis')).toEqual([]);
      expect(early.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      early.mockRestore();
    }
    // Past the first checkpoint (CHECKPOINT_INTERVAL timeline entries), then a few more Steps.
    await pressUntil(store, CHECKPOINT_INTERVAL + 2);
    const peek = vi.spyOn(Cache.prototype, 'peek');
    try {
      expect(await s().back()).toBe(true);
      // Before, the restored keyspace was read back whole: 20,000 keys and more.
      expect(peek.mock.calls.length).toBeLessThanOrEqual(10);
    } finally {
      peek.mockRestore();
    }
    const fromSeed = createSandboxStore();
    await fromSeed.getState().start(SQL, {
      scenarioId: null,
      config: DEFAULT_SANDBOX_CONFIG,
      inputs: inputsAt(s().timeline, s().cursor),
    });
    expect(s().snapshot!.cache).toHaveLength(fromSeed.getState().snapshot!.cache.length);
    expect(s().snapshot!.cache).toEqual(fromSeed.getState().snapshot!.cache);
    expect(s().snapshot!.db).toEqual(fromSeed.getState().snapshot!.db);
  }, 300_000);

  it('keeps at most MAX_CHECKPOINTS, spread evenly, and none past a replaced future', async () => {
    const sim = Simulation.create(SQL, { rows: 50 });
    const ladder = new Checkpoints();
    ladder.use('a');
    for (let cursor = 1; cursor <= 3000; cursor++) ladder.offer(sim, cursor, 0);
    expect(ladder.count).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    expect(ladder.count).toBeGreaterThan(MAX_CHECKPOINTS / 2 - 2);
    // Evenly spread: the nearest one is never further back than the (doubled) interval.
    const gaps = [100, 1000, 2999].map((c) => c - (ladder.nearest(c)?.cursor ?? 0));
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(3000 / (MAX_CHECKPOINTS / 2));
    ladder.dropAfter(1000);
    expect(ladder.nearest(2999)!.cursor).toBeLessThanOrEqual(1000);
    ladder.use('b'); // other settings
    expect(ladder.count).toBe(0);
    await sim.close();
  });

  it('a state too large for any checkpoint is not saved again at every entry (Back beside 1 MB values)', async () => {
    const store = await freePlaySandbox();
    const s = () => store.getState();
    const checkpoint = vi.spyOn(Simulation.prototype, 'checkpoint');
    try {
      // 200 copies of a 1 MB value: about 400 MB as a checkpoint counts them, past the budget.
      await s().runRedis(`SET big ${'x'.repeat(1_000_000)}`);
      for (let i = 1; i <= 200; i++) await s().runRedis(`COPY big k${i}`);
      await s().startRead('A', 1);
      await s().step();
      // Before, each entry past the 20th took a checkpoint and dropped it: 181 here, and as
      // many again in each Back's replay (962 a Back beside 1,000 values, 1.2 s of its 1.3 s).
      expect(checkpoint.mock.calls.length).toBeLessThanOrEqual(8);
      checkpoint.mockClear();
      await s().back();
      expect(checkpoint.mock.calls.length).toBeLessThanOrEqual(8);
      expect(s().snapshot!.cache.find((e) => e.key === 'k200')).toBeDefined();
    } finally {
      checkpoint.mockRestore();
    }
  }, 300_000);
});
