// A step's event names the key its command works on: for a script (EVAL) that is its first
// KEYS argument, not the script's text, so the page can find the row it concerns (the diagram
// marks a fill's fields that differ from that row).
import { expect, it } from 'vitest';
import { createTestSim } from './testSim';

it.each([
  ['lease', { readMitigation: 'lease' as const }],
  ['versioned-fill', { readMitigation: 'versioned-fill' as const }],
])('%s: the fill script’s event names user:1', async (_name, config) => {
  const sim = await createTestSim({ actors: ['A'], ...config });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  while (sim.readyActors().length) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  const snap = await sim.snapshot();
  const fill = snap.events.find((e) => e.command.startsWith('EVAL'));
  expect(fill?.key).toBe('user:1');
});
