// A beat under versioned fills or leases can send two different scripts, whose texts cut to fit a
// line read alike ("EVAL 'local cur = redis.call('GET', ..."): each step's event names the
// engine's script it sends, so the diagrams can tell a reader's fill from a writer's invalidation.
import { expect, it } from 'vitest';
import { createTestSim } from './testSim';

it('versioned-fill: the stale-set race names the writer’s INVALIDATE_IF_OLDER and the reader’s FILL_IF_NEWER', async () => {
  const sim = await createTestSim({ readMitigation: 'versioned-fill' });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  await sim.dispatch({ type: 'write', actor: 'B', id: 1, changes: { plan: 'team' } });
  for (const actor of ['A', 'A', 'B']) await sim.dispatch({ type: 'stepActor', actor });
  // Before it runs, the writer's next step is named too (the actor's box says "next: ...").
  const before = await sim.snapshot();
  expect(before.actors.find((a) => a.name === 'B')?.pending?.script?.name).toBe(
    'INVALIDATE_IF_OLDER',
  );
  for (const actor of ['B', 'A']) await sim.dispatch({ type: 'stepActor', actor });
  const snap = await sim.snapshot();
  const evals = snap.events.filter((e) => e.command.startsWith('EVAL'));
  expect(evals.map((e) => [e.actor, e.script?.command, e.reply])).toEqual([
    ['B', 'EVAL INVALIDATE_IF_OLDER 1 user:1 2 EX 3600', '(integer) 1'],
    [
      'A',
      expect.stringMatching(/^EVAL FILL_IF_NEWER 1 user:1 '\{"id":1,.*' 1 EX 3600$/),
      '(integer) 0',
    ],
  ]);
  // The text as sent is kept for the log and the narration; only the diagrams write the name.
  expect(evals[0].command).toMatch(/^EVAL 'local cur = redis\.call/);
});

it('lease: the fill names FILL_IF_LEASE_HOLDS; a plain command and the console’s script are not named', async () => {
  const sim = await createTestSim({ readMitigation: 'lease', actors: ['A'] });
  await sim.dispatch({ type: 'redis', actor: 'console', argv: ['EVAL', 'return 1', '0'] });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  while (sim.readyActors().length) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  const snap = await sim.snapshot();
  expect(snap.events.map((e) => e.script?.name ?? e.command.split(' ')[0])).toEqual([
    'EVAL',
    'GET',
    'SET',
    'SELECT',
    'FILL_IF_LEASE_HOLDS',
  ]);
});
