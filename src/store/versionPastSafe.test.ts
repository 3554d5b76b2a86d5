// The application reads a row through sql.js, which answers an INTEGER as a JavaScript number:
// past 2^53 - 1 a version would be read rounded (9007199254740993 as ...992), so every panel
// would show a version the database does not hold. The console refuses such a line instead, in
// words, and the database stays as it was before it.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

const refusal = (version: string, id: number, read: string) =>
  `user ${id} would hold version ${version}, past 9,007,199,254,740,991 (2^53 - 1): the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there (${read}), so the line was not run. The database is as it was before it.`;

it.each([
  [
    'UPDATE users SET version = 9007199254740993 WHERE id = 1',
    '9007199254740993',
    1,
    'it would read 9007199254740993 as 9007199254740992',
  ],
  [
    'UPDATE users SET version = 9007199254740992 WHERE id = 1',
    '9007199254740992',
    1,
    'the next write of the row would make 9007199254740993, which it would read as 9007199254740992',
  ],
  [
    "INSERT INTO users (id, name, email, plan, version) VALUES (1001, 'N', 'e', 'free', 18014398509481985)",
    '18014398509481985',
    1001,
    'it would read 18014398509481985 as 18014398509481984',
  ],
])('%s is refused, and nothing of it is kept', async (sql, version, id, read) => {
  const store = await freePlaySandbox();
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  const before = store.getState().snapshot;
  expect(await store.getState().runSql(sql)).toEqual({ error: refusal(version, id, read) });
  expect(store.getState().snapshot?.db).toEqual(before?.db);
  expect(store.getState().snapshot?.cache).toEqual(before?.cache);
  const max = await store.getState().runSql('SELECT max(version) FROM users');
  expect(max).toMatchObject({ rows: [[1]] });
});

it('2^53 - 1 itself is a version the page shows exactly', async () => {
  const store = await freePlaySandbox();
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  expect(store.getState().snapshot?.db.find((r) => r.id === 1)?.version).toBe(
    Number.MAX_SAFE_INTEGER,
  );
});

// The application's own write adds one to the version: from 2^53 - 1 it would make 2^53, a
// version the console refuses to leave in a row (the write after it would be read rounded).
it("the application's write of a row at 2^53 - 1 is refused in words, and writes nothing", async () => {
  const store = await freePlaySandbox();
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  const before = store.getState().snapshot?.stats.dbWrites;
  const plan = store.getState().snapshot?.db.find((r) => r.id === 1)?.plan;
  for (let i = 0; i < 2; i++) {
    await store.getState().startWrite('B', 1, { plan: plan === 'team' ? 'pro' : 'team' });
    await store.getState().stepActor('B');
    expect(selectToldStep(store.getState())).toMatch(
      /: \(error\) user 1 holds version 9007199254740991, and a write would take it past 9,007,199,254,740,991 \(2\^53 - 1\): the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there, so the UPDATE was not run\. Set the version lower in the SQL console to write the row again\. The database refused the statement and wrote nothing, so B's write of user:1 fails\./,
    );
    while (store.getState().snapshot?.actors.some((a) => a.name === 'B' && a.task !== null))
      await store.getState().stepActor('B');
  }
  expect(store.getState().snapshot?.db.find((r) => r.id === 1)?.version).toBe(
    Number.MAX_SAFE_INTEGER,
  );
  expect(store.getState().snapshot?.stats.dbWrites).toBe(before);
  const held = await store
    .getState()
    .runSql('SELECT CAST(version AS TEXT), plan FROM users WHERE id = 1');
  expect(held).toMatchObject({
    rows: [['9007199254740991', plan]],
  });
});

it('a write whose trigger would leave a row past 2^53 - 1 is refused, and kept nothing', async () => {
  const store = await freePlaySandbox();
  await store
    .getState()
    .runSql(
      'CREATE TRIGGER jump AFTER UPDATE OF plan ON users BEGIN UPDATE users SET version = 9007199254740993 WHERE id = 2; END',
    );
  const seed = await store
    .getState()
    .runSql('SELECT id, CAST(version AS TEXT), plan FROM users WHERE id IN (1, 2) ORDER BY id');
  const plan = store.getState().snapshot?.db.find((r) => r.id === 1)?.plan;
  await store.getState().startWrite('B', 1, { plan: plan === 'team' ? 'pro' : 'team' });
  await store.getState().stepActor('B');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(error\) the write would leave user 2 at version 9007199254740993, past 9,007,199,254,740,991 \(2\^53 - 1\): .* so the UPDATE was not run\./,
  );
  const held = await store
    .getState()
    .runSql('SELECT id, CAST(version AS TEXT), plan FROM users WHERE id IN (1, 2) ORDER BY id');
  expect(held).toMatchObject({ rows: (seed as { rows: unknown[] }).rows });
  expect(store.getState().snapshot?.stats.dbWrites).toBe(0);
});

