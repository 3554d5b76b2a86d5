// A learner's read path that stores another user's row under a key (it SELECTed the wrong id, or
// SET the wrong key) leaves the copy the Redis panel badges "STALE · user 6's row". The fill's
// step says so and Stale fills counts it, as for a copy with other fields: until 2026-12-07 the
// step said "Redis holds version 1, the current row" (user 6's version, compared with user 1's)
// and Stale fills stayed at 0 beside the STALE badge.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { freePlayRunning, learnerBeside } from '../app/testLearner';
import { createSandboxStore } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';
import { seedRow } from '../engine/userSeed';
import { selectToldStep } from './narrationSelectors';
import { selectCache, selectStats } from './selectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function readWith(read: string, actor = 'A') {
  const { sandbox } = await freePlayRunning({ read });
  expect(await sandbox.getState().startRead(actor, 1)).toBeNull();
  return sandbox;
}

it("a fill of user 6's row under user:1 is a stale fill of user 1's key, told as user 6's row", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('SET', cacheKey(id), JSON.stringify(row));
  return yield selectUser(id);
}`);
  await sandbox.getState().stepActor('A'); // SELECT user 6
  await sandbox.getState().stepActor('A'); // SET user:1 to user 6's row
  expect(selectToldStep(sandbox.getState())).toMatch(
    /^Step 2: A sends SET user:1 '\{"id":6,.*': OK\. A STALE FILL: Redis now holds user 6's row \(version 1\), not a copy of user 1's, and no invalidation is on its way: it stays until /,
  );
  expect(selectCache(sandbox.getState())).toMatchObject([
    { key: 'user:1', otherUserId: 6, isStale: true },
  ]);
  expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 1 });
});

it("a fill of user 1's row under user:2 is told as user 1's row, not as user 2's current row", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis('SET', cacheKey(id + 1), JSON.stringify(row));
  return row;
}`);
  await sandbox.getState().stepActor('A');
  await sandbox.getState().stepActor('A');
  const told = selectToldStep(sandbox.getState()) ?? '';
  expect(told).toContain("Redis now holds user 1's row (version 1), not a copy of user 2's");
  expect(told).not.toContain('the current row');
  // The SET gave user:2 no expiry: no TTL ends that copy (until 2026-12-07 the step looked at
  // user:1, the read's own key, whose absent copy has no TTL of -1, and said "its TTL ends it").
  expect(told).toContain('it has no TTL, so no expiry ends it');
  expect(told).not.toContain('its TTL ends it');
  expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 1 });
});

it("a fill of another user's row while a write of the row runs is judged when the write ends", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('SET', cacheKey(id), JSON.stringify(row));
  return yield selectUser(id);
}`);
  // User 6's row at a version above user 1's, so no comparison of versions calls it outdated.
  expect(
    await sandbox.getState().runSql('UPDATE users SET version = 5 WHERE id = 6'),
  ).toMatchObject({ changes: 1 });
  expect(await sandbox.getState().configure({ writePolicy: 'delete-first' })).toBeNull();
  // B deletes user:1 first; A fills it with user 6's row while B's UPDATE is still to come.
  expect(await sandbox.getState().startWrite('B', 1, { plan: 'team' })).toBeNull();
  await sandbox.getState().stepActor('B'); // DEL
  await sandbox.getState().stepActor('A'); // SELECT user 6
  await sandbox.getState().stepActor('A'); // SET user:1 to user 6's row
  expect(selectToldStep(sandbox.getState())).toContain(
    "Redis holds user 6's row (version 5), not a copy of user 1's: STALE, not yet a STALE FILL, because a write of the row is still in flight",
  );
  expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 0 });
  await sandbox.getState().stepActor('B'); // UPDATE: the write ends, the copy stays
  expect(selectToldStep(sandbox.getState())).toContain(
    "The write is done, but another user's row a racing fill put under its key is still there: a STALE FILL that stays until",
  );
  expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 1 });
});

it.each([
  [
    'an EXEC that runs the SET',
    `yield redis('MULTI');
  yield redis('SET', cacheKey(id), JSON.stringify(row), 'EX', 60);
  yield redis('EXEC');`,
    4,
    "A STALE FILL: Redis now holds user 6's row (version 1), not a copy of user 1's, and no invalidation is on its way",
  ],
  [
    // Until 2026-12-08 the step read no version from a SETEX: "user 6's row, not a copy ...".
    'a SETEX',
    `yield redis('SETEX', cacheKey(id), 100, JSON.stringify(row));`,
    2,
    "A STALE FILL: Redis now holds user 6's row (version 1), not a copy of user 1's, and no invalidation is on its way",
  ],
])("user 6's row stored by %s is told as user 6's row", async (_how, store, steps, said) => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id + 5);
  ${store}
  return yield selectUser(id);
}`);
  for (let i = 0; i < steps; i++) await sandbox.getState().stepActor('A');
  const told = selectToldStep(sandbox.getState()) ?? '';
  expect(told).toContain(said);
  expect(told).not.toMatch(/while the database holds|no row/);
  expect(selectStats(sandbox.getState())).toMatchObject({ staleFills: 1 });
});

