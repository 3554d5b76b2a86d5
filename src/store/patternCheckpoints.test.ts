// Back under every caching pattern gives the same run: a checkpoint saves the pattern ledger
// (the write-behind queue's story, the background jobs), the consistency tracker and the cache
// layer's own actors (flusher, refresher), so a replay from it lands where the first run was.

import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PATTERNS, type Pattern } from '../engine/programs/patterns';
import { Simulation } from '../engine/simulation';
import type { SimSnapshot } from '../engine/simSnapshot';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { stepsAt } from './timeline';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const PRESSES = 70;

async function start(pattern: Pattern): Promise<SandboxStoreApi> {
  const store = createSandboxStore();
  await store.getState().start(SQL, {
    scenarioId: null,
    // A 10 s TTL, so the clock moves below bring entries near expiry (refresh-ahead reloads).
    config: { ...DEFAULT_SANDBOX_CONFIG, pattern, ttlSeconds: 10 },
    inputs: [],
  });
  return store;
}

const stepsOf = (store: SandboxStoreApi) =>
  stepsAt(store.getState().timeline, store.getState().cursor);

/**
 * Reads and writes of four users by A, the clock moved now and then, and every ninth request a
 * write whose flush the cache restart beats. Records the snapshot before each press, by the
 * steps taken so far.
 */
async function play(store: SandboxStoreApi): Promise<Map<number, SimSnapshot>> {
  const s = () => store.getState();
  const before = new Map<number, SimSnapshot>();
  const press = async (fn: () => Promise<unknown>) => {
    before.set(stepsOf(store), s().snapshot!);
    await fn();
  };
  let request = 0;
  while (stepsOf(store) < PRESSES) {
    if (s().canStep) {
      await press(() => s().step());
      continue;
    }
    request++;
    const id = (request % 4) + 1;
    if (request % 5 === 0) await s().advanceClock(6_000);
    if (request % 3 !== 0) {
      await s().startRead('A', id);
      continue;
    }
    await s().startWrite('A', id, { plan: `p${request}` });
    if (request % 9 === 0) {
      // A's write runs to its end; the cache restarts before anything else steps.
      while (s().snapshot!.actors.find((a) => a.name === 'A')?.task)
        await press(() => s().stepActor('A'));
      await s().restartCache();
    }
  }
  return before;
}

const comparable = (snap: SimSnapshot) => ({
  commands: snap.commands,
  clockMs: snap.clockMs,
  actors: snap.actors,
  cache: snap.cache,
  db: snap.db,
  stats: snap.stats,
  events: snap.events,
  redisLog: snap.redisLog,
  sqlLog: snap.sqlLog,
});

describe('Back under each caching pattern', () => {
  it.each(PATTERNS)(
    '%s: Back from a checkpoint lands on the snapshot the run showed before that step',
    async (pattern) => {
      const store = await start(pattern);
      const before = await play(store);
      const end = store.getState().snapshot!;
      if (pattern === 'write-behind') {
        expect(end.stats.flushedWrites).toBeGreaterThan(0);
        expect(end.stats.lostWrites).toBeGreaterThan(0);
      }
      if (pattern === 'refresh-ahead') expect(end.stats.refreshes).toBeGreaterThan(0);
      expect(end.config.pattern).toBe(pattern);

      const restore = vi.spyOn(Simulation, 'restore');
      try {
        for (let i = 0; i < 8; i++) {
          expect(await store.getState().back()).toBe(true);
          const now = stepsOf(store);
          expect(comparable(store.getState().snapshot!)).toEqual(comparable(before.get(now)!));
        }
        // Those Backs replayed from checkpoints, not from the seed.
        expect(restore).toHaveBeenCalled();
      } finally {
        restore.mockRestore();
      }
    },
    120_000,
  );
});
