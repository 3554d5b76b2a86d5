import { describe, expect, it } from 'vitest';
import type { Simulation } from './simulation';
import { createTestSim } from './testSim';

async function drain(sim: Simulation): Promise<void> {
  while (sim.readyActors().length > 0) await sim.dispatch({ type: 'step' });
}

const trace = async (sim: Simulation) =>
  (await sim.snapshot()).events.map((e) => `${e.startMs} ${e.actor} ${e.command.split(' ')[0]}`);

describe('schedulers', () => {
  it('manual: a plain step goes to the first actor with work, each step advancing the clock by its latency', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'] });
    await sim.dispatch({ type: 'read', actor: 'B', id: 7 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 8 });
    await drain(sim);
    expect(await trace(sim)).toEqual([
      '0 A GET',
      '0.3 A SELECT',
      '2.3 A SET',
      '2.6 B GET',
      '2.9 B SELECT',
      '4.9 B SET',
    ]);
  });

  it('scripted: steps follow the script, then fall back to manual order', async () => {
    const sim = await createTestSim({
      actors: ['R', 'W'],
      scheduler: 'scripted',
      script: ['R', 'R', 'W', 'W', 'R'],
    });
    await sim.dispatch({ type: 'read', actor: 'R', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'W', id: 1, changes: { name: 'New' } });
    await drain(sim);
    const snap = await sim.snapshot();
    expect(snap.events.map((e) => `${e.actor} ${e.command.split(' ')[0]}`)).toEqual([
      'R GET',
      'R SELECT',
      'W UPDATE',
      'W DEL',
      'R SET',
    ]);
    // The script is the design's stale set.
    expect(snap.cache[0]).toMatchObject({ key: 'user:1', isStale: true });
  });

  it('timed: actors overlap; two cold readers both miss and both query the database (a stampede)', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], scheduler: 'timed' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    await drain(sim);
    expect(await trace(sim)).toEqual([
      '0 A GET',
      '0 B GET',
      '0.3 A SELECT',
      '0.3 B SELECT',
      '2.3 A SET',
      '2.3 B SET',
    ]);
    expect((await sim.snapshot()).stats).toMatchObject({ reads: 2, misses: 2, dbReads: 2 });
  });

  it('timed with single-flight: the second reader waits for the fill of the first', async () => {
    const sim = await createTestSim({
      actors: ['A', 'B'],
      scheduler: 'timed',
      readMitigation: 'single-flight',
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    await drain(sim);
    // B's first GET misses (counted as it answers), it waits for the lock, then hits.
    expect((await sim.snapshot()).stats).toMatchObject({
      reads: 2,
      misses: 2,
      hits: 1,
      dbReads: 1,
    });
  });

  it('the same config and actions give the same timed run', async () => {
    const run = async () => {
      const sim = await createTestSim({ actors: ['A', 'B', 'C'], scheduler: 'timed', seed: 5 });
      for (const [actor, id] of [
        ['A', 1],
        ['B', 1],
        ['C', 2],
      ] as const)
        await sim.dispatch({ type: 'read', actor, id });
      await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'pro' } });
      await drain(sim);
      return trace(sim);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('Simulation.run', () => {
  it('runs every program to the end and returns the steps taken, which form the trace', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 3 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 3, changes: { plan: 'pro' } });
    const taken = await sim.run();
    expect(taken.map((e) => e.command.split(' ')[0])).toEqual([
      'GET',
      'SELECT',
      'SET',
      'UPDATE',
      'DEL',
    ]);
    expect(sim.trace).toEqual(taken);
    expect(sim.readyActors()).toEqual([]);
    expect(await sim.step()).toBeNull();
  });

  it('stops before a step due after the given virtual time (timed)', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], scheduler: 'timed' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    // GETs go out at 0 and take effect at 0.15, SELECTs at 0.3 and 1.3, SETs at 2.3 and 2.45.
    const taken = await sim.run(2);
    expect(taken.map((e) => `${e.startMs} ${e.actor} ${e.command.split(' ')[0]}`)).toEqual([
      '0 A GET',
      '0 B GET',
      '0.3 A SELECT',
      '0.3 B SELECT',
    ]);
    expect(sim.readyActors()).toEqual(['A', 'B']);
  });
});