it("user 6's row stored under a key that names no user is not judged against user 1's version", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('SET', 'x', JSON.stringify(row));
  return yield selectUser(id);
}`);
  // User 1 at version 3: until 2026-12-07 the step compared user 6's version 1 with it and said
  // "older than the database's version 3: a stale copy, not yet a STALE FILL, because a write of
  // the row is still in flight", with no write anywhere.
  expect(
    await sandbox.getState().runSql('UPDATE users SET version = 3 WHERE id = 1'),
  ).toMatchObject({ changes: 1 });
  await sandbox.getState().stepActor('A');
  await sandbox.getState().stepActor('A');
  expect(selectToldStep(sandbox.getState())).toMatch(
    /^Step 2: A sends SET x '\{"id":6,.*': OK\. Redis holds user 6's row \(version 1\) under x, not a copy of user 1's row, which A's read is for\.$/,
  );
});

it.each([
  ['SETEX', `'SETEX', 'x', 60, JSON.stringify(row)`, 'OK'],
  ['PSETEX', `'PSETEX', 'x', 60000, JSON.stringify(row)`, 'OK'],
  ['SETNX', `'SETNX', 'x', JSON.stringify(row)`, '\\(integer\\) 1'],
  ['GETSET', `'GETSET', 'x', JSON.stringify(row)`, '\\(nil\\)'],
  ['SET', `'SET', 'x', JSON.stringify(row), 'GET'`, '\\(nil\\)'],
])(
  "user 6's row a %s stores under a key that names no user is told as user 6's row, as SET's is",
  async (cmd, args, reply) => {
    const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis(${args});
  return yield selectUser(id);
}`);
    // Until 2026-12-08 the step of any of these but SET ... GET said only "...: OK.": the words
    // that say whose row x holds came with the version of a SET's value alone.
    await sandbox.getState().stepActor('A');
    await sandbox.getState().stepActor('A');
    expect(selectToldStep(sandbox.getState())).toMatch(
      new RegExp(
        `^Step 2: A sends ${cmd} x .*: ${reply}\\. Redis holds user 6's row \\(version 1\\) under x, not a copy of user 1's row, which A's read is for\\.$`,
      ),
    );
  },
);

