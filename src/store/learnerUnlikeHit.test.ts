// A learner's read path that returns the cached copy the Redis panel badges STALE (a field the
// row has no column for, `updated_at` left out, another user's row) has its read judged as the
// badge judges the copy: the read is counted stale and told with the fields that differ. Our own
// read path takes a copy that is not a row as it writes one (updated_at left out) for a corrupt
// entry, deletes it and refills it from the database.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { seedRow } from '../engine/userSeed';
import { loadSqlJsNode } from '../engine/testSim';
import { freePlayRunning, learnerBeside } from '../app/testLearner';
import { createSandboxStore } from './sandboxStore';
import { selectToldStep } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** A sandbox in free play, running the learner's read path (the starter) when `isLearner`. */
async function setUp(isLearner: boolean) {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  await sandbox.getState().loadScenario(null);
  if (!isLearner) return sandbox;
  const learner = await learnerBeside(sandbox, SQL);
  expect(await learner.getState().run(['read'])).toBeNull();
  return sandbox;
}

const unstamped = Object.fromEntries(
  Object.entries(seedRow(1)).filter(([field]) => field !== 'updated_at'),
);

const copies = [
  [
    'a field the row has no column for',
    { ...seedRow(1), nickname: 'Gracie' },
    'nickname "Gracie" where the row has no such column',
  ],
  ['no updated_at', unstamped, 'updated_at missing where the row has 0'],
] as const;

it.each(copies)(
  'your read path returns a copy with %s: badged STALE, counted and told a stale read',
  async (_, copy, told) => {
    const sandbox = await setUp(true);
    await sandbox.getState().runRedis(`SET user:1 '${JSON.stringify(copy)}' EX 60`);
    expect(sandbox.getState().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({
      isStale: true,
    });
    await sandbox.getState().startRead('A', 1);
    await sandbox.getState().stepActor('A');
    expect(selectToldStep(sandbox.getState())).toBe(
      `Step 1: A sends GET user:1 and hits version 1. A STALE READ: this copy is not the database's row: at version 1 it has ${told}.`,
    );
    expect(sandbox.getState().snapshot?.stats).toMatchObject({ staleReads: 1, hits: 1 });
  },
);

it('our read path takes a copy with no updated_at for a corrupt entry, deletes it and refills it from the database: no stale read', async () => {
  const sandbox = await setUp(false);
  await sandbox.getState().runRedis(`SET user:1 '${JSON.stringify(unstamped)}' EX 60`);
  await sandbox.getState().startRead('A', 1);
  while ((await sandbox.getState().stepActor('A')) === null);
  expect(sandbox.getState().snapshot?.stats).toMatchObject({
    staleReads: 0,
    cacheErrors: 1,
    misses: 1,
  });
  // Until 2026-12-07 the read left the entry there, as its SELECT said ("... leaves the corrupt
  // entry at user:1 as it is: it stays until its TTL ends it in 60 s ..."): now it deletes it.
  const told = selectToldStep(sandbox.getState());
  expect(told).toMatch(/^Step 4: A sends SET user:1 .* EX 3600: OK\./);
  expect(sandbox.getState().snapshot?.events.map((e) => e.label)).toEqual([
    expect.anything(),
    'get',
    'discard',
    'select',
    'set',
  ]);
  expect(sandbox.getState().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({
    version: 1,
    isStale: false,
  });
});

// Fields after updated_at are what SELECT * gives once the SQL console added a column, and our
// fill caches them (src/store/addedColumnCopy.test.ts): our read path serves such a copy, and a
// field the row has no column for makes that read stale, as it does yours.
it('our read path serves a copy with a field the row has no column for: counted and told a stale read', async () => {
  const sandbox = await setUp(false);
  await sandbox.getState().runRedis(`SET user:1 '${JSON.stringify(copies[0][1])}' EX 60`);
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().stepActor('A');
  expect(selectToldStep(sandbox.getState())).toMatch(
    /^Step 1: A sends GET user:1 and hits version 1\. A STALE READ: .*nickname "Gracie" where the row has no such column/,
  );
  expect(sandbox.getState().snapshot?.stats).toMatchObject({
    staleReads: 1,
    hits: 1,
    cacheErrors: 0,
  });
});

it('your read path returns user 2’s row cached under user:1: told as that user’s row, and the read fails', async () => {
  const sandbox = await setUp(true);
  await sandbox.getState().runRedis(`SET user:1 '${JSON.stringify(seedRow(2))}' EX 60`);
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().stepActor('A');
  expect(selectToldStep(sandbox.getState())).toMatch(
    /^Step 1: A sends GET user:1 and hits user 2's row\. A's read fails/,
  );
  expect(sandbox.getState().snapshot?.stats).toMatchObject({ staleReads: 0, failedRequests: 1 });
});

it('your read path fills a copy with a field changed: a STALE FILL, told and counted as its badge says', async () => {
  const { sandbox } = await freePlayRunning({
    read: READ_STARTER.replace('JSON.stringify(row)', "JSON.stringify({ ...row, name: 'Zed' })"),
  });
  await sandbox.getState().startRead('A', 1);
  while ((await sandbox.getState().stepActor('A')) === null);
  expect(sandbox.getState().snapshot?.cache[0]).toMatchObject({ isStale: true, isUnlikeRow: true });
  // Until 2026-12-07: "Redis holds version 1, the current row.", and Stale fills 0.
  expect(selectToldStep(sandbox.getState())).toMatch(
    /OK\. A STALE FILL: Redis now holds version 1, the database's version but not its row \(name "Zed" where the row has "Grace Lovelace"\), and no invalidation/,
  );
  expect(sandbox.getState().snapshot?.stats.staleFills).toBe(1);
});
