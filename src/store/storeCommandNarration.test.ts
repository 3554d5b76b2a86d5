// Your code may store a row with SETEX, PSETEX, SETNX, GETSET or SET ... GET as well as with a
// plain SET: the step tells what it stored, by the version of the row it sent, as it does for
// SET, and says so when the reply shows it stored nothing. Until 2026-12-08 the step of any of
// them but SET said only "...: OK." (a stale one "A STALE FILL: Redis now holds no row"), and a
// SET ... NX GET that found the key said "Redis holds" the row it did not store.
import { expect, it } from 'vitest';
import { freePlayRunning } from '../app/testLearner';
import { selectToldStep } from './narrationSelectors';
import { selectStats } from './selectors';

/** A sandbox whose read path is `read`, user 1 at version 3, and A's read of user 1 started. */
async function readWith(read: string) {
  const { sandbox } = await freePlayRunning({ read });
  expect(
    await sandbox.getState().runSql('UPDATE users SET version = 3 WHERE id = 1'),
  ).toMatchObject({ changes: 1 });
  expect(await sandbox.getState().startRead('A', 1)).toBeNull();
  return sandbox;
}

/** Steps A `n` times and returns what the last step said. */
async function stepA(sandbox: Awaited<ReturnType<typeof readWith>>, n: number) {
  for (let i = 0; i < n; i++) await sandbox.getState().stepActor('A');
  return selectToldStep(sandbox.getState()) ?? '';
}

it.each([
  ['SETEX', `'SETEX', cacheKey(id), 60, JSON.stringify(row)`, 'OK'],
  ['PSETEX', `'PSETEX', cacheKey(id), 60000, JSON.stringify(row)`, 'OK'],
  ['SETNX', `'SETNX', cacheKey(id), JSON.stringify(row)`, '(integer) 1'],
  ['GETSET', `'GETSET', cacheKey(id), JSON.stringify(row)`, '(nil)'],
])(
  "a %s of the request's own row is told by the version it stored, not its TTL",
  async (cmd, args, reply) => {
    const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis(${args});
  return row;
}`);
    expect(await stepA(sandbox, 2)).toMatch(
      new RegExp(
        `^Step 2: A sends ${cmd} user:1 .*: ${reply.replace(/[()]/g, '\\$&')}\\. Redis holds version 3, the current row\\.$`,
      ),
    );
  },
);

it("a SETEX of an older row than the database's is a stale fill of that version", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis('SETEX', cacheKey(id), 60, JSON.stringify(row));
  return row;
}`);
  await stepA(sandbox, 1); // SELECT: version 3
  expect(
    await sandbox.getState().runSql('UPDATE users SET version = 4 WHERE id = 1'),
  ).toMatchObject({ changes: 1 });
  expect(await stepA(sandbox, 1)).toMatch(
    /^Step 2: A sends SETEX user:1 60 .*: OK\. A STALE FILL: Redis now holds version 3 while the database holds version 4, and no invalidation is on its way: it stays until /,
  );
  expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 1 });
});

