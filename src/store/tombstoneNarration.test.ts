// Under versioned fills a GET that finds a tombstone counts as a miss. A tombstone a write left
// marks a change of the row; one newer than anything the database committed (typed in the
// console) marks none, and the sentence does not say the row changed.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it('a tombstone a write left: the row changed', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    'Step 3: A sends GET user:1 and finds a tombstone (version 2): the row changed, so it counts as a miss and A reads the database.',
  );
});

it('a tombstone typed in the console, newer than the row: no change of the row is claimed', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().runRedis(`SET user:1 '{"tombstone":true,"version":9}'`);
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    "Step 1: A sends GET user:1 and finds a tombstone (version 9), newer than the database's version 1, so no write of the row left it: it counts as a miss and A reads the database.",
  );
});

it("a write's tombstone over an empty key: no older copy is said to be gone", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 2: B sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 1\. user:1 held nothing, so a tombstone of version 2 now stands in it: no row older than version 2 can be filled over it\.$/,
  );
});

it('a writer that finishes after a newer one leaves the newer tombstone as it is', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 4: A sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 0\. Redis already holds version 2 or newer \(a row refilled since, or a tombstone\), so this invalidation changes nothing: it never removes or lowers a newer entry\.$/,
  );
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.value).toBe('{"tombstone":true,"version":3}');
});

// The script keeps any entry whose version is not older than its own, whatever it is: the
// sentence says what it kept when that is no version of the row (typed in the console, which
// may set no TTL).
it("a writer's tombstone refused by another user's row: the row it kept is named", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().runRedis(`SET user:1 '{"id":2,"name":"x","version":5}'`);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 2: B sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 0\. Redis holds user 2's row \(version 5\) in user:1, and the script compares only versions: version 5 is not older than 2, so this invalidation changes nothing, and user:1 keeps another user's row until its TTL, if it has one, ends it or a tombstone of a later version replaces it\.$/,
  );
});

it("a writer's tombstone refused by a row newer than the database's: the row it kept is named", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().runRedis(`SET user:1 '{"id":1,"name":"x","version":9}'`);
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 2: B sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 0\. Redis holds version 9 in user:1, newer than the database's version 2, which no write of the row left, and the script removes only an older entry: this invalidation changes nothing, and version 9 stays until its TTL, if it has one, ends it or a tombstone of a later version replaces it\.$/,
  );
});

// The script replaces any string it reads no newer version in: what it replaced is said as the
// engine read it before the script ran, never as "an older copy" when it was none.
it("a write's tombstone over a string that is no row: the value it replaced is named", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().runRedis('SET user:1 hello');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(
    /^Step 2: B sends EVAL .* 1 user:1 2 EX 3600: \(integer\) 1\. user:1 held "hello", which is no copy of the row: the script reads no version in it, and replaces any such value, so a tombstone of version 2 now stands in user:1 in its place: no row older than version 2 can be filled over it\.$/,
  );
  expect(told).not.toContain('older copy');
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.value).toBe('{"tombstone":true,"version":2}');
});

it("a write's tombstone over an older copy of the row: that copy is gone", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 1\. user:1 held version 1 of the row, older than 2, so a tombstone of version 2 replaces it: the older copy is gone, and no row older than version 2 can be filled over it\.$/,
  );
});

