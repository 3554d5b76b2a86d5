// A refused fill names what took its lease or entry, read from the keyspace and the command log
// at that step: a write's delete, its expiry, a restart, the console (until 2026-12-05 a lease's
// refusal listed every way it could be gone, "a write deleted it, it expired, or a restart or a
// console command removed it", where the log showed the one). A refresh-ahead reload names the
// one that refused it the same way.
import { expect, it } from 'vitest';
import type { SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

async function sandbox(config: object) {
  const store = await freePlaySandbox(config);
  return store;
}

it('lease: Redis restarted between the lease and the fill, with no write at all', async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().restartCache();
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats.dbWrites).toBe(0);
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: A's lease is gone \(a restart of Redis removed it\)\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it("lease: the clock moved past the lease's PX before the fill, with no write at all", async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(60_000);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: A's lease is gone \(it expired: the PX it was taken with ran out\)\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it('lease: a DEL of it in the console before the fill is named, and a GET of it is not', async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('GET lease:user:1');
  await store.getState().runRedis('DEL lease:user:1');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: A's lease is gone \(the console's DEL removed it\)\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it("lease: the console's SET of it with another token before the fill is named as what replaced it", async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('SET lease:user:1 mine PX 100000');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: A's lease is gone \(the console's SET replaced it\)\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it("lease: replaced by the console's SET, then deleted by a writer: the SET is named, as it came first", async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('SET lease:user:1 mine PX 100000');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toContain(
    "(integer) 0, the fill is refused: A's lease is gone (the console's SET replaced it).",
  );
});

it('lease: the writer DELs a lease that had expired already: the expiry is named, not the DEL', async () => {
  const store = await sandbox({ readMitigation: 'lease' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(60_000);
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toContain(
    "(integer) 0, the fill is refused: A's lease is gone (it expired: the PX it was taken with ran out).",
  );
});

it('refresh-ahead: the entry expired before the reload stored it, with no write at all', async () => {
  const store = await sandbox({ pattern: 'refresh-ahead', ttlSeconds: 10 });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(9000);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().advanceClock(2000);
  await store.getState().step();
  await store.getState().step();
  const told = selectToldStep(store.getState()) ?? '';
  expect(told).toMatch(/^Step 7: The cache's refresher sends EVAL /);
  expect(told).toContain(
    '(integer) 0, the fill is refused: the entry expired (its TTL ended) before the reload could store it, and the reload only replaces an entry still there. Nothing is cached this time, though version 1 was the current row.',
  );
});

/** A refresh-ahead reload under way (its SELECT done), with `between` typed before its EVAL. */
async function reloadAfter(between: string | ((store: SandboxStoreApi) => Promise<unknown>)) {
  const store = await sandbox({ pattern: 'refresh-ahead', ttlSeconds: 10 });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(9000);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().step();
  if (typeof between === 'string')
    expect((await store.getState().runRedis(between)).isError).toBe(false);
  else await between(store);
  await store.getState().step();
  return selectToldStep(store.getState()) ?? '';
}

it("refresh-ahead: a console DEL between the reload's SELECT and its EVAL is named as what refused it", async () => {
  const told = await reloadAfter('DEL user:1');
  expect(told).toMatch(/^Step 7: The cache's refresher sends EVAL /);
  expect(told).toContain(
    "(integer) 0, the fill is refused: the entry is gone (the console's DEL removed it), and the reload only replaces an entry still there.",
  );
});

it('refresh-ahead: a newer row set from the console is named, with its version and who stored it', async () => {
  const told = await reloadAfter(
    `SET user:1 '{"id":1,"name":"x","email":"e","plan":"free","version":5,"updated_at":0}'`,
  );
  expect(told).toContain(
    '(integer) 0, the fill is refused: Redis holds version 5 (stored by the console (by hand)), newer than the version 1 the reload read, and the reload never puts an older row back.',
  );
});

it('refresh-ahead: a restart or an EXPIRE from the console between its steps is named, not every cause', async () => {
  const gone = (by: string) =>
    `(integer) 0, the fill is refused: the entry is gone (${by} removed it), and the reload only replaces an entry still there.`;
  expect(await reloadAfter((store) => store.getState().restartCache())).toContain(
    gone('a restart of Redis'),
  );
  expect(await reloadAfter('EXPIRE user:1 0')).toContain(gone("the console's EXPIRE"));
  expect(await reloadAfter('FLUSHALL')).toContain(gone("the console's FLUSHALL"));
});

it('lease: evicted at the key limit by another reader’s lease, the refused fill says Redis evicted it', async () => {
  const store = await sandbox({ readMitigation: 'lease', maxKeys: 1, eviction: 'allkeys-lru' });
  const s = () => store.getState();
  await s().startRead('A', 1);
  await s().stepActor('A'); // GET: a miss
  await s().stepActor('A'); // SET lease:user:1 NX PX
  await s().advanceClock(1000); // A's lease is now the less recently used key
  await s().startRead('B', 2);
  await s().stepActor('B');
  await s().stepActor('B'); // B's lease takes the one key: A's is evicted
  expect(s().snapshot?.redisLog.at(-1)).toMatchObject({
    actor: 'evict',
    argv: ['DEL', 'lease:user:1'],
  });
  await s().stepActor('A'); // SELECT
  await s().stepActor('A'); // the fill, refused
  expect(selectToldStep(s())).toMatch(
    /: \(integer\) 0, the fill is refused: A's lease is gone \(Redis evicted it: it was at its key limit\)\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it('single-flight: its own fill evicted its lock at a one-key limit, and the release says so', async () => {
  const store = await sandbox({
    readMitigation: 'single-flight',
    maxKeys: 1,
    eviction: 'allkeys-lru',
  });
  const s = () => store.getState();
  await s().startRead('A', 1);
  await s().stepActor('A'); // GET: a miss
  await s().stepActor('A'); // SET lock NX PX
  await s().advanceClock(1000);
  await s().stepActor('A'); // SELECT
  await s().stepActor('A'); // SET user:1: the lock is evicted to make room
  await s().stepActor('A'); // the release: 0
  expect(selectToldStep(s())).toMatch(
    /: \(integer\) 0, the lock was no longer A's: A's own lock was gone \(Redis evicted it: it was at its key limit\), so the script deleted nothing\.$/,
  );
});
