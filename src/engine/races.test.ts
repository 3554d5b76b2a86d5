import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReadMitigation, WritePolicy } from './programs/catalog';
import { DEFAULT_PROGRAM_SETTINGS } from './programs/types';
import type { SimConfig } from './simConfig';
import type { Simulation } from './simulation';
import type { StepEvent } from './stepEvent';
import { createTestSim } from './testSim';

/**
 * The design's races as exact interleavings ("R GET nil; R SELECT v1; W UPDATE v2 ..."), each
 * checked for exactly the stale outcome it describes, and for the mitigation that removes it.
 */

function raceSim(
  writePolicy: WritePolicy,
  readMitigation: ReadMitigation,
  ttlSeconds: number,
  extra: Partial<SimConfig> = {},
): Promise<Simulation> {
  return createTestSim({
    actors: ['R', 'W', 'W2', 'C'],
    writePolicy,
    readMitigation,
    settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds },
    ...extra,
  });
}

/** Steps the named actors in this order; each must have a step ready. */
async function interleave(sim: Simulation, order: string[]): Promise<StepEvent[]> {
  const events: StepEvent[] = [];
  for (const actor of order) {
    const e = (await sim.dispatch({ type: 'stepActor', actor })) as StepEvent | null;
    expect(e, `${actor} has no step ready`).not.toBeNull();
    events.push(e as StepEvent);
  }
  return events;
}

const summary = (events: StepEvent[]) => events.map((e) => `${e.actor} ${e.command.split(' ')[0]}`);

/** A fresh read by the checking actor C, run to the end; its result. */
async function checkRead(sim: Simulation, id: number) {
  await sim.dispatch({ type: 'read', actor: 'C', id });
  while (sim.pendingStep('C')) await sim.dispatch({ type: 'stepActor', actor: 'C' });
  const snap = await sim.snapshot();
  return snap.results.at(-1) as Extract<(typeof snap.results)[number], { kind: 'read' }>;
}

async function cachedVersion(sim: Simulation, id: number) {
  const entry = (await sim.snapshot()).cache.find((c) => c.key === `user:${id}`);
  return entry ? { version: entry.version, isStale: entry.isStale } : null;
}

/** Time at which the last SET (or fill) of `user:<id>` ran: its TTL counts from there. */
async function lastFillMs(sim: Simulation, id: number): Promise<number> {
  const log = (await sim.snapshot()).redisLog;
  const fill = log
    .filter((l) => l.argv[0] !== 'GET' && l.argv.includes(`user:${id}`) && l.reply !== undefined)
    .at(-1);
  return fill?.timeMs as number;
}

const ttlArb = fc.integer({ min: 1, max: 120 });
const idArb = fc.integer({ min: 1, max: 50 });
const fractionArb = fc.double({ min: 0, max: 0.999, noNaN: true });