// A hash at the key: the script's GET fails with WRONGTYPE, as on a real Redis 7 (checked with
// redis-server 7.0.15 and this script: the error, and the hash left as it was).
it("a write's tombstone over a hash: WRONGTYPE, told as the script's GET failing, the hash kept", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().runRedis('HSET user:1 f v');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(
    /^Step 2: B sends EVAL .* 1 user:1 2 EX 3600: \(error\) WRONGTYPE Operation against a key holding the wrong kind of value script: [0-9a-f]{40}, on @user_script:1\. Redis is reachable, but user:1 holds a hash, not a string, and the script's first call, redis\.call\('GET', KEYS\[1\]\), fails on it with WRONGTYPE, as it does on a real Redis 7: the error ends the script before its SET, so no tombstone is set and the hash stays\. The application's read path never serves it as the row: a read under versioned fills GETs user:1, gets WRONGTYPE too, deletes the hash, reads the database and fills the key as its miss path does\.$/,
  );
  expect(told).not.toContain('a copy of the row cached before this write');
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.type).toBe('hash');
  // A hash is no copy of the row, and no read serves it: nothing is lost, a cache error is all.
  expect(store.getState().snapshot?.stats).toMatchObject({ cacheErrors: 1, lostInvalidations: 0 });
  // What the narration promises of the next read: WRONGTYPE, the hash deleted (only if it is
  // still there: the versioned read's script), the database, the row filled.
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 4; i++) await store.getState().stepActor('A');
  const events = store.getState().snapshot?.events ?? [];
  expect(events.slice(-4).map((e) => [e.label, e.command.split(' ')[0], e.reply])).toEqual([
    ['get', 'GET', expect.stringMatching(/^\(error\) WRONGTYPE/)],
    ['discard', 'EVAL', '(integer) 1'],
    ['select', 'SELECT', expect.stringMatching(/^1 row/)],
    ['fill', 'EVAL', '(integer) 1'],
  ]);
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({
    type: 'string',
    version: 2,
  });
});

it("a reader's fill script over a hash put there after its GET: the script's call failed, not EVAL refused", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().runRedis('HSET user:1 f v');
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(error\) WRONGTYPE Operation against a key holding the wrong kind of value script: [0-9a-f]{40}, on @user_script:1\. Redis is reachable and ran the script, but a redis\.call in it failed on a key of another type \(a hash, a list, a set \.\.\.\) than the command works on, and that error ended the script there, as Redis 7 does\. A's read ends on this error and returns version 1, without going to the database after it\.$/,
  );
});

// FILL_IF_NEWER refuses a copy at the version it fills too, not only a newer one: two readers
// that miss together both SELECT version 1, and the second fill finds the first one's copy.
it('a fill refused by a copy of the same version says so, not that Redis holds a newer one', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().startRead('B', 1);
  for (const actor of ['A', 'B', 'A', 'B', 'A', 'B']) await store.getState().stepActor(actor);
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.version).toBe(1);
  const told = selectToldStep(store.getState());
  expect(told).toMatch(
    /^Step 6: B sends EVAL FILL_IF_NEWER 1 user:1 .*: \(integer\) 0, the fill is refused: Redis already holds version 1, the same row: A stored it first, by a script \(EVAL\)\. That copy keeps version 1 in the cache, the current row\.$/,
  );
});

// The same, with a write's UPDATE between the two fills: version 1 is no longer the row, and the
// copy the fill found keeps it in the cache (STALE), not out of it.
it('a fill refused by a copy of its own version after a newer commit says that copy keeps it in the cache', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().startRead('B', 1);
  for (const actor of ['A', 'B', 'A', 'B', 'A']) await store.getState().stepActor(actor);
  await store.getState().startWrite('A', 1, { plan: 'team' });
  await store.getState().stepActor('A');
  await store.getState().stepActor('B');
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({
    version: 1,
    isStale: true,
  });
  const told = selectToldStep(store.getState());
  // It said "So version 1, no longer the current row, stays out of the cache."
  expect(told).toMatch(
    /the fill is refused: Redis already holds version 1, the same row: A stored it first, by a script \(EVAL\)\. That copy keeps version 1 in the cache, no longer the current row\. B's read returns version 1/,
  );
  expect(told).not.toContain('stays out of the cache');
});

// The copy a fill finds at its own version is not always another reader's: the refusal names
// who stored it, from the command log.
it('a fill refused by a copy the console set by hand says the console set it, not another reader', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  const row = store.getState().snapshot?.db.find((r) => r.id === 1);
  await store.getState().runRedis(`SET user:1 '${JSON.stringify(row)}'`);
  await store.getState().stepActor('A');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(
    /: \(integer\) 0, the fill is refused: Redis already holds version 1, the same row: the console set it by hand, with SET\. That copy keeps version 1 in the cache, the current row\.$/,
  );
  expect(told).not.toContain('another reader');
});

it('a copy the console set at the same version with other contents is not called the same row', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().runRedis(`SET user:1 '{"id":1,"name":"Zed","version":1}'`);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /the fill is refused: Redis already holds a copy at version 1 with other contents than this row \(the script compares versions only\): the console set it by hand, with SET\. /,
  );
});