it.each([
  ['SET', `'SET', 'x', JSON.stringify(row)`],
  ['SETEX', `'SETEX', 'x', 100, JSON.stringify(row)`],
])(
  "user 6's row a queued %s stores under a key that names no user is told at EXEC as user 6's row",
  async (_cmd, args) => {
    const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('MULTI');
  yield redis(${args});
  yield redis('EXEC');
  return yield selectUser(id);
}`);
    // Until 2026-12-07 the EXEC's event carried no copy of what its SET stored, so the step said
    // only "SET x ... → OK", where the same SET sent alone says whose row x holds.
    expect(
      await sandbox.getState().runSql('UPDATE users SET version = 3 WHERE id = 1'),
    ).toMatchObject({ changes: 1 });
    for (let i = 0; i < 4; i++) await sandbox.getState().stepActor('A');
    expect(selectToldStep(sandbox.getState())).toMatch(
      /^Step 4: A sends EXEC: Redis runs A's 1 queued command at once, .* → OK\. Redis holds user 6's row \(version 1\) under x, not a copy of user 1's row, which A's read is for\.$/,
    );
  },
);

it("a copy of the request's own row under another name is still told by its version", async () => {
  const sandbox = await readWith(`function* read(id) {
  const row = yield selectUser(id);
  yield redis('SET', 'profile:' + id, JSON.stringify(row));
  return row;
}`);
  await sandbox.getState().stepActor('A');
  await sandbox.getState().stepActor('A');
  expect(selectToldStep(sandbox.getState())).toMatch(
    /SET profile:1 .*: OK\. Redis holds version 1, the current row\.$/,
  );
});

it("the change log's invalidation of user 6's row under user:1, lost, is a lost invalidation whatever user 6's version", async () => {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  await sandbox.getState().loadScenario(null);
  const learner = await learnerBeside(sandbox, SQL);
  learner.getState().setDraft(
    'read',
    `function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('SET', cacheKey(id), JSON.stringify(row));
  return yield selectUser(id);
}`,
  );
  expect(await learner.getState().run(['read'])).toBeNull();
  // User 6 at version 5, above what user 1's write makes (2): no comparison of versions finds
  // user 6's row outdated. Until 2026-12-08 the lost invalidation was counted by one.
  expect(
    await sandbox.getState().runSql('UPDATE users SET version = 5 WHERE id = 6'),
  ).toMatchObject({ changes: 1 });
  expect(await sandbox.getState().configure({ invalidation: 'cdc' })).toBeNull();
  const state = sandbox.getState;
  expect(await state().startWrite('B', 1, { plan: 'pro' })).toBeNull();
  await state().stepActor('B'); // UPDATE: the change log owes user:1 a DEL
  expect(await state().startRead('A', 1)).toBeNull();
  await state().stepActor('A');
  await state().stepActor('A'); // SET user:1 to user 6's row: judged when the DEL comes
  expect(selectToldStep(state())).toContain(
    "not yet a STALE FILL, because the change log's invalidation of the row is still on its way",
  );
  // The consumer invalidates user:6 (the console's change), then user:1 with Redis down.
  const stepConsumerUntil = async (command: string) => {
    for (let i = 0; i < 10 && !(selectToldStep(state()) ?? '').includes(command); i++)
      await state().stepActor('cdc');
    expect(selectToldStep(state())).toContain(command);
  };
  await stepConsumerUntil('sends DEL user:6');
  await state().setCacheAvailable(false);
  await stepConsumerUntil('sends DEL user:1: (error)');
  expect(selectCache(state())).toMatchObject([{ key: 'user:1', otherUserId: 6, isStale: true }]);
  expect(selectStats(state())).toMatchObject({ lostInvalidations: 1, staleFills: 0 });
});

// Until 2026-12-08 the flush counted the stale fill with no word of it (user 6 at version 5), or
// called user 6's row "an older copy of the row (version 1)".
it.each([5, 1])(
  "write-behind's flush that counts a fill of user 6's row (version %i) under user:1 says so",
  async (version6) => {
    const sandbox = await readWith(
      `function* read(id) {
  const row = yield selectUser(id + 5);
  yield redis('SET', cacheKey(id), JSON.stringify(row), 'EX', 60);
  return yield selectUser(id);
}`,
      'B',
    );
    const s = sandbox.getState;
    if (version6 !== 1)
      expect(await s().runSql(`UPDATE users SET version = ${version6} WHERE id = 6`)).toMatchObject(
        { changes: 1 },
      );
    expect(await s().configure({ pattern: 'write-behind' })).toBeNull();
    // A's first write is queued; its second is in flight while B fills user:1 with user 6's row
    // (judged when that write ends), and goes straight to the database with Redis down: lost as an
    // invalidation, so not judged then.
    expect(await s().startWrite('A', 1, { plan: 'pro' })).toBeNull();
    for (let i = 0; i < 4; i++) await s().stepActor('A'); // GET, SELECT, SET, RPUSH
    expect(await s().startWrite('A', 1, { plan: 'team' })).toBeNull();
    await s().stepActor('A'); // GET
    expect(await s().startRead('B', 1)).toBeNull();
    await s().stepActor('B'); // SELECT user 6
    await s().stepActor('B'); // SET user:1 to user 6's row
    await s().setCacheAvailable(false);
    await s().stepActor('A'); // SET: refused
    await s().stepActor('A'); // UPDATE: written around
    await s().setCacheAvailable(true);
    expect(selectStats(s())).toMatchObject({ staleFills: 0 });
    for (let i = 0; i < 3; i++) await s().stepActor('flusher'); // wait, LPOP, UPDATE
    const told = selectToldStep(s()) ?? '';
    expect(told).toMatch(/^Step 12: The cache's flusher runs UPDATE users SET plan = 'pro'/);
    expect(told).toContain(
      " Redis holds another user's row under user:1, which a fill put there while this write was queued, and a flush does not touch the cache: a STALE FILL (no DEL is on its way) that stays until ",
    );
    expect(told).not.toContain('an older copy of the row');
    expect(s().snapshot?.events.at(-1)).toMatchObject({
      isStaleFill: true,
      isStaleFillOtherUser: true,
    });
    expect(selectStats(s())).toMatchObject({ staleFills: 1 });
    expect(selectCache(s())).toMatchObject([{ key: 'user:1', otherUserId: 6, isStale: true }]);
  },
);

// Until 2026-12-08 a write's invalidation that failed at user:1 holding user 6's row counted a
// lost invalidation only while user 6's version was below the one written: at version 5 the
// STALE badge stood beside a Lost invalidations of 0.
it.each([
  { writePolicy: 'invalidate' },
  { writePolicy: 'update-cache' },
  { writePolicy: 'delete-first' },
  { writePolicy: 'double-delete' },
  { pattern: 'write-behind' },
] as const)(
  "a write (%o) that could not invalidate user 6's row under user:1 counts a lost invalidation whatever user 6's version",
  async (settings) => {
    const sandbox = await freePlaySandbox(settings);
    const state = sandbox.getState;
    await state().runRedis(`SET user:1 '${JSON.stringify({ ...seedRow(6), version: 5 })}' EX 60`);
    await state().setCacheAvailable(false);
    expect(await state().startWrite('B', 1, { plan: 'pro' })).toBeNull();
    for (let i = 0; i < 8 && state().snapshot?.nextActor !== null; i++)
      await state().stepActor('B');
    expect(state().snapshot?.db.find((r) => r.id === 1)?.version).toBe(2);
    expect(selectCache(state())).toMatchObject([{ key: 'user:1', otherUserId: 6, isStale: true }]);
    expect(selectStats(state())).toMatchObject({ writes: 1, lostInvalidations: 1 });
  },
);
