// Write-behind's "Writes consistent" follows what the console does to the cache as it follows the
// application's own commands: a copy typed by hand counts as the row only when it is the
// database's row as it stands, and a console DEL leaves the cache holding nothing older than any
// write (it can make a write consistent, never undo one).
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

type Sandbox = Awaited<ReturnType<typeof freePlaySandbox>>;

/** User 1's row as the seed holds it, with `name` and `version` as given. */
const rowText = (name: string, version: number) =>
  JSON.stringify({
    id: 1,
    name,
    email: 'grace.lovelace1@example.com',
    plan: 'pro',
    version,
    updated_at: 0,
  });

async function queuedWrite(store: Sandbox) {
  await store.getState().startWrite('A', 1, { name: 'n' });
  // GET, SELECT on a miss, SET, RPUSH: acknowledged, its copy (version 2) in the cache.
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats.consistency).toMatchObject({ writes: 1, pending: 1 });
}

async function flushAll(store: Sandbox) {
  for (let i = 0; i < 8 && (store.getState().snapshot?.stats.pendingWrites ?? 0) > 0; i++)
    await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats).toMatchObject({ flushedWrites: 1, pendingWrites: 0 });
}

const copyOf = (store: Sandbox) => store.getState().snapshot?.cache.find((k) => k.key === 'user:1');
// Not consistent as things stand, with its 60 s not over: a DEL could still make it so.
const NOT_CONSISTENT = { writes: 1, within1s: 0, within10s: 0, within60s: 0, undecided: 1 };

it("the database's row typed into user:1 while the write is queued: after the flush that copy is stale, the write not consistent", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await store.getState().runRedis(`SET user:1 '${rowText('Grace Lovelace', 1)}'`);
  await flushAll(store);
  expect(copyOf(store)).toMatchObject({ version: 1, isStale: true });
  // It said "1 of 1 within 60 s": the tracker never saw the console's SET.
  expect(store.getState().snapshot?.stats.consistency).toEqual(NOT_CONSISTENT);
});

it("the row's version with other fields, typed while the write is queued: not the write's row, not consistent after the flush", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await store.getState().runRedis(`SET user:1 '${rowText('x', 2)}'`);
  await flushAll(store);
  expect(copyOf(store)).toMatchObject({ version: 2, isStale: true, isUnlikeRow: true });
  // It said "1 of 1 within 60 s": versions alone match.
  expect(store.getState().snapshot?.stats.consistency).toEqual(NOT_CONSISTENT);
});

it('after the flush, a copy typed by hand that is not the row undoes the write; the row itself does not', async () => {
  for (const [typed, badge] of [
    [rowText('x', 2), { version: 2, isStale: true, isUnlikeRow: true }],
    [rowText('Grace Lovelace', 1), { version: 1, isStale: true }],
    [rowText('n', 3), { version: 3, isAhead: true, isNeverCommitted: true }],
  ] as const) {
    const store = await freePlaySandbox({ pattern: 'write-behind' });
    await queuedWrite(store);
    await flushAll(store);
    expect(store.getState().snapshot?.stats.consistency).toMatchObject({ within10s: 1 });
    await store.getState().runRedis(`SET user:1 '${typed}'`);
    expect(copyOf(store)).toMatchObject(badge);
    // It said "1 of 1 within 60 s" beside each of these badges.
    expect(store.getState().snapshot?.stats.consistency).toEqual(NOT_CONSISTENT);
  }
  // The database's row, typed letter for letter after a DEL: the write stays consistent.
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await flushAll(store);
  await store.getState().runRedis('DEL user:1');
  await store.getState().runRedis(`SET user:1 '${rowText('n', 2)}'`);
  expect(copyOf(store)).toMatchObject({ version: 2, isStale: false, isAhead: false });
  expect(store.getState().snapshot?.stats.consistency).toMatchObject({ within10s: 1 });
});