// The stale-set race under versioned-fill: B's write commits and leaves its tombstone between
// A's SELECT and A's fill, which the tombstone then refuses.
it("a fill refused by a newer write's tombstone names the tombstone, not every way the script refuses", async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:1')?.value).toBe(
    '{"tombstone":true,"version":2}',
  );
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: Redis holds a tombstone of version 2, newer than the version 1 this fill carries: a write changed the row after this read's SELECT, and the fill must not put the older row back over its mark\. So version 1, no longer the current row, stays out of the cache\./,
  );
});

it('a fill refused by a newer copy names its version', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().runSql("UPDATE users SET plan = 'team' WHERE id = 1");
  const row = store.getState().snapshot?.db.find((r) => r.id === 1);
  expect(row?.version).toBe(2);
  await store.getState().runRedis(`SET user:1 '${JSON.stringify(row)}'`);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: Redis holds a newer copy of the row \(version 2\), and the fill never replaces a newer version with an older one\. So version 1, no longer the current row, stays out of the cache\./,
  );
});

// A tombstone newer than the row was set by hand: no write changed the row after the SELECT.
it('a fill refused by a tombstone newer than the row itself says no write left it', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().runRedis(`SET user:1 '{"tombstone":true,"version":9}'`);
  await store.getState().stepActor('A');
  // It said "a write changed the row after this read's SELECT", then "version 1 was the current row".
  expect(selectToldStep(store.getState())).toMatch(
    /: \(integer\) 0, the fill is refused: Redis holds a tombstone of version 9, newer than the version 1 this fill carries and than the database's version 1, so no write of the row left it, and the fill never puts an older version over a newer one\. Nothing is cached this time, though version 1 was the current row\.$/,
  );
});

it("a write-through store refused by a tombstone set by hand is not told as a read's fill", async () => {
  const store = await freePlaySandbox({ pattern: 'write-through' });
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  await store.getState().stepActor('A');
  await store.getState().runRedis(`SET user:1 '{"tombstone":true,"version":9}'`);
  await store.getState().stepActor('A');
  const told = selectToldStep(store.getState());
  expect(told).toContain(
    "A's store of the row it wrote is refused: Redis holds a tombstone of version 9, newer than the version 2 this write committed and than the database's version 2, so no write of the row left it, and the script never puts an older version over a newer one",
  );
  expect(told).not.toContain("this read's SELECT");
});

// B's copy went with the console's DEL: the copy A's fill finds is the one the console moved
// there, not B's, though its text is the same.
it('a fill refused by a copy the console put back with RENAME or COPY names the console, not the reader whose copy was deleted', async () => {
  for (const put of ['RENAME tmp user:1', 'COPY tmp user:1']) {
    const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
    await store.getState().startRead('B', 1);
    for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
    const copy = store.getState().snapshot?.cache.find((e) => e.key === 'user:1')?.value;
    await store.getState().runRedis('DEL user:1');
    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    await store.getState().stepActor('A');
    await store.getState().runRedis(`SET tmp '${copy}'`);
    await store.getState().runRedis(put);
    await store.getState().stepActor('A');
    const told = selectToldStep(store.getState());
    // It said "B stored it first, by a script (EVAL)".
    expect(told).toMatch(
      new RegExp(
        `the fill is refused: Redis already holds version 1, the same row: the console set it by hand, with ${put.split(' ')[0]}\\. `,
      ),
    );
    expect(told).not.toContain('B stored it');
  }
});

it('a fill refused by a copy stored after a DEL by a command the log does not tie to it names no earlier storer', async () => {
  const store = await freePlaySandbox({ readMitigation: 'versioned-fill' });
  await store.getState().startRead('B', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('B');
  const copy = store.getState().snapshot?.cache.find((e) => e.key === 'user:1')?.value;
  await store.getState().runRedis('DEL user:1');
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  // APPEND to a missing key stores the text whole.
  await store.getState().runRedis(`APPEND user:1 '${copy}'`);
  await store.getState().stepActor('A');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(/the fill is refused: Redis already holds version 1, the same row: /);
  expect(told).not.toContain('B stored it');
});