describe('stale set: R GET nil; R SELECT v1; W UPDATE v2; W DEL; R SET v1', () => {
  it('leaves v1 cached and every read stale until the TTL, then fresh (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, fractionArb, async (ttl, id, fraction) => {
        const sim = await raceSim('invalidate', 'none', ttl);
        await sim.dispatch({ type: 'read', actor: 'R', id });
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'v2' } });
        const events = await interleave(sim, ['R', 'R', 'W', 'W', 'R']);
        expect(summary(events)).toEqual(['R GET', 'R SELECT', 'W UPDATE', 'W DEL', 'R SET']);
        expect(events.map((e) => e.isStaleFill)).toEqual([false, false, false, false, true]);
        expect(await cachedVersion(sim, id)).toEqual({ version: 1, isStale: true });
        const expiresAt = Math.floor(await lastFillMs(sim, id)) + ttl * 1000;

        // Any time before the TTL ends: a stale hit.
        await sim.dispatch({
          type: 'advanceClock',
          ms: Math.max(0, (expiresAt - sim.clockMs) * fraction - 1),
        });
        const during = await checkRead(sim, id);
        expect(during).toMatchObject({
          isHit: true,
          verdict: { version: 1, committedVersion: 2, isStale: true },
        });
        expect(during.verdict?.stalenessMs).toBeLessThanOrEqual(ttl * 1000);

        // From the TTL on: a miss that reads and fills v2.
        await sim.dispatch({ type: 'advanceClock', ms: expiresAt - sim.clockMs });
        const after = await checkRead(sim, id);
        expect(after).toMatchObject({ isHit: false, verdict: { version: 2, isStale: false } });
        expect(await cachedVersion(sim, id)).toEqual({ version: 2, isStale: false });
      }),
      { seed: 42, numRuns: 20 },
    );
  });

  it('fix, lease: the writer deletes the lease with the value, so the stale fill is refused (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, async (ttl, id) => {
        const sim = await raceSim('invalidate', 'lease', ttl);
        await sim.dispatch({ type: 'read', actor: 'R', id });
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'v2' } });
        const events = await interleave(sim, ['R', 'R', 'R', 'W', 'W', 'R']);
        expect(summary(events)).toEqual([
          'R GET',
          'R SET',
          'R SELECT',
          'W UPDATE',
          'W DEL',
          'R EVAL',
        ]);
        expect(events[5]).toMatchObject({ reply: '(integer) 0', isStaleFill: false });
        expect(await cachedVersion(sim, id)).toBeNull();
        expect(await checkRead(sim, id)).toMatchObject({ verdict: { version: 2, isStale: false } });
        expect((await sim.snapshot()).stats).toMatchObject({ staleReads: 0, staleFills: 0 });
      }),
      { seed: 42, numRuns: 10 },
    );
  });

  it('fix, versioned-fill: the tombstone refuses the older fill (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, async (ttl, id) => {
        const sim = await raceSim('invalidate', 'versioned-fill', ttl);
        await sim.dispatch({ type: 'read', actor: 'R', id });
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'v2' } });
        const events = await interleave(sim, ['R', 'R', 'W', 'W', 'R']);
        expect(summary(events)).toEqual(['R GET', 'R SELECT', 'W UPDATE', 'W EVAL', 'R EVAL']);
        expect(events[4]).toMatchObject({ reply: '(integer) 0', isStaleFill: false });
        expect(await cachedVersion(sim, id)).toEqual({ version: 2, isStale: false });
        expect(await checkRead(sim, id)).toMatchObject({
          isHit: false,
          verdict: { version: 2, isStale: false },
        });
        expect(await checkRead(sim, id)).toMatchObject({
          isHit: true,
          verdict: { version: 2, isStale: false },
        });
        expect((await sim.snapshot()).stats.staleReads).toBe(0);
      }),
      { seed: 42, numRuns: 10 },
    );
  });
});

describe('versioned-fill with writers out of order: W UPDATE v2; R SELECT v2; W2 UPDATE v3; W2 tombstone v3; W tombstone v2; R fill v2', () => {
  it("the late writer's tombstone does not lower the newer one, so the older fill is still refused (property)", async () => {
    // Found by the workload (seed 2, 5,000 requests at 50,000/s over 100 keys, read ratio 0.8):
    // a writer whose tombstone was a plain SET put version 2 back over version 3's, and a reader
    // holding version 2 then filled it over its own version's tombstone: a stale fill.
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, async (ttl, id) => {
        const sim = await raceSim('invalidate', 'versioned-fill', ttl);
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'first' } });
        await sim.dispatch({ type: 'read', actor: 'R', id });
        await sim.dispatch({ type: 'write', actor: 'W2', id, changes: { name: 'second' } });
        const events = await interleave(sim, ['W', 'R', 'R', 'W2', 'W2', 'W', 'R']);
        expect(events.map((e) => `${e.actor} ${e.label}`)).toEqual([
          'W update',
          'R get',
          'R select',
          'W2 update',
          'W2 del',
          'W del',
          'R fill',
        ]);
        expect(events[6]).toMatchObject({ reply: '(integer) 0', isStaleFill: false });
        expect(await cachedVersion(sim, id)).toEqual({ version: 3, isStale: false });
        expect(await checkRead(sim, id)).toMatchObject({ verdict: { version: 3, isStale: false } });
        expect((await sim.snapshot()).stats).toMatchObject({ staleReads: 0, staleFills: 0 });
      }),
      { seed: 42, numRuns: 10 },
    );
  });
});

