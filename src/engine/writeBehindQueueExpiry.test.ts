// A write-behind queue given a TTL in the console (EXPIRE write-behind:queue 1) expires when the
// clock passes it: its writes are lost then, as they are at a DEL of the queue. Until 2026-12-06
// a clock move past the expiry left Writes waiting at 1 beside a Redis panel without the queue,
// and Writes lost at 0, until the flusher's next LPOP found the queue gone.
import { expect, it } from 'vitest';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { createTestSim } from './testSim';

it('a queue that expires as the clock moves loses its writes at once', async () => {
  const sim = await createTestSim({ actors: ['A'], pattern: 'write-behind' });
  await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'team' } });
  while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  await sim.dispatch({
    type: 'redis',
    actor: 'console',
    argv: ['EXPIRE', WRITE_BEHIND_QUEUE, '1'],
  });
  expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });

  await sim.dispatch({ type: 'advanceClock', ms: 500 });
  expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });

  await sim.dispatch({ type: 'advanceClock', ms: 1000 });
  const snap = await sim.snapshot();
  expect(snap.cache.some((e) => e.key === WRITE_BEHIND_QUEUE)).toBe(false);
  expect(snap.stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  expect(snap.stats.consistency).toMatchObject({ writes: 1, within60s: 0 });
  expect(snap.stats.consistency?.pending).toBeUndefined();
});
