import { describe, expect, it } from 'vitest';
import type { StepEvent } from './stepEvent';
import { createTestSim } from './testSim';

describe('Simulation: finishActor', () => {
  it("steps one actor until its request and those queued after it are done, leaving the others' alone", async () => {
    const sim = await createTestSim({ actors: ['A', 'B'] });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 2 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'New' } });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.map((e) => `${e.actor} ${e.command.split(' ')[0]} ${e.key}`)).toEqual([
      'A GET user:1',
      'A SELECT user:1',
      'A SET user:1',
      'A GET user:2',
      'A SELECT user:2',
      'A SET user:2',
    ]);
    expect(sim.readyActors()).toEqual(['B']);
    // Nothing left to do: no step, no event.
    expect(await sim.dispatch({ type: 'finishActor', actor: 'A' })).toEqual([]);
  });

  it('takes the extra steps a lease makes a read take when its fill is refused', async () => {
    const sim = await createTestSim({ actors: ['A', 'B'], readMitigation: 'lease' });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { name: 'New' } });
    // A: GET nil, lease; B: UPDATE, DEL (the key and A's lease); A: SELECT; then A reads again.
    for (const actor of ['A', 'A', 'B', 'B', 'A']) await sim.dispatch({ type: 'stepActor', actor });
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    const events = (await sim.dispatch({ type: 'finishActor', actor: 'A' })) as StepEvent[];
    expect(events.map((e) => `${e.command.split(' ')[0]} ${e.reply}`)).toEqual([
      'EVAL (integer) 0',
      'GET (nil)',
      'SET OK',
      expect.stringMatching(/^SELECT /),
      'EVAL (integer) 1',
    ]);
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:1')).toMatchObject({
      version: 2,
      isStale: false,
    });
    expect(snap.results.at(-1)).toMatchObject({
      kind: 'read',
      version: 2,
      verdict: { isStale: false },
    });
  });
});
