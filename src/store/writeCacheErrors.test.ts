// A write's failed Redis command is told by what it was for: a tombstone is an invalidation, a
// row (write-through's EVAL) is the new row the cache did not get.
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { seedRow } from '../engine/userSeed';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { createSandboxStore } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

async function writeWithRedisDown(config: object) {
  const store = await freePlaySandbox(config);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  return selectToldStep(store.getState()) ?? '';
}

const NEVER_REACHED =
  '(error) Connection is closed. The command never reached Redis: it cannot be reached (a connection error).';

it('versioned-fill: the tombstone not left is the invalidation that did not happen', async () => {
  const told = await writeWithRedisDown({ readMitigation: 'versioned-fill' });
  expect(told).toBe(
    `Step 2: B sends EVAL INVALIDATE_IF_OLDER 1 user:1 2 EX 3600: ${NEVER_REACHED} The invalidation did not happen, but Redis holds no copy of the row now, so none from before this write is left.`,
  );
});

// A tombstone is told by the one test the read path uses, whoever sends it: a write path of the
// learner's own that SETs one invalidates, as versioned-fill's EVAL does. A value that only
// mentions the word is no tombstone: a store of a value, not an invalidation.
it.each([
  [
    'a SET of a tombstone is the invalidation that did not happen',
    '{ tombstone: true, version: row.version + 1 }',
    /: \(error\) Connection is closed\. .* The invalidation did not happen, but Redis holds no copy of the row now/,
  ],
  [
    'a SET of a value naming "tombstone" is a store, not an invalidation',
    '{ note: "tombstone" }',
    /: \(error\) Connection is closed\. .* The new row is not cached, and no copy of the row was cached before it/,
  ],
])('your write path: %s', async (_, value, told) => {
  const write = `function* write(id, changes, ctx) {
  const row = yield selectUser(id);
  yield updateUser(id, changes);
  yield redis('SET', cacheKey(id), JSON.stringify(${value}));
}
`;
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  const compiled = compileSources(await loadQuickJsNode(), { write });
  if (!compiled.ok) throw new Error(compiled.message);
  await store.getState().usePrograms(compiled.programs);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(/^Step 3: B sends SET user:1 '\{"/);
  expect(selectToldStep(store.getState())).toMatch(told);
});

// The engine reads what Redis holds at the key: the step says it, as for write-through's store
// (until 2026-12-05 "a copy of the row cached before this write, if there is one, stays", with
// Redis empty, beside Lost invalidations 0, or with version 1 in the Redis panel).
// Until 2026-12-08 a DEL that left version 1 behind did not say Lost invalidations counted it,
// while the strip's counter moved with that step.
it('invalidate: the DEL that failed says whether Redis holds a copy of the row, and which', async () => {
  expect(await writeWithRedisDown({})).toBe(
    `Step 2: B sends DEL user:1: ${NEVER_REACHED} The invalidation did not happen, but Redis holds no copy of the row now, so none from before this write is left.`,
  );
  const store = await freePlaySandbox({});
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    `Step 5: B sends DEL user:1: ${NEVER_REACHED} The invalidation did not happen: the copy of the row Redis holds (version 1) stays until its TTL ends it or another write removes it. Lost invalidations counts this write.`,
  );
  expect(store.getState().snapshot?.stats.lostInvalidations).toBe(1);
});

