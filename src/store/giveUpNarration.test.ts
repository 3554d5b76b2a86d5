// A lease or single-flight reader that cannot take the lease or lock waits and tries again, five
// times by default; after its last lost try it reads the database and caches nothing. Until
// 2026-12-05 that last SET NX said "A waits and retries" and the SELECT after it was told as any
// SELECT, so the page described a retry that never came.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it.each([
  ['lease', 'lease'],
  ['single-flight', 'lock'],
] as const)(
  'under %s: the last lost try says so, and so does the SELECT after it',
  async (m, what) => {
    const store = await freePlaySandbox({ readMitigation: m });
    await store.getState().runRedis(`SET ${what}:user:1 me`);
    await store.getState().startRead('A', 1);
    // Six tries (GET, SET NX), five waits between them.
    for (let i = 0; i < 17; i++) expect(await store.getState().stepActor('A')).toBeNull();
    expect(selectToldStep(store.getState())).toBe(
      `Step 17: A sends SET ${what}:user:1 A-1 NX PX 10000: (nil), the ${what} is taken: the console set it, token "me", and no read under way holds it, so none is ${what === 'lease' ? 'filling' : 'loading'} the row: it stays until it is removed (it has no TTL), and that was A's last try: A waits no more and reads the database, without filling the cache.`,
    );
    expect(await store.getState().stepActor('A')).toBeNull();
    expect(selectToldStep(store.getState())).toBe(
      'Step 18: A runs SELECT * FROM users WHERE id = 1 and receives version 1. A ran out of retries without a row from the cache, so it returns this row and caches nothing.',
    );
    expect(store.getState().snapshot?.cache.map((e) => e.key)).toEqual([`${what}:user:1`]);
    // An earlier lost try still waits and tries again.
    await store.getState().back();
    await store.getState().back();
    await store.getState().back();
    await store.getState().back();
    expect(selectToldStep(store.getState())).toMatch(
      /^Step 14: .*\(nil\), the (lease|lock) is taken: the console set it, .*; A (waits and retries|waits and reads the cache again)\.$/,
    );
  },
);