describe('update-cache: W1 UPDATE v1; W2 UPDATE v2; W2 SET v2; W1 SET v1', () => {
  it('leaves the older write cached while the database holds the newer (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, fc.boolean(), async (ttl, id, isCachedBefore) => {
        const sim = await raceSim('update-cache', 'none', ttl);
        if (isCachedBefore) await checkRead(sim, id);
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'first' } });
        await sim.dispatch({ type: 'write', actor: 'W2', id, changes: { name: 'second' } });
        const events = await interleave(sim, ['W', 'W2', 'W2', 'W']);
        expect(summary(events)).toEqual(['W UPDATE', 'W2 UPDATE', 'W2 SET', 'W SET']);
        // Seed row v1; W's UPDATE made v2, W2's v3. W's late SET puts v2 back over v3.
        expect(await cachedVersion(sim, id)).toEqual({ version: 2, isStale: true });
        expect((await sim.snapshot()).db.find((r) => r.id === id)).toMatchObject({
          version: 3,
          name: 'second',
        });
        expect(await checkRead(sim, id)).toMatchObject({
          isHit: true,
          verdict: { version: 2, committedVersion: 3, isStale: true },
        });
      }),
      { seed: 42, numRuns: 10 },
    );
  });

  it('fix, invalidate: the same interleaving deletes twice and the next read fills the newest (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, fc.boolean(), async (ttl, id, isCachedBefore) => {
        const sim = await raceSim('invalidate', 'none', ttl);
        if (isCachedBefore) await checkRead(sim, id);
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'first' } });
        await sim.dispatch({ type: 'write', actor: 'W2', id, changes: { name: 'second' } });
        const events = await interleave(sim, ['W', 'W2', 'W2', 'W']);
        expect(summary(events)).toEqual(['W UPDATE', 'W2 UPDATE', 'W2 DEL', 'W DEL']);
        expect(await cachedVersion(sim, id)).toBeNull();
        expect(await checkRead(sim, id)).toMatchObject({
          isHit: false,
          verdict: { version: 3, isStale: false },
        });
      }),
      { seed: 42, numRuns: 10 },
    );
  });
});

describe('delete-first: W DEL; R GET nil; R SELECT v1; R SET v1; W UPDATE v2', () => {
  it('leaves v1 cached after the update (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, async (ttl, id) => {
        const sim = await raceSim('delete-first', 'none', ttl);
        await checkRead(sim, id); // v1 cached before the write
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'v2' } });
        await sim.dispatch({ type: 'read', actor: 'R', id });
        const events = await interleave(sim, ['W', 'R', 'R', 'R', 'W']);
        expect(summary(events)).toEqual(['W DEL', 'R GET', 'R SELECT', 'R SET', 'W UPDATE']);
        expect(events[1].isMiss).toBe(true);
        expect(await cachedVersion(sim, id)).toEqual({ version: 1, isStale: true });
        expect(await checkRead(sim, id)).toMatchObject({
          isHit: true,
          verdict: { version: 1, isStale: true },
        });
      }),
      { seed: 42, numRuns: 10 },
    );
  });

  it('fix, invalidate: W UPDATE; R GET nil; R SELECT v2; R SET v2; W DEL leaves nothing stale (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, idArb, async (ttl, id) => {
        const sim = await raceSim('invalidate', 'none', ttl);
        await sim.dispatch({ type: 'write', actor: 'W', id, changes: { name: 'v2' } });
        await sim.dispatch({ type: 'read', actor: 'R', id });
        const events = await interleave(sim, ['W', 'R', 'R', 'R', 'W']);
        expect(summary(events)).toEqual(['W UPDATE', 'R GET', 'R SELECT', 'R SET', 'W DEL']);
        expect(events[3].isStaleFill).toBe(false);
        expect(await cachedVersion(sim, id)).toBeNull();
        expect(await checkRead(sim, id)).toMatchObject({ verdict: { version: 2, isStale: false } });
        expect((await sim.snapshot()).stats.staleReads).toBe(0);
      }),
      { seed: 42, numRuns: 10 },
    );
  });

  it('fix, invalidate, with v1 cached: a read between UPDATE and DEL may see v1, nothing stale remains', async () => {
    const sim = await raceSim('invalidate', 'none', 60);
    await checkRead(sim, 1);
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'v2' } });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    const events = await interleave(sim, ['W', 'R', 'W']);
    expect(summary(events)).toEqual(['W UPDATE', 'R GET', 'W DEL']);
    // That read overlapped the write, so either version is correct: it is not counted stale.
    expect(events[1]).toMatchObject({ isHit: true, isStaleRead: false });
    expect(await cachedVersion(sim, 1)).toBeNull();
    expect(await checkRead(sim, 1)).toMatchObject({ verdict: { version: 2, isStale: false } });
  });

  it.each<WritePolicy>(['invalidate', 'delete-first'])(
    '%s: of all ten interleavings of a cold read with a write, exactly those with SELECT before UPDATE and SET after DEL leave the cache stale',
    async (writePolicy) => {
      // Positions of the writer's two steps among the five.
      const orders: string[][] = [];
      for (let i = 0; i < 5; i++)
        for (let j = i + 1; j < 5; j++)
          orders.push([0, 1, 2, 3, 4].map((k) => (k === i || k === j ? 'W' : 'R')));
      let staleCount = 0;
      for (const order of orders) {
        const sim = await raceSim(writePolicy, 'none', 60);
        await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
        await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'v2' } });
        const events = summary(await interleave(sim, order));
        const at = (step: string) => events.indexOf(step);
        const expectStale = at('R SELECT') < at('W UPDATE') && at('R SET') > at('W DEL');
        const cached = await cachedVersion(sim, 1);
        expect(cached?.isStale ?? false, events.join(', ')).toBe(expectStale);
        if (expectStale) staleCount++;
      }
      // invalidate: only R GET, R SELECT, W UPDATE, W DEL, R SET. delete-first: the six where
      // the SELECT comes before the UPDATE and the SET after the DEL.
      expect(staleCount).toBe(writePolicy === 'invalidate' ? 1 : 6);
    },
  );
});

