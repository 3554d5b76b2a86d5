// A command the console refuses, typed after MULTI, is refused one of two ways (README "Known
// limits", Transactions): some as they are queued, so EXEC answers EXECABORT and runs nothing;
// others only at EXEC, as one error inside its reply while the rest of the queue runs.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

/** MULTI, SET a 1, the line, EXEC: what the line and EXEC answered, and whether SET a ran. */
async function inMulti(line: string) {
  const store = await freePlaySandbox();
  const { runRedis } = store.getState();
  await runRedis('SET k v');
  expect((await runRedis('MULTI')).text).toBe('OK');
  expect((await runRedis('SET a 1')).text).toBe('QUEUED');
  const queued = (await runRedis(line)).text;
  const exec = (await runRedis('EXEC')).text;
  const a = (await runRedis('GET a')).text;
  return { queued, exec, isSetRun: a === '"1"' };
}

it.each([
  'ZADD z 1 a',
  'ZADD z GT CH 1 a',
  'ZADD z INCR 1 a',
  'SELECT 1',
  'SWAPDB 0 1',
  'COMMAND COUNT',
])('%s is refused as it is queued: EXEC answers EXECABORT and runs nothing', async (line) => {
  const { queued, exec, isSetRun } = await inMulti(line);
  expect(queued).toMatch(/^\(error\) ERR .* not supported in this console/);
  expect(exec).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
  expect(isSetRun).toBe(false);
});

it.each(['OBJECT ENCODING k', 'OBJECT IDLETIME k', 'COPY k k2 DB 1', 'MOVE k 1'])(
  '%s is queued and refused at EXEC: one error in its reply, and the rest of the queue runs',
  async (line) => {
    const { queued, exec, isSetRun } = await inMulti(line);
    expect(queued).toBe('QUEUED');
    expect(exec).toMatch(/^1\) OK\n2\) \(error\) ERR .* not supported in this console/);
    expect(isSetRun).toBe(true);
  },
);
