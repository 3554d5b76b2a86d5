import { describe, expect, it } from 'vitest';
import { exploreInterleavings } from './explorer';
import { countRunsInFlight } from './programs/countRunsInFlight';
import { learnerReadProgram } from './programs/learner';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';

const read = { type: 'read', actor: 'R', id: 1 } as const;
const write = { type: 'write', actor: 'W', id: 1, changes: { name: 'New' } } as const;

describe('exploreInterleavings', () => {
  it('finds all C(5,2) = 10 schedules of a 3-step read (cold cache) and a 2-step invalidating write', async () => {
    const outcomes = await exploreInterleavings(await loadSqlJsNode(), { actors: ['R', 'W'] }, [
      read,
      write,
    ]);
    expect(outcomes).toHaveLength(10);
    expect(new Set(outcomes.map((o) => o.schedule.join(''))).size).toBe(10);
  });

  it('under invalidate, exactly the stale-set schedule leaves the cache stale', async () => {
    const outcomes = await exploreInterleavings(await loadSqlJsNode(), { actors: ['R', 'W'] }, [
      read,
      write,
    ]);
    const stale = outcomes.filter((o) => o.isCacheStaleAtEnd).map((o) => o.schedule.join(''));
    // R GET, R SELECT, W UPDATE, W DEL, R SET: the design's stale set.
    expect(stale).toEqual(['RRWWR']);
  });

  it('with leases no schedule leaves the cache stale', async () => {
    const outcomes = await exploreInterleavings(
      await loadSqlJsNode(),
      { actors: ['R', 'W'], readMitigation: 'lease' },
      [read, write],
    );
    expect(outcomes.length).toBeGreaterThan(10);
    expect(outcomes.filter((o) => o.isCacheStaleAtEnd)).toEqual([]);
  });
});

describe('exploreInterleavings over many runs', () => {
  it('frees each run: more than 500 interleavings of three requests all complete', async () => {
    // A and B read (GET, SELECT, SET on a cold key), C writes (UPDATE, DEL): 8!/(3!3!2!) = 560
    // orders when every read misses; hits in some orders make it fewer, never under 500 here.
    const outcomes = await exploreInterleavings(
      await loadSqlJsNode(),
      { actors: ['A', 'B', 'C'], rows: 1 },
      [
        { type: 'read', actor: 'A', id: 1 },
        { type: 'read', actor: 'B', id: 1 },
        { type: 'write', actor: 'C', id: 1, changes: { name: 'New' } },
      ],
      10_000,
    );
    expect(outcomes.length).toBeGreaterThan(500);
    expect(new Set(outcomes.map((o) => o.schedule.join(''))).size).toBe(outcomes.length);
  }, 120_000);
});

describe('exploreInterleavings with a learner’s own code', () => {
  it('ends the requests each run left part way: none is left in flight, even when the limit stops it', async () => {
    const compiled = compileLearnerProgram(
      await loadQuickJsNode(),
      'read',
      "function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return yield selectUser(id);\n}",
    );
    if (!compiled.ok) throw new Error(compiled.error);
    const counted = countRunsInFlight(compiled.program.runner);
    const config = { actors: ['R', 'W'], programs: { read: learnerReadProgram(counted.runner) } };
    // Every prefix of a schedule is a run stopped with its requests part way (until 2026-12-05
    // those learner requests were never ended), and the limit stops the search part way too.
    // A read of two steps (no SET) and a write of two: C(4,2) = 6 schedules.
    expect(await exploreInterleavings(await loadSqlJsNode(), config, [read, write])).toHaveLength(
      6,
    );
    expect(counted.inFlight()).toBe(0);
    await exploreInterleavings(await loadSqlJsNode(), config, [read, write], 3);
    expect(counted.inFlight()).toBe(0);
    compiled.program.dispose();
  });
});
