import { describe, expect, it } from 'vitest';
import { exploreInterleavings } from './explorer';
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