it("a SETEX of the request's own row queued in MULTI is told at EXEC by the version it stored", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis('MULTI');
  yield redis('SETEX', cacheKey(id), 60, JSON.stringify(row));
  yield redis('EXEC');
  return row;
}`);
  expect(await stepA(sandbox, 4)).toMatch(
    /^Step 4: A sends EXEC: Redis runs A's 1 queued command at once, .* → OK\. Redis holds version 3, the current row\.$/,
  );
});

it.each([
  ['SETNX', `'SETNX', cacheKey(id), JSON.stringify(row)`, '\\(integer\\) 0', 'SETNX'],
  ['SET ... NX GET', `'SET', cacheKey(id), JSON.stringify(row), 'NX', 'GET'`, '".*"', 'NX'],
])(
  'a %s that finds the key stored nothing, and its step says so',
  async (_cmd, args, reply, flag) => {
    // The key holds version 3; the row then moves on to version 4, which the second store sends.
    const sandbox = await readWith(`function* read(id) {
  let row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify(row));
  row = yield selectUser(id);
  yield redis(${args});
  return row;
}`);
    await stepA(sandbox, 2);
    expect(
      await sandbox.getState().runSql('UPDATE users SET version = 4 WHERE id = 1'),
    ).toMatchObject({ changes: 1 });
    const told = await stepA(sandbox, 2);
    expect(told).toMatch(
      new RegExp(
        `^Step 4: A sends .*: ${reply}, nothing is stored: the key already exists \\(${flag} stores only a new key\\), so it keeps what it held\\.`,
      ),
    );
    expect(told).not.toContain('Redis holds version 4');
  },
);

it('a SET ... GET of a row whose name holds the word XX is told by its own options', async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id), JSON.stringify(row), 'GET');
  return row;
}`);
  expect(
    await sandbox.getState().runSql("UPDATE users SET name = 'Ada XX Lovelace' WHERE id = 1"),
  ).toMatchObject({ changes: 1 });
  expect(await stepA(sandbox, 2)).toMatch(
    /^Step 2: A sends SET user:1 .* GET: \(nil\)\. Redis holds version \d+, the current row\.$/,
  );
});

// Until 2026-12-08 an MSET or MSETNX was told by its reply alone: a stale one "A STALE FILL:
// Redis now holds no row" beside version 3 in Redis, another user's row under user:1 without its
// version, and under `x` not at all, where a SET of the same says each.
it.each([
  ['MSET', `'MSET', cacheKey(id), JSON.stringify(row), 'other', 'x'`, 'OK'],
  ['MSETNX', `'MSETNX', cacheKey(id), JSON.stringify(row), 'other', 'x'`, '\\(integer\\) 1'],
  [
    'MSET, the row in its second pair,',
    `'MSET', 'other', 'x', cacheKey(id), JSON.stringify(row)`,
    'OK',
  ],
])(
  'a %s of an older row than the database’s is a stale fill of that version',
  async (_, args, reply) => {
    const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis(${args});
  return row;
}`);
    await stepA(sandbox, 1); // SELECT: version 3
    expect(
      await sandbox.getState().runSql('UPDATE users SET version = 4 WHERE id = 1'),
    ).toMatchObject({ changes: 1 });
    expect(await stepA(sandbox, 1)).toMatch(
      new RegExp(
        `^Step 2: A sends MSET(NX)? .*: ${reply}\\. A STALE FILL: Redis now holds version 3 while the database holds version 4, and no invalidation is on its way: it stays until `,
      ),
    );
    expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 1 });
  },
);

it("an MSET of another user's row is told as that user's row, under the row's key or a key naming no user, as a SET is", async () => {
  const code = (key: string) => `function* read(id) {
  const row = yield selectUser(id);
  yield redis('MSET', ${key}, JSON.stringify({ ...row, id: 2 }));
  return row;
}`;
  const underRowKey = await readWith(code('cacheKey(id)'));
  expect(await stepA(underRowKey, 2)).toMatch(
    /^Step 2: A sends MSET user:1 .*: OK\. A STALE FILL: Redis now holds user 2's row \(version 3\), not a copy of user 1's, and no invalidation is on its way/,
  );
  const underX = await readWith(code("'x'"));
  expect(await stepA(underX, 2)).toMatch(
    /^Step 2: A sends MSET x .*: OK\. Redis holds user 2's row \(version 3\) under x, not a copy of user 1's row, which A's read is for\./,
  );
});

it('an MSETNX that finds a key it names stored nothing, and its step says so', async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis('SET', 'other', 'x');
  yield redis('MSETNX', cacheKey(id), JSON.stringify(row), 'other', 'y');
  return row;
}`);
  const told = await stepA(sandbox, 3);
  expect(told).toMatch(
    /^Step 3: A sends MSETNX user:1 .*: \(integer\) 0, nothing is stored: a key it names already exists \(MSETNX stores all its keys or none\), so each keeps what it held\./,
  );
  expect(told).not.toContain('Redis holds version 3');
});