describe('timed step times', () => {
  it('keep whole microseconds, and a step ends when its reply arrives', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], scheduler: 'timed' });
    for (const id of [1, 2, 3]) await sim.dispatch({ type: 'read', actor: 'A', id });
    await sim.dispatch({ type: 'read', actor: 'B', id: 1 });
    const events = await sim.run();
    for (const e of events) {
      expect(Math.round(e.startMs * 1000) / 1000).toBe(e.startMs);
      expect(e.endMs).toBeGreaterThan(e.startMs);
    }
    expect(events.find((e) => e.command.startsWith('SELECT'))).toMatchObject({
      startMs: 0.3,
      endMs: 2.3,
    });
  });

  it('move the clock to whole microseconds, to the time a step took effect as its event says', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], scheduler: 'timed' });
    for (const id of [1, 2, 3, 4]) {
      await sim.dispatch({ type: 'read', actor: 'A', id });
      await sim.dispatch({ type: 'write', actor: 'B', id, changes: { name: 'x' } });
    }
    const clocks: number[] = [];
    for (let e = await sim.step(); e !== null; e = await sim.step()) {
      const { clockMs } = await sim.snapshot();
      clocks.push(clockMs);
      // Until 2026-12-06 the clock was the sum of two doubles: 2.4499999999999997 for 2.45.
      expect(clockMs).toBe(e.effectMs);
    }
    expect(clocks).toContain(2.45);
    expect(clocks.every((ms) => Math.round(ms * 1000) / 1000 === ms)).toBe(true);
  });
});

describe('snapshot.nextActor', () => {
  it('names who a plain step moves next, without moving anyone (scripted and timed)', async () => {
    const scripted = await createTestSim({
      actors: ['R', 'W'],
      scheduler: 'scripted',
      script: ['W', 'R'],
    });
    await scripted.dispatch({ type: 'read', actor: 'R', id: 1 });
    await scripted.dispatch({ type: 'write', actor: 'W', id: 1, changes: { plan: 'pro' } });
    expect((await scripted.snapshot()).nextActor).toBe('W');
    expect((await scripted.snapshot()).nextActor).toBe('W');
    expect((await scripted.step())?.actor).toBe('W');
    expect((await scripted.snapshot()).nextActor).toBe('R');

    const timed = await createTestSim({ actors: ['A', 'B'], scheduler: 'timed' });
    await timed.dispatch({ type: 'read', actor: 'A', id: 2 });
    await timed.dispatch({ type: 'read', actor: 'B', id: 3 });
    await timed.step(); // A GET at 0; A is next due at 0.3, B at 0
    expect((await timed.snapshot()).nextActor).toBe('B');
    await timed.run();
    expect((await timed.snapshot()).nextActor).toBeNull();
  });
});

describe('timed: a step taken after its due time', () => {
  const timesOf = async (sim: Simulation, actor: string) =>
    (await sim.snapshot()).events
      .filter((e) => e.actor === actor)
      .map((e) => ({
        command: e.command.split(' ')[0],
        start: e.startMs,
        effect: e.effectMs,
        end: e.endMs,
      }));
  const expectLatencies = (steps: Awaited<ReturnType<typeof timesOf>>) => {
    for (const [i, s] of steps.entries()) {
      expect(s.start).toBeLessThanOrEqual(s.effect);
      expect(s.end).toBeGreaterThan(s.effect);
      if (i > 0) expect(s.effect).toBeGreaterThan(steps[i - 1].end);
    }
  };

  it('an actor stepped out of turn: its request goes on taking each step’s latency, not all at once', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], scheduler: 'timed' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.dispatch({ type: 'read', actor: 'B', id: 6 });
    // B's whole read first (its SET takes effect at 2.45 ms), then A's, due since 0.15 ms.
    for (const actor of ['B', 'B', 'B', 'A', 'A', 'A'])
      await sim.dispatch({ type: 'stepActor', actor });
    const a = await timesOf(sim, 'A');
    expect(a.map((s) => s.command)).toEqual(['GET', 'SELECT', 'SET']);
    // The GET takes effect when it is stepped; the SELECT and SET follow at their latencies.
    expect(a.map((s) => Math.round(s.effect * 1000) / 1000)).toEqual([2.45, 3.6, 4.75]);
    expectLatencies(a);
  });

  it('after a clock jump: a write’s DEL comes its latency after its UPDATE, not at the same instant', async () => {
    const sim = await createTestSim({ actors: ['A'], scheduler: 'timed' });
    await sim.dispatch({ type: 'write', actor: 'A', id: 5, changes: { plan: 'free' } });
    await sim.dispatch({ type: 'advanceClock', ms: 1000 });
    await drain(sim);
    const a = await timesOf(sim, 'A');
    expect(a.map((s) => s.command)).toEqual(['UPDATE', 'DEL']);
    expect(a[0].effect).toBe(1000);
    expectLatencies(a);
  });
});
