// A program's command on a key of another type answers as Redis 7 does, with WRONGTYPE, in the
// step, the Redis log and the narration alike. ioredis-mock words it its own way ("Key k does not
// contain a list"): until 2026-12-06 the console translated it and the programs did not, so the
// write-behind flusher's LPOP of a queue typed in as a string (SET write-behind:queue x) answered
// "(error) Key write-behind:queue does not contain a list", a reply no Redis gives.
import { expect, it } from 'vitest';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { createTestSim } from './testSim';

const WRONGTYPE_REPLY = '(error) WRONGTYPE Operation against a key holding the wrong kind of value';

it("the flusher's LPOP of a queue that holds a string answers WRONGTYPE, in the step and the log", async () => {
  const sim = await createTestSim({ actors: ['A'], pattern: 'write-behind' });
  await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'team' } });
  while (sim.pendingStep('A')) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', WRITE_BEHIND_QUEUE, 'x'] });
  let steps = 0;
  while ((await sim.step()) !== null) expect(++steps).toBeLessThan(10);
  const snap = await sim.snapshot();
  const lpop = snap.events.find((e) => e.command.startsWith('LPOP'));
  expect(lpop?.reply).toBe(WRONGTYPE_REPLY);
  const logged = snap.redisLog.filter((e) => e.argv[0] === 'LPOP');
  expect(logged.map((e) => e.error)).toEqual([WRONGTYPE_REPLY.slice('(error) '.length)]);
});
