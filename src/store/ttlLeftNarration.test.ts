// A reader's PTTL told from what its read did with the reply: early refresh (XFetch) refreshes
// in the reader itself, after a random draw; refresh-ahead's cache starts a background reload
// below its share. Neither is told for the other, and -1 / -2 are not milliseconds left.
import { describe, expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

/** A cached user:1 with a 10 s TTL, the clock moved on `ms`, then B's read up to its PTTL. */
async function readToPttl(config: object, ms: number, between?: string) {
  const store = await freePlaySandbox({ ttlSeconds: 10, ...config });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().advanceClock(ms);
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  if (between !== undefined) await store.getState().runRedis(between);
  await store.getState().stepActor('B');
  return store;
}

const told = (store: Awaited<ReturnType<typeof readToPttl>>) =>
  selectToldStep(store.getState()) ?? '';

describe('early refresh: the PTTL says whether this reader refreshes the key itself', () => {
  it('3 ms left: the draw picks this read, which reads the database next', async () => {
    const store = await readToPttl({ readMitigation: 'early-refresh' }, 9997);
    expect(told(store)).toBe(
      'Step 5: B sends PTTL user:1: 3 ms of its TTL remain. The early-refresh draw picks this read to refresh the key before it expires: B reads the database to refill it.',
    );
    await store.getState().stepActor('B');
    expect(told(store)).toMatch(/^Step 6: B runs SELECT/);
  });

  it('most of the TTL left: the draw does not pick this read, which returns the cached row', async () => {
    const store = await readToPttl({ readMitigation: 'early-refresh' }, 1000);
    expect(told(store)).toBe(
      'Step 5: B sends PTTL user:1: 9,000 ms (9 s) of its TTL remain. The early-refresh draw does not pick this read to refresh the key: B returns the cached row.',
    );
    expect(store.getState().snapshot?.actors.find((a) => a.name === 'B')?.task).toBeNull();
  });

  it('a key without a TTL left (PERSIST between GET and PTTL): no milliseconds are told', async () => {
    const store = await readToPttl({ readMitigation: 'early-refresh' }, 1000, 'PERSIST user:1');
    expect(told(store)).toBe(
      'Step 5: B sends PTTL user:1: (integer) -1, the key has no TTL, so it never expires and it is not refreshed early: B returns the cached row.',
    );
  });
});

describe('refresh-ahead: the PTTL of a key that has no TTL left to tell', () => {
  it('a key deleted between GET and PTTL: no reload, and no "-2 ms" remaining', async () => {
    const store = await readToPttl({ pattern: 'refresh-ahead' }, 9000, 'DEL user:1');
    expect(told(store)).toBe(
      'Step 5: The cache (for B) sends PTTL user:1: (integer) -2, the key is no longer there (it expired or was deleted after the GET), so no reload starts: B returns the copy its GET got.',
    );
  });

  it('a key without a TTL: no reload starts', async () => {
    const store = await readToPttl({ pattern: 'refresh-ahead' }, 9000, 'PERSIST user:1');
    expect(told(store)).toBe(
      'Step 5: The cache (for B) sends PTTL user:1: (integer) -1, the key has no TTL, so it never expires and no reload starts: B returns the cached row.',
    );
  });
});

describe('a read that ends on its PTTL is judged there, and the sentence says so', () => {
  it.each([
    [{ pattern: 'refresh-ahead' }, 'The cache (for B) sends PTTL'],
    [{ readMitigation: 'early-refresh' }, 'B sends PTTL'],
  ])('%o: a hit on a copy older than the row is a STALE READ on the PTTL', async (config, sent) => {
    const store = await freePlaySandbox({ ttlSeconds: 10, ...config });
    await store.getState().startRead('A', 1);
    for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
    await store.getState().runSql("UPDATE users SET plan = 'pro' WHERE id = 1");
    await store.getState().startRead('B', 1);
    await store.getState().stepActor('B');
    await store.getState().stepActor('B');
    expect(store.getState().snapshot?.stats.staleReads).toBe(1);
    const text = selectToldStep(store.getState()) ?? '';
    expect(text).toMatch(
      new RegExp(
        `^Step 5: ${sent.replace(/[()]/g, '\\$&')} user:1: [\\d,]+ ms( \\(\\d+ s\\))? of its TTL remain`,
      ),
    );
    expect(text).toMatch(
      / A STALE READ: the database has held version 2 since before this read began\.$/,
    );
  });
});
