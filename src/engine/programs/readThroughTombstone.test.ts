// Under change capture with versioned fills the change log's consumer leaves a tombstone in
// place of a written row, whatever the pattern. The patterns that read through the cache's
// loader must treat it as a miss and load over it, as cache-aside's versioned read does: taken
// for a corrupt entry, it kept the key out of the cache until its TTL (one hour), every read went
// to the database and counted a cache error, while the step said "it counts as a miss".
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import type { StepEvent } from '../stepEvent';
import { createTestSim, loadSqlJsNode } from '../testSim';
import { DEFAULT_WORKLOAD, runWorkload } from '../workload';

const CDC = { invalidation: 'cdc', readMitigation: 'versioned-fill' } as const;

async function read(sim: Simulation, id: number): Promise<StepEvent[]> {
  const before = (await sim.snapshot()).events.length;
  await sim.dispatch({ type: 'read', actor: 'A', id });
  await sim.run();
  return (await sim.snapshot()).events.slice(before);
}

describe('a tombstone of the change log under the patterns that read through the loader', () => {
  it.each(['read-through', 'refresh-ahead'] as const)(
    '%s: a read after the tombstone misses, loads version 2 over it, and the next read hits it',
    async (pattern) => {
      const sim = await createTestSim({ actors: ['A'], pattern, ...CDC });
      await read(sim, 1);
      await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'pro' } });
      await sim.run();
      const tombstone = '{"tombstone":true,"version":2}';
      expect((await sim.snapshot()).cache.find((e) => e.key === 'user:1')?.value).toBe(tombstone);
      const after = await read(sim, 1);
      // GET, the loader's SELECT, and its store by the versioned fill's script (NX would never
      // replace the tombstone).
      expect(after.map((e) => [e.label, e.command.split(' ')[0]])).toEqual([
        ['get', 'GET'],
        ['load', 'SELECT'],
        ['fill', 'EVAL'],
      ]);
      expect(after[0]).toMatchObject({ isTombstone: true, isMiss: true });
      expect(after[2]).toMatchObject({ reply: '(integer) 1', rowVersion: 2 });
      const again = await read(sim, 1);
      expect(again[0]).toMatchObject({ command: 'GET user:1', isHit: true, rowVersion: 2 });
      const snap = await sim.snapshot();
      expect(snap.stats.cacheErrors).toBe(0);
      expect(snap.cache.find((e) => e.key === 'user:1')?.version).toBe(2);
    },
  );

  it('read-through keeps the hit rate cache-aside has under the same settings', async () => {
    const SQL = await loadSqlJsNode();
    const run = async (pattern: 'cache-aside' | 'read-through') =>
      (
        await runWorkload(SQL, {
          ...DEFAULT_WORKLOAD,
          ...CDC,
          pattern,
          requests: 3000,
          rate: 500,
          keys: 50,
          seed: 7,
        })
      ).summary;
    const [aside, through] = [await run('cache-aside'), await run('read-through')];
    expect(aside.hitRate).toBeGreaterThan(0.9);
    expect(through.hitRate).toBeCloseTo(aside.hitRate ?? 0, 2);
    expect(through.cacheErrors).toBe(0);
  });
});
