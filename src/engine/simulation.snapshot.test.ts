// A snapshot's cost does not grow with the history behind it (issue 13.4): each step event and
// request result is copied once and shared, frozen, by every later snapshot. Sharing must never
// let a later step change what an earlier snapshot says.

import { describe, expect, it } from 'vitest';
import { createTestSim } from './testSim';

async function readToEnd(sim: Awaited<ReturnType<typeof createTestSim>>, id: number) {
  await sim.dispatch({ type: 'read', actor: 'A', id });
  while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
}

describe('Simulation.snapshot: history is copied once', () => {
  it('shares earlier events and results, frozen, and keeps earlier snapshots as they were', async () => {
    const sim = await createTestSim({ seed: 3 });
    await readToEnd(sim, 1);
    const first = await sim.snapshot();
    await readToEnd(sim, 1);
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET plan = 'x' WHERE id = 1",
    });
    const second = await sim.snapshot();

    expect(first.events).toHaveLength(3);
    expect(second.events).toHaveLength(5);
    // The same objects: nothing re-copied.
    second.events.slice(0, 3).forEach((e, i) => expect(e).toBe(first.events[i]));
    expect(second.results[0]).toBe(first.results[0]);
    // And they cannot be changed through either snapshot.
    expect(Object.isFrozen(first.events[0])).toBe(true);
    expect(() => {
      (first.events[0] as { reply: string }).reply = 'changed';
    }).toThrow(TypeError);
    expect(first.results).toHaveLength(1);
    expect(second.results).toHaveLength(2);
    expect(first.changedCells).toEqual({});
    expect(second.changedCells[1]).toEqual(['plan', 'version', 'updated_at']);
    // A snapshot is still plain data.
    expect(structuredClone(second)).toEqual(second);
  });
});
