import { describe, expect, it } from 'vitest';
import { freePlayRunning } from '../app/testLearner';
import { READ_STARTER } from '../engine/programs/learnerSources';
import {
  selectLatestNote,
  selectToldBefore,
  selectToldLatest,
  selectToldStep,
} from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';
import type { SandboxStoreApi } from './sandboxStore';

/** A read of user:1 stepped to its end: Redis holds version 1, with the given TTL. */
async function cachedUser1(store: SandboxStoreApi): Promise<void> {
  await store.getState().startRead('A', 1);
  while (store.getState().canStep) await store.getState().step();
}

const SET_STEP = /^Step 3: A sends SET user:1 .*Redis holds version 1, the current row\.$/;

describe('free play tells the newest input, not only the newest Step', () => {
  it('a restart after a Step: the live line tells the keys it lost, the Step is marked as told before it', async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    expect(selectToldLatest(store.getState())).toMatch(SET_STEP);
    expect(selectToldBefore(store.getState())).toBeNull();
    await store.getState().restartCache();
    const s = store.getState();
    expect(s.snapshot?.cache).toEqual([]);
    expect(selectToldLatest(s)).toBe(
      'Redis restarts with an empty memory: it lost the cached copy it held.',
    );
    // The Step's "Redis holds version 1" is kept, but never as what holds now.
    expect(selectToldBefore(s)).toMatch(
      /^Told before the input since \(what it says may no longer hold\): Step 3: A sends SET user:1 /,
    );
    // selectToldStep still tells the last Step (a Step's own narration is unchanged).
    expect(selectToldStep(s)).toMatch(SET_STEP);
  });

  it('console lines the console refused are not counted among the inputs since a Step', async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    // Refused, so nothing was sent: what the Step told still holds, and the mark says why.
    for (const line of ['FOO bar', 'MONITOR', 'SET k "open']) await store.getState().runRedis(line);
    expect(store.getState().snapshot?.events).toHaveLength(3);
    expect(selectToldBefore(store.getState())).toMatch(
      /^Told before the 3 console lines since, which the console refused \(nothing was sent, so it still holds\): Step 3: A sends SET user:1 /,
    );
    // A line that ran (an error answered by Redis ran too) counts; the refused ones still do not.
    await store.getState().runRedis('SET k v');
    await store.getState().runRedis('FOO');
    await store.getState().runRedis('INCR k');
    expect(store.getState().snapshot?.events).toHaveLength(5);
    expect(selectToldBefore(store.getState())).toMatch(
      /^Told before the 2 inputs since \(what it says may no longer hold\): Step 3: A sends SET user:1 /,
    );
  });

  it('a restart under write-behind tells the queued writes it lost, as Writes lost counts them', async () => {
    const store = await freePlaySandbox({ pattern: 'write-behind' });
    await store.getState().startWrite('A', 1, { name: 'X' });
    // GET, SELECT, SET, RPUSH: the write is acknowledged and queued, not yet flushed.
    for (let i = 0; i < 4; i++) await store.getState().step();
    await store.getState().restartCache();
    const s = store.getState();
    expect(s.snapshot?.stats.lostWrites).toBe(1);
    expect(selectToldLatest(s)).toBe(
      // user:1's copy and write-behind:queue: the queue is told on its own, not counted as a copy.
      'Redis restarts with an empty memory: it lost the cached copy it held. The write-behind queue went with it: 1 write the application had queued and acknowledged never reaches the database, and Writes lost counts it.',
    );
  });

  it('a restart names the keys it lost that are no cached copy, apart from the copies', async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    await store.getState().startRead('A', 2);
    while (store.getState().canStep) await store.getState().step();
    await store.getState().runRedis('SET lock:user:1 me');
    await store.getState().restartCache();
    expect(selectToldLatest(store.getState())).toBe(
      'Redis restarts with an empty memory: it lost the 2 cached copies it held and lock:user:1.',
    );
    const empty = await freePlaySandbox();
    await empty.getState().runRedis('SET lock:user:1 me');
    await empty.getState().restartCache();
    expect(selectToldLatest(empty.getState())).toBe(
      'Redis restarts with an empty memory: it held no cached copy; it lost lock:user:1.',
    );
  });

  it('a restart while Redis is down says it is reachable again', async () => {
    const store = await freePlaySandbox();
    await store.getState().setCacheAvailable(false);
    await store.getState().restartCache();
    expect(selectToldLatest(store.getState())).toBe(
      'Redis restarts with an empty memory (it was down: it is reachable again): it held no keys, so none are lost.',
    );
  });

  it('Redis down: what reads and writes do now, as the programs of these settings do it', async () => {
    const store = await freePlaySandbox();
    await store.getState().setCacheAvailable(false);
    expect(selectToldLatest(store.getState())).toBe(
      "Redis goes down: every command to it fails with a connection error until it is back. Reads fall back to the database: correct, at its cost, and nothing is cached. A write's UPDATE commits, but its DEL fails: a copy cached before it stays once Redis is back, older than the row (a lost invalidation).",
    );
    await store.getState().setCacheAvailable(false);
    expect(selectToldLatest(store.getState())).toBe('Redis is already down, so nothing changes.');

    const behind = await freePlaySandbox({ pattern: 'write-behind' });
    await behind.getState().setCacheAvailable(false);
    expect(selectToldLatest(behind.getState())).toContain(
      'A write goes to the database directly (nothing is queued), and a copy cached before it stays once Redis is back, older than the row.',
    );
    // update-cache's store is a plain SET, or under versioned fills the fill's script.
    for (const [readMitigation, store] of [
      ['none', 'SET of the new row'],
      ['versioned-fill', 'store of the new row (EVAL FILL_IF_NEWER)'],
    ] as const) {
      const updating = await freePlaySandbox({ writePolicy: 'update-cache', readMitigation });
      await updating.getState().setCacheAvailable(false);
      expect(selectToldLatest(updating.getState())).toContain(
        `A write's UPDATE commits, but its ${store} fails: a copy cached before it stays once Redis is back, older than the row.`,
      );
    }
    // Writes already queued stay in Redis, out of the flusher's reach, and the database a read
    // falls back to does not have them yet.
    const queued = await freePlaySandbox({ pattern: 'write-behind' });
    await queued.getState().startWrite('A', 1, { name: 'X' });
    for (let i = 0; i < 4; i++) await queued.getState().step(); // GET, SELECT, SET, RPUSH
    await queued.getState().startRead('B', 1);
    await queued.getState().setCacheAvailable(false);
    const s = queued.getState();
    expect(s.snapshot?.stats.pendingWrites).toBe(1);
    expect(selectToldLatest(s)).toContain(
      "The write already queued stays in Redis' queue, where the flusher cannot reach it until Redis is back; until then the database a read falls back to does not have it, so that read gets the row as it was before it.",
    );
    // As said: B's read goes to the database and gets version 1, older than the write A was told
    // had succeeded.
    const told: string[] = [];
    const bBusy = () => queued.getState().snapshot?.actors.find((a) => a.name === 'B')?.task;
    while (bBusy()) {
      await queued.getState().stepActor('B');
      told.push(selectToldLatest(queued.getState()) ?? '');
    }
    expect(told).toContainEqual(
      expect.stringMatching(
        /^Step \d+: B runs SELECT \* FROM users WHERE id = 1 and receives version 1\. A write of this row is still queued, acknowledged but not yet in the database, and Redis, which holds the queue, is down: this row leaves that write out/,
      ),
    );
  });

  it('Redis back up names the copies a write left stale while it was down', async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    await store.getState().setCacheAvailable(false);
    await store.getState().startWrite('B', 1, { name: 'Zed' });
    while (store.getState().canStep) await store.getState().step();
    await store.getState().setCacheAvailable(true);
    expect(selectToldLatest(store.getState())).toBe(
      'Redis is reachable again with the keys it held, less any whose TTL ran out while it was down. Redis holds a copy that no longer matches its row: user:1; a read that hits it is STALE.',
    );
  });

  it('a read started says what Step sends first, and whose Step', async () => {
    const store = await freePlaySandbox({ actorCount: 2 });
    await store.getState().startRead('B', 2);
    expect(selectToldLatest(store.getState())).toBe(
      'B starts a read of user:2. Step (→) sends its first command, GET user:2.',
    );
    await store.getState().startWrite('A', 1, { name: 'X' });
    // A plain Step moves the first actor with work: A, not B.
    expect(selectToldLatest(store.getState())).toBe(
      "A starts a write of user:1 (name: X). Step (→) sends its first command, UPDATE users SET name = 'X', version = version + 1, updated_at = now WHERE id = 1 RETURNING *.",
    );
    await store.getState().startRead('B', 3);
    expect(selectToldLatest(store.getState())).toBe(
      'B queues a read of user:3. It waits until its unfinished request is done.',
    );
  });

  it('a read whose code fails before its first command says so, not that Step sends a command', async () => {
    const { sandbox: store } = await freePlayRunning({
      read: 'function* read(id) {\n  yield sleep(-5);\n}',
    });
    await store.getState().startRead('A', 1);
    expect(selectToldLatest(store.getState())).toBe(
      'A starts a read of user:1. Its read path failed before sending any command: Step (→) ends the read.',
    );
  });

  it("with your read path, what a read does is your code's, not foretold", async () => {
    const { sandbox: store } = await freePlayRunning({ read: READ_STARTER });
    await store.getState().runRedis('SET user:1 x');
    await store.getState().runRedis('DEL user:1');
    expect(selectToldLatest(store.getState())).toBe('You deleted user:1 from the Redis console.');
    await store.getState().setCacheAvailable(false);
    expect(selectToldLatest(store.getState())).toBe(
      "Redis goes down: every command to it fails with a connection error until it is back. Your read path decides what a failed command does. A write's UPDATE commits, but its DEL fails: a copy cached before it stays once Redis is back, older than the row (a lost invalidation).",
    );
  });

  it('the clock: the keys whose TTL ran out, or none', async () => {
    const store = await freePlaySandbox({ ttlSeconds: 60 });
    await cachedUser1(store);
    await store.getState().advanceClock(30_000);
    expect(selectToldLatest(store.getState())).toBe(
      "The virtual clock moves on 30 s: no key's TTL runs out in that time, so Redis holds what it held.",
    );
    await store.getState().advanceClock(30_000);
    expect(store.getState().snapshot?.cache).toEqual([]);
    expect(selectToldLatest(store.getState())).toBe(
      'The virtual clock moves on 30 s: user:1 expires (TTL ran out), so Redis no longer holds it.',
    );
    expect(selectToldBefore(store.getState())).toMatch(/^Told before the 2 inputs since /);
    // Many keys: the first three, soonest first, and how many more.
    for (const k of ['k5', 'k4', 'k3', 'k2', 'k1'])
      await store.getState().runRedis(`SET ${k} v EX 5`);
    await store.getState().runRedis('SET k0 v EX 3');
    await store.getState().advanceClock(10_000);
    expect(selectToldLatest(store.getState())).toBe(
      'The virtual clock moves on 10 s: k0, k1, k2 and 3 more expire (TTL ran out), so Redis no longer holds them.',
    );
  });

  it('a console TOUCH: no value changed, but a use of each key, which eviction goes by', async () => {
    // Before: "it changed nothing", though OBJECT FREQ went from 5 to 6 under allkeys-lfu.
    const store = await freePlaySandbox({ maxKeys: 50, eviction: 'allkeys-lfu' });
    await cachedUser1(store);
    await store.getState().runRedis('TOUCH user:1 nosuch');
    expect(selectToldLatest(store.getState())).toBe(
      'You ran TOUCH user:1 nosuch in the Redis console: it changed no value, but counts as a use of each key it named that exists, which eviction under allkeys-lfu goes by (Max keys 50).',
    );
    const bare = await freePlaySandbox();
    await bare.getState().runRedis('TOUCH k');
    expect(selectToldLatest(bare.getState())).toMatch(
      /it changed no value, but counts as a use of each key it named that exists, which only eviction would go by \(with Max keys set and an eviction policy\)\.$/,
    );
  });

  it('a console line: what it changed, judged against the row', async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    await store.getState().runRedis('GET user:1');
    expect(selectToldLatest(store.getState())).toBe(
      'You ran GET user:1 in the Redis console: it changed nothing.',
    );
    await store.getState().runSql("UPDATE users SET name = 'Zed', version = 2 WHERE id = 1");
    expect(selectToldLatest(store.getState())).toBe(
      "You ran UPDATE users SET name = 'Zed', version = 2 WHERE id = 1 in the SQL console: the database changed behind the cache's back. Redis holds a copy that no longer matches its row: user:1; a read that hits it is STALE.",
    );
    await store.getState().runRedis('EXPIRE user:1 100');
    expect(selectToldLatest(store.getState())).toBe(
      "You ran EXPIRE user:1 100 in the Redis console: Redis answered 1 and set the TTL of user:1 to 100 s (it had 3600 s left). Redis now holds user:1 at version 1, older than the database's version 2: STALE.",
    );
    await store.getState().runRedis('DEL user:1');
    expect(selectToldLatest(store.getState())).toBe(
      'You deleted user:1 from the Redis console. The next read of it misses and loads the row from the database.',
    );
    await store.getState().runRedis('NOSUCH');
    expect(selectToldLatest(store.getState())).toBe(
      'The Redis console refused NOSUCH: nothing was sent, and nothing changed.',
    );
  });

  it('a console line that leaves a value that is no row says what a read makes of it', async () => {
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET user:1 garbage');
    expect(selectToldLatest(store.getState())).toBe(
      'You changed Redis from the console (SET user:1 garbage). Redis now holds a value at user:1 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does.',
    );
    await store.getState().runRedis('DEL user:1');
    await store.getState().runRedis('HSET user:1 a b');
    // A GET of a hash is refused (WRONGTYPE): a cache error, not a miss.
    expect(selectToldLatest(store.getState())).toBe(
      "You changed Redis from the console (HSET user:1 a b). Redis now holds a hash at user:1, not its row: a read's GET of it fails (WRONGTYPE), so the read deletes it, reads the database and fills the key as its miss path does.",
    );
  });

  it('a console line on several keys tells each user key it changed, not only the first', async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    await store.getState().runRedis('MSET user:1 a user:2 b');
    expect(selectToldLatest(store.getState())).toBe(
      'You changed Redis from the console (MSET user:1 a user:2 b). Redis now holds a value at user:1 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does. Redis now holds a value at user:2 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does.',
    );
    await store.getState().runRedis('DEL user:1 user:2 user:3');
    expect(selectToldLatest(store.getState())).toBe(
      'You deleted user:1, user:2 and user:3 from the Redis console (Redis answered (integer) 2: that many of them were there). The next read of each misses and loads the row from the database.',
    );
    await store.getState().runRedis('SET k v');
    await store.getState().runRedis('RENAME k user:9');
    expect(selectToldLatest(store.getState())).toBe(
      'You changed Redis from the console (RENAME k user:9). Redis now holds a value at user:9 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does.',
    );
    // With a key beside it, "it" is named: before, "The next read of it misses" left which unsaid.
    await store.getState().runRedis('DEL write-behind:queue user:9');
    expect(selectToldLatest(store.getState())).toBe(
      'You deleted write-behind:queue and user:9 from the Redis console (Redis answered (integer) 1: that many of them were there). The next read of user:9 misses and loads the row from the database.',
    );
  });

  it("a console DEL while a request's next command stores the key again does not foretell that the next read misses", async () => {
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 1);
    await store.getState().step(); // GET: a miss
    await store.getState().step(); // SELECT: A's next command is its SET of user:1
    await store.getState().runRedis('SET user:1 x');
    await store.getState().runRedis('DEL user:1');
    expect(selectToldLatest(store.getState())).toMatch(
      /^You deleted user:1 from the Redis console\. A's next command, SET user:1 .* EX 3600, stores it again: a read whose GET comes before it misses and loads the row from the database\.$/,
    );
    // What the sentence says: after A's SET, the next read hits.
    await store.getState().step();
    await store.getState().startRead('B', 1);
    await store.getState().step();
    expect(store.getState().snapshot?.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  // The narration names the engine's scripts by name, as the diagrams do: this sentence quoted
  // the fill's text cut to fit ("A's next command, EVAL 'local cur = redis.call('GET', ...").
  it("names a request's next EVAL of the engine's script by the script's name", async () => {
    const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
    await store.getState().startRead('A', 1);
    await store.getState().step(); // GET: a miss
    await store.getState().step(); // SELECT: A's next command is its FILL_IF_NEWER of user:1
    await store.getState().runRedis('SET user:1 x');
    await store.getState().runRedis('DEL user:1');
    expect(selectToldLatest(store.getState())).toMatch(
      /^You deleted user:1 from the Redis console\. A's next command, EVAL FILL_IF_NEWER 1 user:1 '.*' 1 EX 3600, stores it again: /,
    );
  });

  it('a SQL line SQLite answers with an error says so, as a Redis line Redis answers with an error does', async () => {
    const store = await freePlaySandbox();
    await store.getState().runSql('UPDATE users SET nosuch = 1 WHERE id = 1');
    const output = store.getState().timeline.at(-1)?.output;
    expect(output).toEqual({ console: 'sql', result: { error: 'no such column: nosuch' } });
    expect(selectToldLatest(store.getState())).toBe(
      'You ran UPDATE users SET nosuch = 1 WHERE id = 1 in the SQL console: SQLite answered an error (no such column: nosuch), and nothing changed.',
    );
    await store.getState().runSql('SELECT name FROM users WHERE id = 1');
    expect(selectToldLatest(store.getState())).toBe(
      'You ran SELECT name FROM users WHERE id = 1 in the SQL console: it changed nothing.',
    );
  });

  it('a SQL line the console refuses (COMMIT) is told as refused, not as an error SQLite answered, and is no input', async () => {
    // Until 2026-12-07: "SQLite answered an error (COMMIT is not available here ...)", and the
    // last Step's text was marked "Told before the input since (what it says may no longer
    // hold)" for a line that ran nothing.
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 1);
    await store.getState().step();
    const result = await store.getState().runSql('COMMIT');
    expect(result).toEqual({
      error: 'COMMIT is not available here: each console line runs as one transaction of its own',
      isRefused: true,
    });
    expect(selectToldLatest(store.getState())).toBe(
      'The SQL console refused COMMIT (COMMIT is not available here: each console line runs as one …): SQLite ran none of it, and nothing changed.',
    );
    expect(selectToldBefore(store.getState())).toBe(
      'Told before the console line since, which the console refused (nothing was sent, so it still holds): Step 1: A sends GET user:1: (nil), a miss: the key is not in the cache.',
    );
    // A COMMIT after a statement SQLite ran (and the line's transaction undid) is no such refusal.
    const late = await store.getState().runSql("UPDATE users SET plan = 'x' WHERE id = 2; COMMIT");
    expect(late).toMatchObject({ error: expect.stringMatching(/^COMMIT is not available here/) });
    expect(late).not.toHaveProperty('isRefused');
    expect(selectToldLatest(store.getState())).toMatch(/SQLite answered an error/);
  });

  it('a Redis line typed while Redis is down never reached it: not told as an error Redis answered', async () => {
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET a 1');
    expect(selectToldLatest(store.getState())).not.toMatch(/never reached Redis/);
    await store.getState().setCacheAvailable(false);
    for (const line of ['FLUSHALL', 'GET a']) {
      expect(await store.getState().runRedis(line)).toEqual({
        text: '(error) Connection is closed.',
        isError: true,
      });
      expect(selectToldLatest(store.getState())).toBe(
        `You ran ${line} in the Redis console: it never reached Redis, which is down (a connection error: Connection is closed), so nothing changed.`,
      );
    }
    await store.getState().setCacheAvailable(true);
    await store.getState().runRedis('LPUSH a x');
    expect(selectToldLatest(store.getState())).toMatch(/Redis answered an error/);
  });

  it("a console line's copy STALE by other than its version is told as the Redis panel's badge tells it, never as older than a row at its own version", async () => {
    const store = await freePlaySandbox();
    await cachedUser1(store);
    const row = JSON.parse(store.getState().snapshot!.cache[0].value) as Record<string, unknown>;
    // The row's own version, with "id" as a string: STALE by its fields (the panel's table lists id).
    await store.getState().runRedis(`SET user:1 '${JSON.stringify({ ...row, id: '1' })}'`);
    expect(store.getState().snapshot?.cache[0]).toMatchObject({ isStale: true, isUnlikeRow: true });
    expect(selectToldLatest(store.getState())).toBe(
      `You changed Redis from the console (SET user:1 '{"id":"1","name":"Grace …). Redis now holds user:1 at version 1, with other fields than the row's: STALE.`,
    );
    // The console sets the row back below the copy's version: STALE · row set back.
    await store.getState().runRedis(`SET user:1 '${JSON.stringify({ ...row, version: 3 })}'`);
    await store.getState().runSql('UPDATE users SET version = 3 WHERE id = 1');
    await store.getState().runSql('UPDATE users SET version = 2 WHERE id = 1');
    await store.getState().runRedis('EXPIRE user:1 100');
    expect(store.getState().snapshot?.cache[0]).toMatchObject({ isStale: true, isSetBack: true });
    expect(selectToldLatest(store.getState())).toBe(
      "You ran EXPIRE user:1 100 in the Redis console: Redis answered 1 and set the TTL of user:1 to 100 s (it had no TTL). Redis now holds user:1 at version 3, newer than the database's version 2, which was set back: STALE.",
    );
    // Another user's row at the key: STALE · user 2's row.
    await store.getState().runRedis(`SET user:1 '${JSON.stringify({ ...row, id: 2 })}'`);
    expect(store.getState().snapshot?.cache[0]).toMatchObject({ isStale: true, otherUserId: 2 });
    expect(selectToldLatest(store.getState())).toMatch(
      /Redis now holds user:1 as user 2's row \(version 1\), not a copy of user 1's: STALE\.$/,
    );
  });

  it('a hit on a copy whose row was set back after its read began is told as that, not as write-behind', async () => {
    const store = await freePlaySandbox();
    await store.getState().runSql("UPDATE users SET plan = 'team' WHERE id = 1");
    await cachedUser1(store); // version 2 cached
    await store.getState().startRead('B', 1);
    await store.getState().runSql('UPDATE users SET version = 1 WHERE id = 1');
    await store.getState().step();
    // Until 2026-12-06: "... the cache's copy of an acknowledged write not yet in the database
    // (write-behind writes the cache first)", under cache-aside, beside the copy's STALE badge.
    expect(selectToldLatest(store.getState())).toBe(
      "Step 4: B sends GET user:1 and hits version 2, ahead of the database's version 1: the row was set back to it after this read began, so the read may return either and is not counted a stale read. The copy is a stale entry all the same (its STALE badge): a read that begins now and hits it is counted stale.",
    );
    expect(store.getState().snapshot?.stats.staleReads).toBe(0);
    await store.getState().startRead('A', 1);
    await store.getState().step();
    expect(store.getState().snapshot?.stats.staleReads).toBe(1);
  });

  it('a fill of a version the console gave other contents after its SELECT is not called the current row', async () => {
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 2);
    await store.getState().step(); // GET: a miss
    await store.getState().step(); // SELECT: version 1
    await store
      .getState()
      .runSql(
        "INSERT OR REPLACE INTO users (id, name, email, plan, version, updated_at) VALUES (2, 'Back', 'b@x', 'free', 1, 0)",
      );
    await store.getState().step(); // SET of the version 1 it read
    expect(store.getState().snapshot?.cache[0]).toMatchObject({ isStale: true, isUnlikeRow: true });
    // Until 2026-12-06: "Redis holds version 1, the current row.", beside its STALE badge; until
    // 2026-12-07 "...: STALE." while Stale fills, judging by versions alone, stayed at 0.
    expect(selectToldLatest(store.getState())).toMatch(
      /OK\. A STALE FILL: Redis now holds version 1, the database's version but not its row \(name "Alan Lovelace" where the row has "Back", email .*\), and no invalidation is on its way: it stays until its TTL ends it or another write of the row removes it\.$/,
    );
    expect(store.getState().snapshot?.stats.staleFills).toBe(1);
  });

  it("a Step's note is marked as told before an input that sent nothing after it", async () => {
    const store = await freePlaySandbox();
    await store.getState().runRedis('SET user:123 garbage');
    await store.getState().startRead('A', 123);
    await store.getState().step();
    expect(selectLatestNote(store.getState())).toMatch(/not JSON/);
    await store.getState().restartCache();
    expect(selectToldLatest(store.getState())).toBe(
      'Redis restarts with an empty memory: it lost the cached copy it held.',
    );
    expect(selectLatestNote(store.getState())).toMatch(
      /^Told before the input since \(what it says may no longer hold\): Corrupt cache entry at user:123: the value is not JSON/,
    );
    // Back undoes the Step with the input after it: the read is the newest, and no note is told.
    await store.getState().back();
    expect(selectToldLatest(store.getState())).toBe(
      'A starts a read of user:123. Step (→) sends its first command, GET user:123.',
    );
    expect(selectLatestNote(store.getState())).toBeUndefined();
    // Step redoes the Step and the restart after it: the restart is told again, the note marked.
    await store.getState().step();
    expect(selectToldLatest(store.getState())).toBe(
      'Redis restarts with an empty memory: it lost the cached copy it held.',
    );
    expect(selectLatestNote(store.getState())).toMatch(/^Told before the input since /);
  });
});