it('write-through: the EVAL that did not store the row says whether a copy from before the write is left', async () => {
  // Nothing cached: none is left to go stale.
  const told = await writeWithRedisDown({ pattern: 'write-through' });
  expect(told).toMatch(/^Step 2: The cache \(for B\) sends EVAL /);
  expect(told).toMatch(
    /: \(error\) Connection is closed\. .* The new row is not cached, and no copy of the row was cached before it: none is left to go stale, and the next read gets the row from the database\.$/,
  );
  // Version 1 cached by a read first: it stays, and the page names it (until 2026-12-05 "a copy
  // cached before this write, if there is one, stays").
  const store = await freePlaySandbox({ pattern: 'write-through' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 5: The cache \(for B\) sends EVAL .*: \(error\) Connection is closed\. .* The new row is not cached: the copy cached before this write \(version 1\) stays until its TTL ends it or another write replaces it\. Lost invalidations counts this write\.$/,
  );
  expect(store.getState().snapshot?.stats.lostInvalidations).toBe(1);
});

/** Write-behind's write of user 1 whose SET of the new row finds Redis down: what is told. */
async function writeBehindSetWithRedisDown(isCached: boolean) {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  if (isCached) {
    await store.getState().startRead('A', 1);
    for (let i = 0; i < 5 && store.getState().snapshot?.actors[0].task; i++)
      await store.getState().stepActor('A');
  }
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B'); // its GET
  if (!isCached) await store.getState().stepActor('B'); // the SELECT after the miss
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  return selectToldStep(store.getState()) ?? '';
}

it('write-behind: a failed SET says whether a copy from before the write is left, as the cache holds', async () => {
  expect(await writeBehindSetWithRedisDown(true)).toMatch(
    /: \(error\) Connection is closed\. .* The new row is not cached: the copy cached before this write \(version 1\) stays until its TTL ends it or another write replaces it\.$/,
  );
  expect(await writeBehindSetWithRedisDown(false)).toMatch(
    /: \(error\) Connection is closed\. .* The new row is not cached, and no copy of the row was cached before it: none is left to go stale, and the next read gets the row from the database\.$/,
  );
});

// Under lease the writer's DEL takes the lease with the key: when it fails, the lease stays and
// its holder's fill goes through, a stale fill the step before it must not deny.
it('lease: the DEL that failed says the lease stays, and the fill after it is a stale fill', async () => {
  const store = await freePlaySandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A'); // GET, lease, SELECT
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    `Step 5: B sends DEL user:1 lease:user:1: ${NEVER_REACHED} The invalidation did not happen, but Redis holds no copy of the row now, so none from before this write is left. Nor was the lease deleted: lease:user:1 still holds A-1, so its holder's fill goes through, once Redis is reachable again and while the lease lasts (a fill sent while Redis is down fails too), with the row it read.`,
  );
  await store.getState().setCacheAvailable(true);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toContain('(integer) 1. A STALE FILL');
  expect(store.getState().snapshot?.stats.staleFills).toBe(1);
});

// Until 2026-12-05 the failed DEL said the holder's fill "goes through" outright: with Redis still
// down, that fill failed too (stale-set under lease, Redis taken down before B's UPDATE).
it('lease: with Redis still down, the fill the failed DEL left a lease for fails as well', async () => {
  const store = await freePlaySandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A'); // GET, lease, SELECT
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /so its holder's fill goes through, once Redis is reachable again and while the lease lasts/,
  );
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 6: A sends EVAL FILL_IF_LEASE_HOLDS .*: \(error\) Connection is closed\./,
  );
  expect(store.getState().snapshot?.stats.staleFills).toBe(0);
  expect(store.getState().snapshot?.cache.map((e) => e.key)).toEqual(['lease:user:1']);
});

