import { describe, expect, it } from 'vitest';
import { Cache } from '../cache';
import { VirtualClock } from '../clock';
import { createMockRedisServer } from '../redisMock';
import { Rng } from '../rng';
import { createTestSim } from '../testSim';
import { FILL_IF_NEWER, isTombstone, tombstone } from './readVersionedFill';

const row = (version: number) => JSON.stringify({ id: 1, name: `v${version}`, version });

describe('FILL_IF_NEWER (the versioned fill script)', () => {
  async function fill(
    current: string | null,
    version: number,
  ): Promise<{ reply: unknown; after: unknown }> {
    const cache = new Cache(new VirtualClock(), new Rng(1), createMockRedisServer());
    if (current !== null) await cache.exec('W', ['SET', 'user:1', current]);
    const reply = await cache.exec('R', [
      'EVAL',
      FILL_IF_NEWER,
      '1',
      'user:1',
      row(version),
      String(version),
      'EX',
      '60',
    ]);
    return { reply, after: await cache.exec('R', ['GET', 'user:1']) };
  }

  it('fills an empty key', async () => {
    expect(await fill(null, 1)).toEqual({ reply: 1, after: row(1) });
  });

  it('replaces only an older cached row; the same or a newer one is kept', async () => {
    expect(await fill(row(2), 3)).toEqual({ reply: 1, after: row(3) });
    expect(await fill(row(3), 3)).toEqual({ reply: 0, after: row(3) });
    expect(await fill(row(4), 3)).toEqual({ reply: 0, after: row(4) });
  });

  it("a tombstone refuses rows older than it and accepts its own version's row", async () => {
    expect(await fill(tombstone(3), 2)).toEqual({ reply: 0, after: tombstone(3) });
    expect(await fill(tombstone(3), 3)).toEqual({ reply: 1, after: row(3) });
    expect(isTombstone(tombstone(3))).toBe(true);
    expect(isTombstone(row(3))).toBe(false);
  });
});

describe('readVersionedFill', () => {
  it('refuses the fill of a row older than the writer left: R GET; R SELECT v1; W UPDATE v2; W tombstone v2; R fill v1', async () => {
    const sim = await createTestSim({ actors: ['R', 'W'], readMitigation: 'versioned-fill' });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    for (const actor of ['R', 'R', 'W', 'W', 'R']) await sim.dispatch({ type: 'stepActor', actor });
    let snap = await sim.snapshot();
    expect(snap.events.map((e) => `${e.actor} ${e.label} ${e.reply}`)).toEqual([
      'R get (nil)',
      'R select 1 row',
      'W update 1 row changed (version 2)',
      'W del (integer) 1',
      'R fill (integer) 0',
    ]);
    expect(snap.results[1]).toMatchObject({ actor: 'R', filledVersion: null, version: 1 });
    expect(snap.stats.staleFills).toBe(0);
    expect(snap.cache).toEqual([
      expect.objectContaining({ key: 'user:1', value: tombstone(2), isStale: false }),
    ]);

    // The next read treats the tombstone as a miss and fills the current row over it.
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    snap = await sim.snapshot();
    expect(snap.events.at(-3)).toMatchObject({ label: 'get', isMiss: true, isHit: false });
    expect(snap.results.at(-1)).toMatchObject({ isHit: false, filledVersion: 2, version: 2 });
    expect(snap.cache[0]).toMatchObject({ version: 2, isStale: false });
    expect(isTombstone(snap.cache[0].value)).toBe(false);

    // And the one after that hits.
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    snap = await sim.snapshot();
    expect(snap.results.at(-1)).toMatchObject({ isHit: true, version: 2 });
    expect(snap.stats.staleReads).toBe(0);
  });
});
