// A command the console refuses, typed after MULTI, is refused one of three ways (README "Known
// limits", Transactions): one Redis would run is queued and refuses the whole EXEC before
// anything runs (a command the console does not run, CONFIG GET of another parameter, a key named
// __proto__; a SELECT or SWAPDB of another database, or a MOVE or COPY into another database
// that would find its key, since the commands after it would see its effect); one that changes
// nothing only at EXEC, as one error inside its reply while the rest of the queue runs; and one
// Redis refuses as it is queued (SAVE, SHUTDOWN: no-multi) aborts, so EXEC answers EXECABORT.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

/** MULTI, SET a 1, the lines, EXEC: what the last line and EXEC answered, and what is left. */
async function inMulti(...lines: string[]) {
  const store = await freePlaySandbox();
  const { runRedis } = store.getState();
  await runRedis('SET k v');
  expect((await runRedis('MULTI')).text).toBe('OK');
  expect((await runRedis('SET a 1')).text).toBe('QUEUED');
  let queued = '';
  for (const line of lines) queued = (await runRedis(line)).text;
  const exec = (await runRedis('EXEC')).text;
  const a = (await runRedis('GET a')).text;
  const k = (await runRedis('GET k')).text;
  const keys = (await runRedis('DBSIZE')).text;
  const isQueuing = (await runRedis('DISCARD')).text === 'OK';
  return { queued, exec, isSetRun: a === '"1"', k, keys, isQueuing };
}

// Until 2026-12-06 each was refused as it was typed, so EXEC answered EXECABORT where Redis
// answers QUEUED and runs the queue.
it.each([
  'ZADD z 1 a',
  'ZADD z GT CH 1 a',
  'COMMAND COUNT',
  'CONFIG GET maxmemory',
  'SET __proto__ x',
  'UNSUBSCRIBE a b',
])('%s is queued, and refuses the whole EXEC before anything runs, saying why', async (line) => {
  const { queued, exec, isSetRun, isQueuing } = await inMulti(line);
  expect(queued).toBe('QUEUED');
  expect(exec).toMatch(
    new RegExp(
      `^\\(error\\) ERR EXEC of this queue is not supported in this console: its command 2 of 2 \\(${line}\\) is refused here \\(.+\\), where Redis would run the whole queue\\. Nothing ran, and the transaction is discarded\\.$`,
    ),
  );
  expect({ isSetRun, isQueuing }).toEqual({ isSetRun: false, isQueuing: false });
});

it.each(['SAVE', 'SHUTDOWN NOSAVE'])(
  '%s is refused as it is queued, as Redis refuses a no-multi command: EXEC answers EXECABORT',
  async (line) => {
    const { queued, exec, isSetRun } = await inMulti(line);
    expect(queued).toBe('(error) ERR Command not allowed inside a transaction');
    expect(exec).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
    expect(isSetRun).toBe(false);
  },
);

it.each(['OBJECT ENCODING k', 'OBJECT IDLETIME k'])(
  '%s is queued and refused at EXEC: one error in its reply, and the rest of the queue runs',
  async (line) => {
    const { queued, exec, isSetRun } = await inMulti(line);
    expect(queued).toBe('QUEUED');
    expect(exec).toMatch(/^1\) OK\n2\) \(error\) ERR .* not supported in this console/);
    expect(isSetRun).toBe(true);
  },
);

// Before, each was refused in its place at EXEC while the rest ran: after `MOVE k 1` the queue's
// `GET k` answered "v" where Redis, having moved k to db1, answers nil.
it.each([
  [['MOVE k 1', 'GET k'], 'MOVE of k'],
  [['COPY k k2 DB 1'], 'COPY of k'],
  // The key is made by the queue itself: absent when EXEC begins, there when MOVE runs.
  [['SET n 1', 'MOVE n 15'], 'MOVE of n'],
  [['RENAME k k3', 'COPY k3 k4 DB 2 REPLACE'], 'COPY of k3'],
  // Queued, as Redis queues them (until 2026-12-06 refused as they were typed, so EXEC answered
  // EXECABORT where Redis runs the queue): the rest would run in db1, or on swapped databases.
  [['SELECT 1', 'GET k'], 'SELECT 1'],
  [['SWAPDB 0 1'], 'SWAPDB 0 1'],
  [['select 0', 'SWAPDB 7 7', 'SWAPDB 2 3'], 'SWAPDB 2 3'],
])('%j, queued, refuses the whole EXEC before anything runs, saying why', async (lines, what) => {
  const { queued, exec, isSetRun, k, keys, isQueuing } = await inMulti(...lines);
  expect(queued).toBe('QUEUED');
  expect(exec).toMatch(/^\(error\) ERR EXEC of this queue is not supported in this console: /);
  expect(exec).toContain(`its ${what} (command `);
  expect(exec).toContain('this console has one database, db0');
  expect(exec).toContain('Nothing ran, and the transaction is discarded.');
  // Nothing ran, the trial run included: k and its value are as they were, and only k is there.
  expect({ isSetRun, k, keys, isQueuing }).toEqual({
    isSetRun: false,
    k: '"v"',
    keys: '(integer) 1',
    isQueuing: false,
  });
});

it.each([
  [['MOVE nothere 1'], '(integer) 0'],
  [['COPY nothere k2 DB 1'], '(integer) 0'],
  // The queue removes k before its MOVE: nothing to move, as in Redis.
  [['DEL k', 'MOVE k 1'], '(integer) 1\n3) (integer) 0'],
  [['COPY k k2 DB 0'], '(integer) 1'],
])(
  '%j, queued, runs as in Redis: there is no key to take to another database',
  async (lines, rest) => {
    const { exec, isSetRun } = await inMulti(...lines);
    expect(exec).toBe(`1) OK\n2) ${rest}`);
    expect(isSetRun).toBe(true);
  },
);
