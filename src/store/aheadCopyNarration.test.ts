import { describe, expect, it } from 'vitest';
import { selectToldLatest } from './narrationSelectors';
import type { SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

/** Under write-behind, A's write of user:1 acknowledged and queued: Redis holds version 2, the row 1. */
async function queuedWrite(): Promise<SandboxStoreApi> {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startWrite('A', 1, { plan: 'team' });
  // GET, SELECT (a miss loads the row), SET, RPUSH.
  for (let i = 0; i < 4; i++) await store.getState().step();
  expect(store.getState().snapshot?.stats.pendingWrites).toBe(1);
  return store;
}

/** B reads user:1 to its end (the flusher waits its 1 s, so the read comes first). */
async function readUser1(store: SandboxStoreApi) {
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  return store.getState().snapshot!;
}

const LOST_ONE =
  ' This line lost 1 write the application had queued and acknowledged: it never reaches the database, and Writes lost counts it.';

it('a FLUSHALL or an LPOP of the queue says the queued writes it lost, in its own sentence', async () => {
  for (const [line, said] of [
    ['FLUSHALL', 'You emptied Redis from the console: every read misses until it is filled again.'],
    ['LPOP write-behind:queue', 'You changed Redis from the console (LPOP write-behind:queue).'],
  ]) {
    const store = await queuedWrite();
    await store.getState().runRedis(line);
    expect(store.getState().snapshot?.stats.lostWrites).toBe(1);
    expect(selectToldLatest(store.getState())).toBe(`${said}${LOST_ONE}`);
  }
});

describe('a database change told beside a copy ahead of its row (write-behind)', () => {
  it('does not say no copy differs while user:1 is AHEAD: a read that hits it is fresh, as said', async () => {
    const store = await queuedWrite();
    await store.getState().runSql("UPDATE users SET name = 'x' WHERE id = 2");
    // Before: "... behind the cache's back. No cached copy differs from its row." beside user:1's
    // AHEAD badge and its "Differs from the database row" table.
    expect(selectToldLatest(store.getState())).toBe(
      "You ran UPDATE users SET name = 'x' WHERE id = 2 in the SQL console: the database changed behind the cache's back. Redis holds user:1 at version 2, newer than the database's version 1: the cache holds a write not yet in the database (AHEAD), and a read that hits it is not stale.",
    );
    const snap = await readUser1(store);
    expect(snap.events.at(-1)).toMatchObject({ actor: 'B', isHit: true, rowVersion: 2 });
    expect(snap.stats.staleReads).toBe(0);
  });

  it('says a copy whose write was lost with the queue is STALE to read, as the read is counted', async () => {
    const store = await queuedWrite();
    await store.getState().runRedis('DEL write-behind:queue');
    // The line is told with the write it lost, as Writes lost counts it: before, only a note did.
    expect(store.getState().snapshot?.stats.lostWrites).toBe(1);
    expect(selectToldLatest(store.getState())).toBe(
      `You deleted write-behind:queue from the Redis console.${LOST_ONE}`,
    );
    await store.getState().runSql("UPDATE users SET name = 'x' WHERE id = 2");
    expect(selectToldLatest(store.getState())).toBe(
      "You ran UPDATE users SET name = 'x' WHERE id = 2 in the SQL console: the database changed behind the cache's back. Redis holds user:1 at version 2, newer than the database's version 1: no write on its way will bring the database to it, so a read that hits it is STALE.",
    );
    const snap = await readUser1(store);
    expect(snap.events.at(-1)).toMatchObject({ actor: 'B', isHit: true, rowVersion: 2 });
    expect(snap.stats.staleReads).toBe(1);
  });
});
