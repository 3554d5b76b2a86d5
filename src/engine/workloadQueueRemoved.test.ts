// The workload lab (and `npm run sim`) under write-behind, when the queue goes by something other
// than the application's own RPUSH and LPOP: an eviction under Max keys, or a read path of the
// learner's that deletes or replaces it (a DEL, a script, a COPY over it). Its writes are lost
// at that step, as the sandbox counts them. Until 2026-12-06 the lab counted them only when the
// next RPUSH answered a shorter list or the flusher's LPOP found the queue gone: a run stopped
// before then said "pending, not in the database yet" of writes no store held any more. Each run
// stops before the flusher's first LPOP (a second in), and its own Redis is read after it: every
// write still pending is one the queue holds.
import { expect, it } from 'vitest';
import { learnerReadFirst } from '../platform/learnerReadFirst';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { WRITE_BEHIND_QUEUE } from './programs/cacheLayer';
import { createMockRedisServer, dropMockRedisServer } from './redisMock';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from './workload';
import type { WorkloadHooks } from './workloadHooks';

async function stoppedRun(
  config: Partial<WorkloadConfig>,
  hooks: WorkloadHooks = {},
  isStopAt: (p: { done: number; hasQueue: boolean }) => boolean = ({ done }) => done >= 200,
) {
  const server = createMockRedisServer();
  // A connection of the test's own, to read the run's keyspace as a report comes in and after.
  const look = server() as unknown as {
    exists(key: string): Promise<number>;
    lrange(key: string, start: number, stop: number): Promise<string[]>;
    disconnect(): void;
  };
  let isStopped = false;
  try {
    const { summary } = await runWorkload(
      await loadSqlJsNode(),
      {
        ...DEFAULT_WORKLOAD,
        pattern: 'write-behind',
        requests: 400,
        rate: 400,
        readRatio: 0.7,
        seed: 5,
        ...config,
      },
      {
        ...hooks,
        connect: server,
        progressEvery: 1,
        onProgress: async ({ done }) => {
          isStopped = isStopAt({ done, hasQueue: (await look.exists(WRITE_BEHIND_QUEUE)) === 1 });
        },
        shouldStop: () => isStopped,
      },
    );
    // The application's writes the queue holds (a list copied over it holds none of them).
    const entries = await look.lrange(WRITE_BEHIND_QUEUE, 0, -1);
    const queued = entries.filter((e) => e.startsWith('{"id":')).length;
    return { summary, queued };
  } finally {
    look.disconnect();
    await dropMockRedisServer(server);
  }
}

it('counts the writes of a queue evicted under Max keys lost at the eviction', async () => {
  // Stopped at the first report that finds the queue evicted, before another write queues.
  let hadQueue = false;
  const { summary, queued } = await stoppedRun(
    { keys: 20, maxKeys: 4, eviction: 'allkeys-random' },
    {},
    ({ hasQueue }) => {
      if (hasQueue) hadQueue = true;
      return hadQueue && !hasQueue;
    },
  );
  expect(queued).toBe(0);
  expect(summary.writeBehind.flushed).toBe(0);
  expect(summary.writeBehind.lostBy?.removed).toBeGreaterThan(0);
  expect(summary.consistency?.pending ?? 0).toBe(queued);
  expect(summary.writeBehind.lost + queued).toBe(summary.writes);
});

it.each([
  ['a DEL of it', `yield redis('DEL', 'write-behind:queue');`],
  [
    'a script that deletes it',
    `yield redis('EVAL', "return redis.call('DEL', 'write-behind:queue')", '0');`,
  ],
  [
    'a COPY over it',
    `yield redis('DEL', 'other'); yield redis('RPUSH', 'other', 'x'); yield redis('COPY', 'other', 'write-behind:queue', 'REPLACE');`,
  ],
])('counts the writes lost at %s in a read path of the learner’s', async (_, code) => {
  const { summary, queued } = await stoppedRun(
    { keys: 3 },
    { programs: await learnerReadFirst(code) },
  );
  expect(summary.writeBehind.flushed).toBe(0);
  expect(queued).toBeLessThan(summary.writes);
  expect(summary.consistency?.pending ?? 0).toBe(queued);
  expect(summary.writeBehind.lost + queued).toBe(summary.writes);
});

// A read path that deletes the queue and returns the cached copy unchanged: a write's copy whose
// queued entry it deleted is a row the database never had, and the run ends there. Until
// 2026-12-06 the lab said "The command log does not show which command stored it" (the lab keeps
// no command log): the cause is that the queue lost that write, and the message says so.
it('says a copy the read returned is of a write the queue lost', async () => {
  const programs = await learnerReadFirst(`const cached = yield redis('GET', cacheKey(id));
  yield redis('DEL', 'write-behind:queue');
  if (cached !== null) return cached;`);
  await expect(stoppedRun({ keys: 3 }, { programs })).rejects.toThrow(
    /a row the database never had: user \d+ at version \d+, a version the database never committed \(it has version \d+\)\. It is the cache's copy of a write-behind write the queue lost before its flush \(the queue was deleted, evicted or expired, or the flusher's UPDATE was refused\): the application acknowledged it, and the database never gets it \(Writes lost counts it\)/,
  );
});