it('a console DEL of the STALE copy a flush left makes the write consistent then, not at the next fill', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await store.getState().runSql("UPDATE users SET email = 'x@example.com' WHERE id = 1");
  await flushAll(store);
  expect(copyOf(store)).toMatchObject({ version: 2, isStale: true });
  expect(store.getState().snapshot?.stats.consistency).toEqual(NOT_CONSISTENT);
  await store.getState().runRedis('DEL user:1');
  // Consistent from the DEL, about 1 s after the acknowledgement: within 10 s. It stayed
  // "0 of 1" until a reader refilled the key, and for good when that came after 60 s.
  expect(store.getState().snapshot?.stats.consistency).toEqual({
    writes: 1,
    within1s: 0,
    within10s: 1,
    within60s: 1,
  });
  await store.getState().advanceClock(70_000);
  await store.getState().startRead('B', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  expect(copyOf(store)).toMatchObject({ version: 3, isStale: false });
  expect(store.getState().snapshot?.stats.consistency).toMatchObject({ within10s: 1 });
});

it('a console DEL after a clean flush moves nothing: the write was consistent, and an empty cache holds nothing older', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await flushAll(store);
  const judged = store.getState().snapshot?.stats.consistency;
  expect(judged).toMatchObject({ writes: 1, within10s: 1 });
  await store.getState().runRedis('DEL user:1');
  expect(store.getState().snapshot?.stats.consistency).toEqual(judged);
  await store.getState().startRead('B', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  expect(copyOf(store)).toMatchObject({ version: 2, isStale: false });
  expect(store.getState().snapshot?.stats.consistency).toEqual(judged);
});

it('a console DEL before the flush loses nothing; a read that misses before the flush caches the older row, and the write is not consistent', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await store.getState().runRedis('DEL user:1');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 1, lostWrites: 0 });
  await store.getState().startRead('B', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  await flushAll(store);
  expect(copyOf(store)).toMatchObject({ version: 1, isStale: true });
  expect(store.getState().snapshot?.stats).toMatchObject({ staleFills: 1, lostWrites: 0 });
  expect(store.getState().snapshot?.stats.consistency).toEqual(NOT_CONSISTENT);
});

it('a console DEL before the flush, then a second write: its copy, built from the database row, lacks the first write, and neither is consistent', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await store.getState().runRedis('DEL user:1');
  // B: GET misses, SELECT loads version 1 (without A's name), SET version 2, RPUSH.
  await store.getState().startWrite('B', 1, { plan: 'team' });
  for (let i = 0; i < 4; i++) await store.getState().stepActor('B');
  for (let i = 0; i < 8 && (store.getState().snapshot?.stats.pendingWrites ?? 0) > 0; i++)
    await store.getState().stepActor('flusher');
  const s = store.getState().snapshot!;
  expect(s.stats).toMatchObject({ flushedWrites: 2, lostWrites: 0 });
  expect(s.db.find((r) => r.id === 1)).toMatchObject({ name: 'n', plan: 'team', version: 3 });
  const copy = copyOf(store);
  expect(copy).toMatchObject({ version: 2, isStale: true });
  expect(copy?.value).not.toContain('"name":"n"');
  // It said 1 of 2 within 10 s: A judged consistent at its flush by the copy's version 2,
  // though that copy is B's, built without A's change.
  expect(s.stats.consistency).toEqual({
    writes: 2,
    within1s: 0,
    within10s: 0,
    within60s: 0,
    undecided: 2,
  });
});

it("the write's own copy typed back after a DEL while it is queued: judged at the flush against the row it makes, consistent", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  const typed = copyOf(store)!.value;
  await store.getState().runRedis('DEL user:1');
  await store.getState().runRedis(`SET user:1 '${typed}'`);
  await flushAll(store);
  expect(copyOf(store)).toMatchObject({ version: 2, isStale: false, isAhead: false });
  expect(store.getState().snapshot?.stats.consistency).toMatchObject({ writes: 1, within10s: 1 });
});

// A command that reads a key changes nothing: it is not a copy typed by hand, and the queued
// write's own copy (ahead of the row until the flush) is judged at its flush as if never read.
it('a console GET or TTL of the queued copy leaves the write to be judged at its flush: consistent', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await queuedWrite(store);
  await store.getState().runRedis('GET user:1');
  await store.getState().runRedis('TTL user:1');
  await flushAll(store);
  expect(copyOf(store)).toMatchObject({ version: 2, isStale: false });
  expect(store.getState().snapshot?.stats.consistency).toMatchObject({ writes: 1, within60s: 1 });
});