// Under write-behind the write lands in the cache first, its version made by the application:
// from 2^53 - 1 it is refused as the database's UPDATE is, before anything is cached or queued.
it("write-behind's write of a row at 2^53 - 1 is refused in words, and caches and queues nothing", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  for (const plan of ['team', 'pro']) {
    await store.getState().startWrite('B', 1, { plan });
    while (store.getState().snapshot?.actors.some((a) => a.name === 'B' && a.task !== null))
      await store.getState().stepActor('B');
    expect(store.getState().snapshot?.events.at(-1)?.note).toBe(
      'user 1 holds version 9007199254740991, and a write would take it past 9,007,199,254,740,991 (2^53 - 1): the application reads a version as a JavaScript number, which holds whole numbers exactly only up to there, so the write was not made: nothing was cached or queued. Set the version lower in the SQL console to write the row again.',
    );
  }
  const snapshot = store.getState().snapshot;
  expect(snapshot?.cache.filter((e) => e.version !== null && e.version > 1)).toEqual([]);
  expect(snapshot?.cache.some((e) => e.key === 'write-behind:queue')).toBe(false);
  expect(snapshot?.results.filter((r) => r.kind === 'write').map((r) => r.error)).toHaveLength(2);
  const held = await store
    .getState()
    .runSql('SELECT CAST(version AS TEXT) FROM users WHERE id = 1');
  expect(held).toMatchObject({ rows: [['9007199254740991']] });
});

// The copy was cached before the console set the row to 2^53 - 1: the write is made in the cache
// and queued, and only the flusher's UPDATE is refused. Its job is the queue, not a row's key.
it("write-behind's flush refused at 2^53 - 1 says the flusher's job failed, naming no user:0", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startRead('A', 1);
  while (store.getState().snapshot?.actors.some((a) => a.name === 'A' && a.task !== null))
    await store.getState().stepActor('A');
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  for (let i = 0; i < 20; i++) {
    const busy = store.getState().snapshot?.actors.find((a) => a.task !== null);
    if (!busy) break;
    await store.getState().stepActor(busy.name);
  }
  const refused = store
    .getState()
    .snapshot?.events.find((e) => e.actor === 'flusher' && e.command.startsWith('UPDATE'));
  expect(refused?.note).toMatch(
    /^The database refused flusher's UPDATE \(user 1 holds version 9007199254740991, .*\): it wrote nothing, and DB writes counts only the writes the database committed\. So flusher's job \(flush the write-behind queue\) failed\./,
  );
  expect(refused?.note).not.toContain('user:0');
});

// Under write-behind the write's SET builds on the cached copy: a row the console moved to
// 2^53 - 1 around the cache leaves that SET behind the database, and no invalidation is sent to
// remove it (the flush sends none); the flusher's UPDATE of it is refused.
it('under write-behind, the SET of a write to a row at 2^53 - 1 tells the copy left stale and the flush refused, not an invalidation on its way', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  await store.getState().startWrite('B', 1, { plan: 'pro' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  const told = selectToldStep(store.getState());
  expect(told).toMatch(/sends SET user:1 /);
  expect(told).not.toMatch(/invalidation of the row is still on its way/);
  expect(told).toMatch(
    /: OK\. Redis holds version 2, older than the database's version 9007199254740991: a stale copy\. Under write-behind a write builds on the cached copy, and the database's row was written around the cache \(by the SQL console, or by a write while Redis was unreachable\); no invalidation is sent to remove it, so it stays stale until Redis evicts it or restarts \(it has no TTL\)\. The row is at 2\^53 - 1: the flusher's UPDATE of this write will be refused, so the write is lost \(Writes lost counts it once the flusher has taken it\), and the database keeps version 9007199254740991\.$/,
  );
});

// The flusher took the write from the queue (LPOP), and the database refused its UPDATE: the
// write is in neither place any more, and nothing will write it. It is lost, counted and told
// as such, not left "waiting" for a flusher that has stopped.
it("write-behind's write whose flush is refused at 2^53 - 1 is lost: counted, told, and out of Writes waiting", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const busy = (name: string) =>
    store.getState().snapshot?.actors.some((a) => a.name === name && a.task !== null);
  await store.getState().startRead('A', 1);
  while (busy('A')) await store.getState().stepActor('A');
  await store.getState().runSql('UPDATE users SET version = 9007199254740991 WHERE id = 1');
  await store.getState().startWrite('B', 1, { plan: 'team' });
  while (busy('B')) await store.getState().stepActor('B');
  while (busy('flusher')) await store.getState().stepActor('flusher');
  const stats = store.getState().snapshot?.stats;
  expect(stats).toMatchObject({ pendingWrites: 0, flushedWrites: 0, lostWrites: 1 });
  // The consistency figure counts it too: an acknowledged write, never consistent.
  expect(stats?.consistency).toEqual({
    writes: 1,
    within1s: 0,
    within10s: 0,
    within60s: 0,
    lost: 1,
  });
  expect(selectToldStep(store.getState())).toMatch(
    /The database refused the statement and wrote nothing, so the cache's flusher stops\. The write it took from the queue is in neither Redis nor the database now, and nothing sends it again: it is lost, and Writes lost counts it\.$/,
  );
  // The flusher is gone, not stuck: the next write starts another, and it flushes.
  await store.getState().startWrite('B', 2, { plan: 'team' });
  while (busy('B')) await store.getState().stepActor('B');
  while (busy('flusher')) await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats).toMatchObject({
    pendingWrites: 0,
    flushedWrites: 1,
    lostWrites: 1,
  });
  // User 2's write is consistent; the lost one still is not, and is not taken off user 2's.
  // Consistent from its flush, which the flusher's 1 s wait puts just over 1 s after the write.
  expect(store.getState().snapshot?.stats.consistency).toEqual({
    writes: 2,
    within1s: 0,
    within10s: 0.5,
    within60s: 0.5,
    lost: 1,
  });
});