describe("double-delete: the second DEL only helps when its delay exceeds the reader's read-to-set time", () => {
  /**
   * Runs the actors' queued programs as concurrent processes: each actor's steps follow one
   * another by their latency, and the step due first runs next (ties to R).
   */
  async function runConcurrently(
    sim: Simulation,
    startMs: Record<string, number>,
  ): Promise<StepEvent[]> {
    const readyAt = { ...startMs };
    const events: StepEvent[] = [];
    for (;;) {
      const ready = sim.readyActors().sort((a, b) => readyAt[a] - readyAt[b] || a.localeCompare(b));
      if (ready.length === 0) return events;
      const e = (await sim.dispatch({ type: 'stepActor', actor: ready[0] })) as StepEvent;
      readyAt[ready[0]] += e.endMs - e.startMs;
      events.push(e);
    }
  }

  it('stale exactly when the read-to-set time exceeds the delay (property)', async () => {
    let staleRuns = 0;
    let cleanRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        async (readToSetMs, delayMs) => {
          const sim = await raceSim('double-delete', 'none', 60, {
            // The SELECT is the reader's read-to-set time; the UPDATE is instantaneous, so the
            // second DEL comes exactly `delay` after the write commits.
            dbLatency: readToSetMs,
            dbWriteLatency: 0,
            settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: 60, doubleDeleteDelayMs: delayMs },
          });
          await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
          await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'v2' } });
          // R: GET at 0, SELECT at 0.3, SET at 0.3 + readToSet.
          // W: DEL at 0.1, UPDATE at 0.4, wait, DEL again at 0.4 + delay.
          const events = summary(await runConcurrently(sim, { R: 0, W: 0.1 }));
          expect(events.slice(0, 4)).toEqual(['R GET', 'W DEL', 'R SELECT', 'W UPDATE']);
          const isStale = (await cachedVersion(sim, 1))?.isStale ?? false;
          expect(isStale).toBe(readToSetMs > delayMs);
          if (isStale) {
            staleRuns++;
            expect(events.slice(-2)).toEqual(['W DEL', 'R SET']);
          } else {
            cleanRuns++;
            expect(await cachedVersion(sim, 1)).toBeNull();
          }
        },
      ),
      { seed: 42, numRuns: 40 },
    );
    expect(staleRuns).toBeGreaterThan(5);
    expect(cleanRuns).toBeGreaterThan(5);
  });

  it("delete-first under the same timing stays stale whatever the reader's speed", async () => {
    for (const readToSetMs of [1, 50, 300]) {
      const sim = await raceSim('delete-first', 'none', 60, {
        dbLatency: readToSetMs,
        dbWriteLatency: 0,
      });
      await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
      await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'v2' } });
      await runConcurrently(sim, { R: 0, W: 0.1 });
      expect(await cachedVersion(sim, 1)).toEqual({ version: 1, isStale: true });
    }
  });
});

