// A write-behind queue given a TTL in the console (EXPIRE write-behind:queue 1) expires when the
// clock passes it: its writes are lost then, as they are at a DEL of the queue. Until 2026-12-06
// a clock move past the expiry left Writes waiting at 1 beside a Redis panel without the queue,
// and Writes lost at 0, until the flusher's next LPOP found the queue gone.
import { expect, it } from 'vitest';
import { learnerReadFirst } from '../platform/learnerReadFirst';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import type { SimCreateConfig } from './simConfig';
import type { StepEvent } from './stepEvent';
import { createTestSim } from './testSim';

/**
 * A write-behind sandbox in which A's write of user 1 is queued (and acknowledged), the queue
 * then given `expire` (an EXPIRE or PEXPIRE and its time) in the console, if any.
 */
async function queuedWrite(config: SimCreateConfig, expire?: [string, string]) {
  const sim = await createTestSim({ actors: ['A'], pattern: 'write-behind', ...config });
  await sim.dispatch({ type: 'write', actor: 'A', id: 1, changes: { plan: 'team' } });
  const step =
    config.scheduler === 'timed'
      ? { type: 'step' as const }
      : { type: 'stepActor' as const, actor: 'A' };
  while (sim.pendingStep('A')) await sim.dispatch(step);
  if (expire) {
    const [command, time] = expire;
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: [command, WRITE_BEHIND_QUEUE, time],
    });
  }
  return sim;
}

it('a queue that expires as the clock moves loses its writes at once', async () => {
  const sim = await queuedWrite({}, ['EXPIRE', '1']);
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

// The same expiry during a step: the flusher's own wait (1 s) passes the queue's TTL. Until
// 2026-12-06 the wait's step left Writes waiting at 1 and Writes lost at 0 beside a Redis panel
// without the queue, until the flusher's LPOP found it gone.
it('a queue that expires during the flusher’s wait loses its writes at that step', async () => {
  const sim = await queuedWrite({}, ['PEXPIRE', '300']);
  expect(sim.pendingStep('flusher')).toMatchObject({ target: 'wait', label: 'wait' });

  const wait = (await sim.dispatch({ type: 'stepActor', actor: 'flusher' })) as StepEvent;
  const snap = await sim.snapshot();
  expect(snap.cache.some((e) => e.key === WRITE_BEHIND_QUEUE)).toBe(false);
  expect(snap.stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  expect(snap.stats.consistency).toMatchObject({ writes: 1, within60s: 0 });
  expect(snap.stats.consistency?.pending).toBeUndefined();
  expect(wait.lostWrites).toBe(1);
  expect(wait.note).toBe(
    `The write-behind queue's TTL ran out at 0.302 s, during this step: Redis removed ${WRITE_BEHIND_QUEUE} with 1 write the application had queued and acknowledged (user 1's, queued at 0.0026 s): it never reaches the database, and Writes lost counts it.`,
  );
  // The flusher's LPOP then finds the queue gone and counts nothing twice.
  await sim.dispatch({ type: 'finishActor', actor: 'flusher' });
  expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
});

// A reader's step of a few ms passes the expiry too: the writes go at that step, not later.
it('a queue that expires during another actor’s step loses its writes at that step', async () => {
  const sim = await queuedWrite({ actors: ['A', 'B'] }, ['PEXPIRE', '1']);
  await sim.dispatch({ type: 'read', actor: 'B', id: 1 });
  const get = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
  expect(get.lostWrites).toBe(1);
  expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
});

// A line of the SQL console that writes takes the database's write latency: the clock moves.
it('a queue that expires during an UPDATE typed in the SQL console loses its writes at that line', async () => {
  const sim = await queuedWrite({}, ['PEXPIRE', '2']);
  await sim.dispatch({
    type: 'sql',
    actor: 'console',
    sql: "UPDATE users SET name = 'x' WHERE id = 2",
  });
  const snap = await sim.snapshot();
  expect(snap.stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  const line = snap.events.at(-1);
  expect(line).toMatchObject({ program: 'console', target: 'db', lostWrites: 1 });
  expect(line?.note).toMatch(/^The write-behind queue's TTL ran out at [\d.]+ s, during this line/);
});

// Under the timed scheduler the clock moves to a step's effect before it runs: the flusher's LPOP
// a second after its wait began finds the queue expired, and its note says the TTL ran out first.
it('under the timed scheduler, the step whose effect passes the expiry says the TTL ran out before it', async () => {
  const sim = await queuedWrite({ scheduler: 'timed' }, ['PEXPIRE', '300']);
  const wait = (await sim.dispatch({ type: 'step' })) as StepEvent;
  expect(wait).toMatchObject({ actor: 'flusher', label: 'wait' });
  // The clock has not moved past the wait's start: the queue is still there.
  expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });
  const lpop = (await sim.dispatch({ type: 'step' })) as StepEvent;
  expect(lpop).toMatchObject({ actor: 'flusher', reply: '(nil)', lostWrites: 1 });
  expect(lpop.note).toMatch(
    /^The write-behind queue's TTL ran out at 0\.302 s, during the time before this step took effect: /,
  );
  expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
});

// Code of the learner's that removes the queue (a read path that sends DEL write-behind:queue)
// loses its writes at that step, as a DEL typed in the console does. Until 2026-12-06 the step
// left Writes waiting 1 and Writes lost 0 beside a Redis panel without the queue. So does code
// that removes or replaces the queue without naming it among the command's arguments: a script
// that names it in its text, a transaction whose EXEC runs the DEL, a RENAME or COPY over it.
// Until 2026-12-06 only a command naming the queue (or flushing) had it checked: a script's DEL,
// or a MULTI's DEL run by EXEC, left the same figures.
it.each([
  ['a DEL of the queue', `yield redis('DEL', 'write-behind:queue');`, '(integer) 1'],
  [
    'a script that deletes it',
    `yield redis('EVAL', "return redis.call('DEL', 'write-behind:queue')", '0');`,
  ],
  [
    'a transaction whose EXEC deletes it',
    `yield redis('MULTI'); yield redis('DEL', 'write-behind:queue'); yield redis('EXEC');`,
  ],
  [
    'a RENAME over it',
    `yield redis('RPUSH', 'other', 'x'); yield redis('RENAME', 'other', 'write-behind:queue');`,
  ],
  [
    'a COPY over it',
    `yield redis('RPUSH', 'other', 'x'); yield redis('COPY', 'other', 'write-behind:queue', 'REPLACE');`,
  ],
])(
  '%s, sent by code of the learner’s, loses its writes at that step',
  async (_, code, reply?: string) => {
    const programs = await learnerReadFirst(code);
    const sim = await queuedWrite({ actors: ['A', 'B'], programs });
    await sim.dispatch({ type: 'read', actor: 'B', id: 2 });
    let lostAt: StepEvent | undefined;
    while (lostAt === undefined && sim.pendingStep('B')?.target === 'redis') {
      const event = (await sim.dispatch({ type: 'stepActor', actor: 'B' })) as StepEvent;
      if (event.lostWrites !== undefined) lostAt = event;
    }
    expect(lostAt).toMatchObject({ lostWrites: 1 });
    if (reply) expect(lostAt?.reply).toBe(reply);
    expect((await sim.snapshot()).stats).toMatchObject({ pendingWrites: 0, lostWrites: 1 });
  },
);