// Double-delete's first DEL, before its UPDATE: the write's own second DEL is still to come, and
// removes the copy once Redis is back (until 2026-12-05 the step said the copy stays until its
// TTL ends it or another write removes it, and the same write's second DEL removed it).
it('double-delete: the first DEL that failed says the second is still to come', async () => {
  const store = await freePlaySandbox({ writePolicy: 'double-delete' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    `Step 4: B sends DEL user:1: ${NEVER_REACHED} The first DEL did not happen: the copy of the row Redis holds (version 1) stays for now. This write sends a second DEL after its UPDATE and its delay, which removes it if Redis is reachable then.`,
  );
  await store.getState().setCacheAvailable(true);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B'); // UPDATE, wait, DEL
  expect(selectToldStep(store.getState())).toMatch(/^Step 7: B sends DEL user:1: \(integer\) 1/);
  expect(store.getState().snapshot?.cache).toEqual([]);
  expect(store.getState().snapshot?.stats.lostInvalidations).toBe(0);
});

// Until 2026-12-08 "Redis holds no copy of the row now, so none from before this write is left",
// while user:1 held user 2's row, the entry this DEL would have removed, which stays.
it('invalidate: the DEL that failed at a key holding another user’s row says that entry stays', async () => {
  const store = await freePlaySandbox({});
  await store.getState().runRedis(`SET user:1 '${JSON.stringify(seedRow(2))}' EX 60`);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toBe(
    `Step 2: B sends DEL user:1: ${NEVER_REACHED} The invalidation did not happen. Redis holds no copy of the row, but user:1 still holds user 2's row (version 1), which this DEL would have removed: it stays until its TTL, if it has one, ends it or a command removes or replaces it. Lost invalidations counts this write.`,
  );
  expect(store.getState().snapshot?.stats.lostInvalidations).toBe(1);
});

// Until 2026-12-08 "no copy of the row was cached before it: none is left to go stale, and the
// next read gets the row from the database", while user:1 held user 2's row, which stays.
it('update-cache: the SET that failed at a key holding another user’s row says that entry stays', async () => {
  const store = await freePlaySandbox({ writePolicy: 'update-cache' });
  await store.getState().runRedis(`SET user:1 '${JSON.stringify(seedRow(2))}' EX 60`);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 2: B sends SET user:1 .* The new row is not cached\. Redis holds no copy of the row, but user:1 still holds user 2's row \(version 1\), which this SET would have replaced: it stays until its TTL, if it has one, ends it or a command removes or replaces it\. Lost invalidations counts this write\.$/,
  );
  expect(store.getState().snapshot?.stats.lostInvalidations).toBe(1);
});

// Until 2026-12-08 write-behind's fallback UPDATE said "The cache still holds a copy of the row
// from before this write, older than the row now" while user:1 held user 2's row, no copy of this
// one; with user 2's row at a version above the one written, it said nothing of it, and Lost
// invalidations did not move.
it.each([
  ['its SET', 1, 1],
  ['its SET', 5, 1],
  ['its GET', 1, 0],
])(
  "write-behind: the fallback after %s failed at a key holding user 2's row (version %i) says that entry stays",
  async (_, version2, stepsBeforeDown) => {
    const store = await freePlaySandbox({ pattern: 'write-behind' });
    const s = store.getState;
    const row2 = { ...seedRow(2), version: version2 };
    await s().runRedis(`SET user:1 '${JSON.stringify(row2)}' EX 60`);
    expect(await s().startWrite('B', 1, { plan: 'pro' })).toBeNull();
    // GET (another user's row: a corrupt entry) and SELECT load the row; Redis goes down then.
    for (let i = 0; i < stepsBeforeDown * 2; i++) await s().stepActor('B');
    await s().setCacheAvailable(false);
    await s().stepActor('B'); // SET (or GET): refused
    await s().stepActor('B'); // the fallback UPDATE
    const told = selectToldStep(s()) ?? '';
    expect(told).toMatch(
      /: the row becomes version 2\. Write-behind falls back: the cache could not take this write \(its last command failed\), so the application writes the database directly, and nothing is queued for the flusher\./,
    );
    expect(told).toContain(
      `Redis holds no copy of the row, but user:1 still holds user 2's row (version ${version2}), which this write would have replaced: it stays until its TTL, if it has one, ends it or a command removes or replaces it, and Lost invalidations counts it.`,
    );
    expect(told).not.toContain('a copy of the row from before this write');
    expect(s().snapshot?.cache).toMatchObject([{ key: 'user:1', otherUserId: 2, isStale: true }]);
    expect(s().snapshot?.stats).toMatchObject({ lostInvalidations: 1 });
  },
);