describe('stampede: readers that miss a hot key after it expires', () => {
  async function stampede(readMitigation: ReadMitigation, readers: number, ttl: number) {
    const names = Array.from({ length: readers }, (_, i) => `R${i + 1}`);
    const sim = await createTestSim({
      actors: [...names, 'C'],
      readMitigation,
      settings: { ...DEFAULT_PROGRAM_SETTINGS, ttlSeconds: ttl },
    });
    await checkRead(sim, 1);
    await sim.dispatch({ type: 'advanceClock', ms: ttl * 1000 });
    const selectsBefore = sim.runtime.db.reads;
    for (const r of names) await sim.dispatch({ type: 'read', actor: r, id: 1 });
    // Round-robin: every reader's GET lands before anyone refills.
    while (sim.readyActors().length)
      for (const r of names)
        if (sim.pendingStep(r)) await sim.dispatch({ type: 'stepActor', actor: r });
    const snap = await sim.snapshot();
    return { selects: sim.runtime.db.reads - selectsBefore, snap, readers: names };
  }

  it('without a mitigation, N readers send N SELECTs; with single-flight or lease, one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 30 }),
        async (n, ttl) => {
          const herd = await stampede('none', n, ttl);
          expect(herd.selects).toBe(n);
          for (const mitigation of ['single-flight', 'lease'] as const) {
            const { selects, snap } = await stampede(mitigation, n, ttl);
            expect(selects).toBe(1);
            const reads = snap.results.slice(1);
            expect(reads).toHaveLength(n);
            // Everyone got the row; all but the one that refilled got it from the cache.
            expect(reads.filter((r) => r.kind === 'read' && r.isHit)).toHaveLength(n - 1);
            expect(snap.stats.staleReads).toBe(0);
          }
        },
      ),
      { seed: 42, numRuns: 10 },
    );
  });
});

describe('lost invalidation: W UPDATE while Redis is unreachable; its DEL fails', () => {
  it('the old entry is served once Redis is back, until its TTL, and no longer (property)', async () => {
    await fc.assert(
      fc.asyncProperty(ttlArb, fractionArb, fractionArb, async (ttl, writeAt, readAt) => {
        const sim = await raceSim('invalidate', 'none', ttl);
        await checkRead(sim, 1);
        const expiresAt = Math.floor(await lastFillMs(sim, 1)) + ttl * 1000;
        // The write comes some time during the entry's life, with Redis down.
        await sim.dispatch({
          type: 'advanceClock',
          ms: Math.max(0, (expiresAt - sim.clockMs - 20) * writeAt),
        });
        await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
        await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'v2' } });
        await interleave(sim, ['W', 'W']);
        await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
        const snap = await sim.snapshot();
        expect(snap.stats).toMatchObject({ lostInvalidations: 1, cacheErrors: 1 });
        const committedAt = snap.sqlLog.at(-1)?.timeMs as number;

        // Stale for the rest of the TTL ...
        await sim.dispatch({
          type: 'advanceClock',
          ms: Math.max(0, (expiresAt - sim.clockMs - 1) * readAt),
        });
        const during = await checkRead(sim, 1);
        expect(during).toMatchObject({ isHit: true, verdict: { version: 1, isStale: true } });
        // ... a staleness the TTL bounds.
        expect(during.verdict?.stalenessMs).toBeCloseTo(sim.clockMs - committedAt, 6);
        expect(during.verdict?.stalenessMs).toBeLessThan(ttl * 1000);

        await sim.dispatch({ type: 'advanceClock', ms: expiresAt - sim.clockMs });
        expect(await checkRead(sim, 1)).toMatchObject({
          isHit: false,
          verdict: { version: 2, isStale: false },
        });
      }),
      { seed: 42, numRuns: 20 },
    );
  });
});
