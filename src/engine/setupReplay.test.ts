// The explorer starts its runs from checkpoints of the setup (the last point before the queued
// requests, kept from one count to the next) instead of replaying it from the seed each time.
// Compared here with the replay from the seed it replaces: every run, and every count and grid,
// must be the same.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExplorerCache } from './explorerCache';
import { countEstimate } from './interleavingCount';
import { exploreQueued } from './interleavingGrid';
import { READ_MITIGATIONS, WRITE_POLICIES } from './programs/catalog';
import { Rng } from './rng';
import { SetupCheckpoints, SetupReplay } from './setupReplay';
import { simAction } from './simActionArbitrary';
import type { SimAction } from './simAction';
import { Simulation } from './simulation';
import type { SimConfig } from './simConfig';
import { loadSqlJsNode } from './testSim';

const action = simAction({ maxId: 4, keys: ['user:1', 'user:2', 'x'], stepWeight: 6 });

const config: fc.Arbitrary<Partial<SimConfig>> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  rows: fc.constant(8),
  actors: fc.constant(['A', 'B']),
  writePolicy: fc.constantFrom(...WRITE_POLICIES),
  readMitigation: fc.constantFrom(...READ_MITIGATIONS),
  invalidation: fc.constantFrom('app' as const, 'cdc' as const),
  maxKeys: fc.constantFrom(0, 2),
  latencyModel: fc.constantFrom('constant' as const, 'lognormal' as const),
});

/** Steps every ready actor to the end, choosing with a seeded generator: what a run does. */
async function finish(sim: Simulation, seed: number): Promise<string[]> {
  const rng = new Rng(seed);
  const taken: string[] = [];
  for (let ready = sim.readyActors(); ready.length > 0 && taken.length < 200;) {
    const actor = ready[rng.int(ready.length)];
    await sim.dispatch({ type: 'stepActor', actor });
    taken.push(actor);
    ready = sim.readyActors();
  }
  return taken;
}

describe('SetupReplay', () => {
  it('each run it starts goes exactly as a replay of the setup from the seed', async () => {
    const SQL = await loadSqlJsNode();
    let restored = 0;
    await fc.assert(
      fc.asyncProperty(
        config,
        fc.array(action, { minLength: 8, maxLength: 50 }),
        async (c, actions) => {
          // A Step loop: each longer setup reuses what the replays before it kept.
          const kept = new SetupCheckpoints();
          for (const end of [actions.length - 4, actions.length - 1, actions.length]) {
            const setup = actions.slice(0, Math.max(1, end));
            const replay = new SetupReplay(SQL, c, setup, undefined, kept);
            for (let run = 0; run < 3; run++) {
              const fromSeed = await Simulation.replay(SQL, c, setup);
              const { sim, release } = await replay.start();
              try {
                expect(sim.actions).toEqual(fromSeed.actions);
                expect(await finish(sim, run)).toEqual(await finish(fromSeed, run));
                expect(await sim.snapshot()).toEqual(await fromSeed.snapshot());
              } finally {
                await release();
                await fromSeed.close();
              }
            }
            if (
              kept.find(
                JSON.stringify(c),
                setup.map((a) => JSON.stringify(a)),
              ) !== null
            )
              restored++;
          }
        },
      ),
      { seed: 5, numRuns: 20 },
    );
    // Most setups have a point before their queued requests to restore: the property is tested
    // on restored runs, not only on replays from the seed.
    expect(restored).toBeGreaterThan(10);
  }, 300_000);
});

describe('ExplorerCache', () => {
  const SQL = loadSqlJsNode();
  const r = (actor: string, id: number): SimAction => ({ type: 'read', actor, id });
  const w = (actor: string, id: number): SimAction => ({
    type: 'write',
    actor,
    id,
    changes: { name: 'Z' },
  });
  const step = (actor: string): SimAction => ({ type: 'stepActor', actor });
  // Reads done before (a checkpoint to restore), then a cold read racing a write, Step by Step.
  const before: SimAction[] = [1, 2, 1, 3].flatMap((id) => [
    r('A', id),
    { type: 'finishActor', actor: 'A' },
  ]);
  const loop = [r('A', 1), w('B', 1), step('A'), step('B'), step('A'), step('B')];

  it.each([
    ['invalidate', {}],
    ['update-cache, lease', { writePolicy: 'update-cache', readMitigation: 'lease' }],
    ['change log', { invalidation: 'cdc' }],
  ] as [string, Partial<SimConfig>][])(
    'counts and grids of a Step loop are the same with the cache as without (%s)',
    async (_, c) => {
      const cache = new ExplorerCache();
      for (let i = 1; i <= loop.length; i++) {
        const setup = [...before, ...loop.slice(0, i)];
        const request = { config: { actors: ['A', 'B'], ...c }, setup };
        const alone = await countEstimate(await SQL, request);
        expect(await countEstimate(await SQL, request, undefined, cache)).toEqual(alone);
        // Again: the count kept, not made again.
        expect(await countEstimate(await SQL, request, undefined, cache)).toEqual(alone);
        if (i === 2 || i === loop.length) {
          const grid = { ...request, limit: 30, sampleSeed: 2 };
          expect(await exploreQueued(await SQL, grid, undefined, undefined, cache)).toEqual(
            await exploreQueued(await SQL, grid),
          );
        }
      }
    },
    60_000,
  );
});
