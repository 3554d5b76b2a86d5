// A TTL command typed in the Redis console is told by what it did to the key's TTL, from Redis'
// reply and the key before and after it, as a GETEX's is: before, EXPIRE user:7 100 was told as
// "Redis now holds user:7 at version 1, the database's current row", without the TTL it now has,
// and an EXPIRE answered 0 as "it changed nothing", without why.
import { expect, it } from 'vitest';
import { selectToldLatest } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

const CURRENT = " Redis now holds user:7 at version 1, the database's current row.";

async function cachedUser7(ttlSeconds = 0) {
  const store = await freePlaySandbox({ ttlSeconds });
  await store.getState().startRead('A', 7);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:7')?.ttlMs).toBe(
    ttlSeconds > 0 ? ttlSeconds * 1000 : -1,
  );
  return store;
}

const told = async (store: Awaited<ReturnType<typeof cachedUser7>>, line: string) => {
  await store.getState().runRedis(line);
  return selectToldLatest(store.getState());
};

it('EXPIRE on a key without a TTL says the TTL it set, and what the key holds', async () => {
  const store = await cachedUser7();
  expect(await told(store, 'EXPIRE user:7 100')).toBe(
    `You ran EXPIRE user:7 100 in the Redis console: Redis answered 1 and set the TTL of user:7 to 100 s (it had no TTL).${CURRENT}`,
  );
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:7')?.ttlMs).toBe(100_000);
});

it('PEXPIRE and EXPIREAT change a TTL, PERSIST removes it: each said with the TTL it had', async () => {
  const store = await cachedUser7(60);
  // The TTL set is said exactly: before, 1500 ms read "2 s" and 3599999 ms "3600 s", more than set.
  expect(await told(store, 'PEXPIRE user:7 3599999')).toBe(
    `You ran PEXPIRE user:7 3599999 in the Redis console: Redis answered 1 and set the TTL of user:7 to 3,599,999 ms (it had 60 s left).${CURRENT}`,
  );
  expect(await told(store, 'EXPIRE user:7 3600')).toBe(
    `You ran EXPIRE user:7 3600 in the Redis console: Redis answered 1 and set the TTL of user:7 to 1 h (it had 3600 s left).${CURRENT}`,
  );
  expect(await told(store, 'PEXPIRE user:7 1500')).toBe(
    `You ran PEXPIRE user:7 1500 in the Redis console: Redis answered 1 and set the TTL of user:7 to 1,500 ms (it had 3600 s left).${CURRENT}`,
  );
  expect(await told(store, 'EXPIREAT user:7 4102444800')).toMatch(
    /^You ran EXPIREAT user:7 4102444800 in the Redis console: Redis answered 1 and set the TTL of user:7 to [\d,]+ ms \(it had 2 s left\)\./,
  );
  expect(await told(store, 'PERSIST user:7')).toMatch(
    /^You ran PERSIST user:7 in the Redis console: Redis answered 1 and removed the TTL of user:7 \(it had \d+ s left\): the key no longer expires\./,
  );
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:7')?.ttlMs).toBe(-1);
});

it('an expiry time already past deletes the key, and says so', async () => {
  const store = await cachedUser7(60);
  expect(await told(store, 'EXPIRE user:7 0')).toBe(
    'You ran EXPIRE user:7 0 in the Redis console: Redis answered 1 and deleted user:7, as the time it gave is not in the future. The next read of it misses and loads the row from the database.',
  );
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:7')).toBeUndefined();
});

it('an EXPIRE or PERSIST answered 0 says why nothing changed, and the TTL the key keeps', async () => {
  const store = await cachedUser7(60);
  expect(await told(store, 'EXPIRE user:7 100 NX')).toBe(
    'You ran EXPIRE user:7 100 NX in the Redis console: Redis answered 0 and changed nothing: NX sets a TTL only on a key without one, and user:7 has one (60 s left).',
  );
  expect(await told(store, 'EXPIRE user:7 100 LT')).toBe(
    "You ran EXPIRE user:7 100 LT in the Redis console: Redis answered 0 and changed nothing: LT sets a TTL only when it is less than the key's, and user:7 has 60 s left.",
  );
  expect(await told(store, 'EXPIRE user:7 10 GT')).toBe(
    "You ran EXPIRE user:7 10 GT in the Redis console: Redis answered 0 and changed nothing: GT sets a TTL only when it is greater than the key's, and user:7 has 60 s left.",
  );
  await store.getState().runRedis('PERSIST user:7');
  expect(await told(store, 'EXPIRE user:7 100 XX')).toBe(
    'You ran EXPIRE user:7 100 XX in the Redis console: Redis answered 0 and changed nothing: XX sets a TTL only on a key that has one, and user:7 has none.',
  );
  expect(await told(store, 'EXPIRE user:7 100 GT')).toBe(
    "You ran EXPIRE user:7 100 GT in the Redis console: Redis answered 0 and changed nothing: GT sets a TTL only when it is greater than the key's, and user:7 has none: a key without a TTL never expires, which no TTL is greater than.",
  );
  expect(await told(store, 'PERSIST user:7')).toBe(
    'You ran PERSIST user:7 in the Redis console: Redis answered 0 and changed nothing: user:7 has no TTL to remove.',
  );
  expect(await told(store, 'EXPIRE user:8 100')).toBe(
    'You ran EXPIRE user:8 100 in the Redis console: Redis answered 0 and changed nothing: user:8 does not exist.',
  );
});

it('a TTL beyond 2^53 ms is said in rounded years, as the Redis panel shows it, never in seconds that may be wrong', async () => {
  // The TTL reaches the page as a double a second or so off the console's PTTL: 700 ms after
  // this PEXPIREAT the panel read "2501999302087 h 36 min 32 s" where PTTL gave 36 min 31 s.
  const store = await cachedUser7(60);
  expect(await told(store, 'PEXPIREAT user:7 9007199254740993000')).toBe(
    `You ran PEXPIREAT user:7 9007199254740993000 in the Redis console: Redis answered 1 and set the TTL of user:7 to about 285 million years (it had 60 s left).${CURRENT}`,
  );
  await store.getState().advanceClock(700);
  expect(await told(store, 'EXPIRE user:7 100 NX')).toBe(
    'You ran EXPIRE user:7 100 NX in the Redis console: Redis answered 0 and changed nothing: NX sets a TTL only on a key without one, and user:7 has one (about 285 million years left).',
  );
});
