// The workload lab (and `npm run sim`) under write-behind, with a read path of the learner's that
// gives the queue a 1 ms TTL (PEXPIRE write-behind:queue 1) before it reads the database. Redis
// removes the queue as it expires, and its writes are lost then, as the sandbox counts them. A
// run stopped after 40 requests had queued 10 writes, each in a queue that expired after it; until
// 2026-12-06 the lab counted a loss only when the next RPUSH answered a shorter list or the
// flusher's LPOP found the queue gone, so its summary said 9 lost and 1 "pending, not in the
// database yet" for a write no store held any more.
import { expect, it } from 'vitest';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { learnerReadProgram } from './programs/learner';
import { DEFAULT_WORKLOAD, runWorkload } from './workload';

const EXPIRING_READ = `function* read(id, ctx) {
  yield redis('PEXPIRE', 'write-behind:queue', '1');
  return yield selectUser(id);
}`;

it('counts a queue’s writes lost as it expires, not at the next RPUSH or LPOP', async () => {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', EXPIRING_READ);
  if (!compiled.ok) throw new Error(compiled.error);
  let done = 0;
  const { summary } = await runWorkload(
    await loadSqlJsNode(),
    {
      ...DEFAULT_WORKLOAD,
      pattern: 'write-behind',
      requests: 200,
      rate: 400,
      keys: 3,
      readRatio: 0.7,
      seed: 5,
    },
    {
      programs: { read: learnerReadProgram(compiled.program.runner) },
      progressEvery: 40,
      onProgress: (p) => {
        done = p.done;
      },
      shouldStop: () => done >= 40,
    },
  );
  expect(summary.writes).toBe(10);
  expect(summary.writeBehind).toMatchObject({ flushed: 0, lost: 10 });
  expect(summary.writeBehind.lostBy).toMatchObject({ removed: 10 });
  expect(summary.consistency).toMatchObject({ writes: 10, within60s: 0 });
  expect(summary.consistency?.pending).toBeUndefined();
});
