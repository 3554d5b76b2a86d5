import { describe, expect, it } from 'vitest';
import { countEstimate } from './interleavingCount';
import { exploreQueued } from './interleavingGrid';
import type { SimAction } from './simAction';
import { loadSqlJsNode } from '../platform/sqlJsNode';

// Invalidation from the change log, explored: the writer only UPDATEs, and the consumer (actor
// `cdc`, started by that UPDATE) polls the change log, waits out its lag, and DELs the key.
// Its steps interleave with the requests' like any actor's.
const cold: SimAction[] = [
  { type: 'read', actor: 'A', id: 1 },
  { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
];
const cdc = { actors: ['A', 'B'], invalidation: 'cdc' as const };

describe('exploreQueued under invalidation from the change log', () => {
  it('counts the consumer as an actor that starts after the UPDATE: C(8,3) = 56 orders, not 8!/(3!1!4!)', async () => {
    const { estimate, steps } = await countEstimate(await loadSqlJsNode(), {
      config: cdc,
      setup: cold,
    });
    // A: GET, SELECT, SET; B: UPDATE only; cdc: poll, lag, DEL, poll (nothing left: it ends).
    expect(steps).toEqual({ A: 3, B: 1, cdc: 4 });
    expect(estimate).toBe(56);
  });

  it('a cold read racing a write: the fill after the consumer DEL leaves version 1 cached; versioned-fill refuses it', async () => {
    const SQL = await loadSqlJsNode();
    const plain = await exploreQueued(SQL, { config: cdc, setup: cold, limit: 300 });
    expect(plain).toMatchObject({ total: 56, isTotalExact: true, sampled: false });
    // Every schedule has the consumer's four steps, after B's UPDATE.
    for (const run of plain.interleavings) {
      expect(run.schedule.filter((a) => a === 'cdc')).toHaveLength(4);
      expect(run.schedule.indexOf('cdc')).toBeGreaterThan(run.schedule.indexOf('B'));
      expect(run.dbReads).toBe(1);
    }
    // Stale entries: A SELECTs version 1 before the UPDATE and SETs it after the consumer's DEL
    // (A's GET missed, so no read in this race is served stale).
    const stale = plain.interleavings.filter((i) => i.outcome === 'staleCache');
    expect(stale.map((i) => i.schedule.join(' ')).sort()).toEqual([
      'A A B cdc cdc cdc A cdc',
      'A A B cdc cdc cdc cdc A',
    ]);
    expect(plain.outcomes).toEqual({ fresh: 54, staleRead: 0, staleCache: 2, error: 0 });

    const versioned = await exploreQueued(SQL, {
      config: { ...cdc, readMitigation: 'versioned-fill' },
      setup: cold,
      limit: 300,
    });
    expect(versioned.total).toBe(56);
    expect(versioned.outcomes).toEqual({ fresh: 56, staleRead: 0, staleCache: 0, error: 0 });
  });

  // A's first read fills version 1; A queues two more reads while B writes. A read counts as
  // stale only if it started after the write committed (one concurrent with the write may return
  // either version), so the stale read is A's second read, started once the first has returned.
  const warm: SimAction[] = [
    { type: 'read', actor: 'A', id: 1 },
    { type: 'stepActor', actor: 'A' },
    { type: 'stepActor', actor: 'A' },
    { type: 'stepActor', actor: 'A' },
    { type: 'read', actor: 'A', id: 1 },
    ...cold,
  ];

  it('a warm entry: a read started between the UPDATE and the consumer DEL is served version 1, and versioned-fill cannot help', async () => {
    const SQL = await loadSqlJsNode();
    for (const readMitigation of ['none', 'versioned-fill'] as const) {
      const result = await exploreQueued(SQL, {
        config: { ...cdc, readMitigation },
        setup: warm,
        limit: 300,
      });
      expect(result).toMatchObject({ total: 31, sampled: false });
      const staleReads = result.interleavings.filter((i) => i.outcome === 'staleRead');
      // Both of A's GETs hit after B's UPDATE and before the consumer's DEL (its third step).
      expect(staleReads.map((i) => i.schedule.join(' ')).sort()).toEqual([
        'B A A cdc cdc cdc cdc',
        'B A cdc A cdc cdc cdc',
        'B A cdc cdc A cdc cdc',
        'B cdc A A cdc cdc cdc',
        'B cdc A cdc A cdc cdc',
        'B cdc cdc A A cdc cdc',
      ]);
      expect(staleReads.every((i) => i.staleReads === 1)).toBe(true);
      expect(result.outcomes).toMatchObject({ staleRead: 6, staleCache: 0, error: 0 });
    }
  });

  it('under app invalidation the same reads are stale in one order only: between the UPDATE and its DEL', async () => {
    const result = await exploreQueued(await loadSqlJsNode(), {
      config: { actors: ['A', 'B'] },
      setup: warm,
      limit: 300,
    });
    expect(result.interleavings.every((i) => !i.schedule.includes('cdc'))).toBe(true);
    expect(result.total).toBe(6);
    expect(
      result.interleavings
        .filter((i) => i.outcome === 'staleRead')
        .map((i) => i.schedule.join(' ')),
    ).toEqual(['B A A B']);
  });

  it('above the limit the seeded sample keeps the consumer after the UPDATE that starts it', async () => {
    const SQL = await loadSqlJsNode();
    const request = { config: cdc, setup: cold, limit: 20, sampleSeed: 3 };
    const a = await exploreQueued(SQL, request);
    expect(a).toMatchObject({ total: 56, sampled: true });
    expect(a.interleavings).toHaveLength(20);
    for (const run of a.interleavings)
      expect(run.schedule.indexOf('cdc')).toBeGreaterThan(run.schedule.indexOf('B'));
    const b = await exploreQueued(SQL, request);
    expect(b.interleavings.map((i) => i.schedule)).toEqual(a.interleavings.map((i) => i.schedule));
  });
});
