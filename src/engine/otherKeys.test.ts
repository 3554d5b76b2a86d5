// A learner's read path may cache a row under any key (`profile:1`, not `user:1`): the cached
// JSON names the user and its version, and that is what the STALE badge, the explorer and the
// consistency tracker judge, as they judge `user:<id>`.
import { describe, expect, it } from 'vitest';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { ConsistencyTracker } from './consistency';
import { exploreQueued } from './interleavingGrid';
import type { LearnerSources } from './programs/learner';
import { READ_STARTER } from './programs/learnerSources';
import { Simulation } from './simulation';
import type { SimAction } from './simAction';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

const PROFILE_READ = READ_STARTER.replace(
  'const key = cacheKey(id);',
  "const key = 'profile:' + id;",
);

async function compiled(sources: LearnerSources) {
  const c = compileSources(await loadQuickJsNode(), sources);
  if (!c.ok) throw new Error(c.message);
  return c;
}

describe('a user row cached under another key than user:<id>', () => {
  // `user:1e1` is not user 10's key (`user:10` is): it is known by its JSON, as profile:1 is.
  it.each([
    ['profile:1', PROFILE_READ],
    ['user:1e1', READ_STARTER.replace('const key = cacheKey(id);', "const key = 'user:1e' + id;")],
  ])('%s: is badged STALE in the sandbox once the row is written', async (key, read) => {
    expect(read).not.toBe(READ_STARTER);
    const c = await compiled({ read });
    const sim = Simulation.create(await loadSqlJsNode(), {
      actors: ['A', 'B'],
      rows: 10,
      programs: c.programs,
    });
    const drain = async () => {
      for (let ready = sim.readyActors(); ready.length > 0; ready = sim.readyActors())
        await sim.dispatch({ type: 'stepActor', actor: ready[0] });
    };
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await drain();
    expect((await sim.snapshot()).cache.find((e) => e.key === key)).toMatchObject({
      version: 1,
      isStale: false,
    });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'New' } });
    await drain();
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === key)).toMatchObject({
      version: 1,
      isStale: true,
    });
    // Back rebuilds the view from a checkpoint: the badge is rejudged the same way.
    expect(snap.db.find((r) => r.id === 1)?.version).toBe(2);
    sim.runtime.close();
    c.dispose();
  });

  it('is judged by the explorer: orders that leave profile:1 behind the row are not fresh', async () => {
    const c = await compiled({ read: PROFILE_READ });
    const setup: SimAction[] = [
      { type: 'read', actor: 'A', id: 1 },
      { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
    ];
    const result = await exploreQueued(
      await loadSqlJsNode(),
      { config: { actors: ['A', 'B'] }, setup, limit: 100 },
      undefined,
      c.programs,
    );
    c.dispose();
    expect(result.sampled).toBe(false);
    // Our write path deletes user:1, never profile:1: every order where A's SELECT comes
    // before B's UPDATE leaves version 1 behind (3 of the 10), not only the stale-set race's.
    expect(result).toMatchObject({ total: 10, isTotalExact: true });
    expect(result.outcomes.staleCache).toBe(3);
    const stale = result.interleavings.find((i) => i.outcome === 'staleCache');
    expect(stale?.isCacheStaleAtEnd).toBe(true);
  });

  it('counts in the lab’s consistency: a write it never invalidates is not consistent', async () => {
    const c = await compiled({ read: PROFILE_READ });
    const config = { ...DEFAULT_WORKLOAD, requests: 3000, keys: 10, readRatio: 0.8 };
    const { summary } = await runWorkload(await loadSqlJsNode(), config, {
      programs: c.programs,
    });
    c.dispose();
    expect(summary.staleReads).toBeGreaterThan(0);
    expect(summary.consistency?.within1s).toBeLessThan(0.5);
  });
});

describe('ConsistencyTracker with rows under other keys', () => {
  it('a write is consistent once no key holds an older version, whichever key it is', () => {
    const t = new ConsistencyTracker(3);
    t.cached(1, 1, 10_000, 0);
    t.cachedUnder('profile:1', 1, 1, 5_000, 0);
    t.committed(1, 2, 100);
    // The writer deletes user:1; profile:1 still holds version 1 until it expires at 5 s.
    t.cached(1, 0, Infinity, 100);
    expect(t.summary(200)).toMatchObject({ writes: 1, within1s: 0, within10s: 1 });
    const saved = new ConsistencyTracker(3);
    saved.loadState(t.saveState());
    expect(saved.summary(200)).toEqual(t.summary(200));
    // Deleted at 300 ms instead: consistent within 1 s.
    t.cachedUnder('profile:1', 0, 0, Infinity, 300);
    expect(t.summary(400)).toMatchObject({ within1s: 1 });
  });

  it('an entry that expires stops holding its version when it expires', () => {
    const t = new ConsistencyTracker(3);
    t.cachedUnder('profile:2', 2, 1, 1_500, 0);
    t.committed(2, 2, 1_000);
    // Anything that touches row 2 later settles the expiry at 1.5 s: 500 ms after the write.
    t.cached(2, 2, Infinity, 20_000);
    expect(t.summary(20_000)).toMatchObject({ within1s: 1 });
  });
});
