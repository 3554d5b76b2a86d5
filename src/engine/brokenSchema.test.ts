import { describe, expect, it } from 'vitest';
import { seedRow } from './userSeed';
import { createTestSim } from './testSim';

describe('a request against a broken schema', () => {
  it.each([
    ['DROP TABLE users', /users table is gone/],
    ['ALTER TABLE users RENAME TO people', /users table is gone/],
  ])('after %s a read fails visibly: error step, failed request, SQL log', async (sql, problem) => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql });
    expect((await sim.snapshot()).schemaProblems).toEqual([expect.stringMatching(problem)]);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    const events = await sim.run();
    const failed = events.at(-1);
    expect(failed).toMatchObject({
      actor: 'A',
      target: 'db',
      isError: true,
      finishes: true,
      reply: expect.stringMatching(/^\(error\) no such table: users/),
      // The narration shows the step's note: the request failed, and why.
      note: expect.stringMatching(
        /refused A's SELECT \(no such table: users\).*read of user:7 failed/,
      ),
    });
    const snap = await sim.snapshot();
    // The GET missed (counted as it answered); the read itself never completed.
    expect(snap.stats).toMatchObject({ failedRequests: 1, reads: 0, misses: 1 });
    expect(snap.results.at(-1)).toMatchObject({ kind: 'read', id: 7, error: expect.any(String) });
    expect(snap.sqlLog.at(-1)).toMatchObject({ actor: 'A', error: expect.any(String) });
    expect(snap.actors.find((a) => a.name === 'A')?.task).toBeNull();
    expect(snap.db).toEqual([]);
  });

  it('a write fails the same way, and after resetDatabase both work again', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DROP TABLE users' });
    await sim.dispatch({ type: 'write', actor: 'B', id: 5, changes: { plan: 'team' } });
    await sim.run();
    expect((await sim.snapshot()).stats.failedRequests).toBe(1);
    await sim.dispatch({ type: 'resetDatabase', actor: 'console' });
    let snap = await sim.snapshot();
    expect(snap.schemaProblems).toEqual([]);
    await sim.dispatch({ type: 'write', actor: 'B', id: 5, changes: { plan: 'team' } });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.run();
    snap = await sim.snapshot();
    expect(snap.stats).toMatchObject({ failedRequests: 1, writes: 1, reads: 1 });
    // The restored row came back as version 2; the write made it 3.
    expect(snap.db.find((r) => r.id === 5)).toMatchObject({ plan: 'team', version: 3 });
  });

  it.each([
    ['DROP TABLE users', 'no such table: users'],
    ['ALTER TABLE users RENAME COLUMN plan TO tier', 'no such column: plan'],
    ['PRAGMA query_only = 1', 'attempt to write a readonly database'],
  ])('after %s a refused UPDATE is no DB write, and its note says so', async (sql, error) => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql });
    await sim.dispatch({ type: 'write', actor: 'B', id: 5, changes: { plan: 'team' } });
    const events = await sim.run();
    expect(events.at(-1)?.note).toBe(
      `The database refused B's UPDATE (${error}): it wrote nothing, and DB writes counts only the writes the database committed. So the write of user:5 failed. Reset database puts the seeded users table back.`,
    );
    expect((await sim.snapshot()).stats).toMatchObject({ failedRequests: 1, dbWrites: 0 });
  });

  it.each([
    ['DROP TABLE users', 'no such table: users'],
    ['ALTER TABLE users RENAME COLUMN id TO uid', 'no such column: id'],
  ])('after %s a refused SELECT is no DB read, and its note says so', async (sql, error) => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql });
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    const events = await sim.run();
    expect(events.at(-1)?.note).toBe(
      `The database refused A's SELECT (${error}): it read nothing, and DB reads counts only the reads the database answered. So the read of user:7 failed. Reset database puts the seeded users table back.`,
    );
    expect((await sim.snapshot()).stats).toMatchObject({ failedRequests: 1, dbReads: 0 });
  });

  it('after PRAGMA query_only = 1 the snapshot says why every write fails, until it is off', async () => {
    const sim = await createTestSim({ seed: 3 });
    // Found whole first: the setting is read again at the next snapshot, the schema unchanged.
    expect((await sim.snapshot()).schemaProblems).toEqual([]);
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'PRAGMA query_only = 1' });
    const problem =
      'PRAGMA query_only is on (switched on in the SQL console): every write of a user fails ("attempt to write a readonly database"); reads still work. PRAGMA query_only = 0 switches it off, as does Reset database.';
    expect((await sim.snapshot()).schemaProblems).toEqual([problem]);
    await sim.dispatch({ type: 'write', actor: 'B', id: 5, changes: { plan: 'team' } });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.run();
    expect((await sim.snapshot()).stats).toMatchObject({ failedRequests: 1, reads: 1 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'PRAGMA query_only = 0' });
    expect((await sim.snapshot()).schemaProblems).toEqual([]);
  });

  it.each([
    ['CREATE TABLE users(x)', /lost its columns id, name, email, plan, version, updated_at/],
    ['CREATE TABLE users(id, name)', /lost its columns email, plan, version, updated_at/],
    ['CREATE TABLE users(version)', /lost its columns id, name, email, plan, updated_at/],
  ])(
    'after DROP TABLE users and %s the snapshot names the lost columns, and a read still ends',
    async (create, problem) => {
      // Before, the check of the version constraint queried id and version, which such a table
      // lacks: every snapshot threw "no such column", and the page showed nothing from then on.
      const sim = await createTestSim({ seed: 3 });
      await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DROP TABLE users' });
      await sim.dispatch({ type: 'sql', actor: 'console', sql: create });
      expect((await sim.snapshot()).schemaProblems).toEqual(
        expect.arrayContaining([expect.stringMatching(problem)]),
      );
      await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
      await sim.run();
      // It fails, or finds no such user where the table has an id (users(id, name)).
      const { stats } = await sim.snapshot();
      expect(stats.failedRequests + stats.reads).toBe(1);
    },
  );

  it('a view named users over a table since dropped is said to be unreadable, and Reset database mends it', async () => {
    // Before, SQLite could not list the view's columns, the snapshot threw "no such table:
    // main.people", and the page froze at the DROP.
    const sim = await createTestSim({ seed: 3 });
    for (const sql of [
      'ALTER TABLE users RENAME TO people',
      'CREATE VIEW users AS SELECT * FROM people',
      'DROP TABLE people',
    ])
      await sim.dispatch({ type: 'sql', actor: 'console', sql });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      'users cannot be read: SQLite answers "no such table: main.people" (a view made in the SQL console over a table since dropped or renamed): every read and write of a user fails.',
    ]);
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.run();
    expect((await sim.snapshot()).stats).toMatchObject({ failedRequests: 1, reads: 0 });
    await sim.dispatch({ type: 'resetDatabase', actor: 'console' });
    expect((await sim.snapshot()).schemaProblems).toEqual([]);
  });

  it.each([
    ['version renamed', ['ALTER TABLE users RENAME COLUMN version TO v'], 2],
    ['updated_at renamed', ['ALTER TABLE users RENAME COLUMN updated_at TO t'], 1],
    [
      'versions that are no count',
      [
        'ALTER TABLE users RENAME TO people',
        'CREATE TABLE users(id INTEGER PRIMARY KEY, name, email, plan, version, updated_at)',
        'INSERT INTO users SELECT * FROM people',
        "UPDATE users SET version = CASE id WHEN 5 THEN 1e400 WHEN 6 THEN 1.5 WHEN 7 THEN 'two' ELSE NULL END WHERE id IN (5, 6, 7, 8)",
      ],
      // No count was ever committed past the seed's 1: the first count after it.
      1,
    ],
  ])(
    'Reset database mends a table whose rows it cannot read in full (%s): a row without a version it can read is put back as a new write',
    async (_, lines, version) => {
      // Before, Reset database wrote the lost version as NaN (or Infinity, 2.5, a lost
      // updated_at as NaN): "NOT NULL constraint failed: users.version", and the page, which
      // points at Reset database for a broken table, could not mend it.
      const sim = await createTestSim({ seed: 3 });
      for (const sql of lines) await sim.dispatch({ type: 'sql', actor: 'console', sql });
      await sim.dispatch({ type: 'resetDatabase', actor: 'console' });
      expect((await sim.snapshot()).schemaProblems).toEqual([]);
      const read = (await sim.dispatch({
        type: 'sql',
        actor: 'console',
        sql: 'SELECT name, plan, version FROM users WHERE id = 5',
      })) as { rows: unknown[][] };
      expect(read.rows).toEqual([[seedRow(5).name, seedRow(5).plan, version]]);
      await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
      await sim.run();
      expect((await sim.snapshot()).stats).toMatchObject({ reads: 1, failedRequests: 0 });
    },
  );

  it('after DROP TRIGGER the snapshot says stale reads go undetected', async () => {
    const sim = await createTestSim();
    await sim.dispatch({ type: 'sql', actor: 'console', sql: 'DROP TRIGGER users_version' });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      expect.stringMatching(/users_version trigger is gone.*go undetected/),
    ]);
  });
});

describe('a column renamed in the SQL console', () => {
  const RENAME = 'ALTER TABLE users RENAME COLUMN plan TO tier';

  it('the ALTER changes no rows, and every row keeps its values under the new name', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 123 });
    await sim.run();
    const res = await sim.dispatch({ type: 'sql', actor: 'console', sql: RENAME });
    expect(res).toMatchObject({ changes: 0, changedCells: {}, hasChanged: true });
    const snap = await sim.snapshot();
    // No row changed, but the table did: the step says which.
    expect(snap.events.at(-1)).toMatchObject({
      target: 'db',
      reply: '0 rows changed; the schema changed: altered table users',
    });
    // The database panel's row: the real columns, nothing marked as changed.
    expect(snap.db.find((r) => r.id === 123)).toEqual({
      id: 123,
      name: expect.any(String),
      email: expect.any(String),
      tier: 'free',
      version: 1,
      updated_at: 0,
    });
    expect(snap.changedCells).toEqual({});
  });

  it('as the notice says, a read then fails visibly and caches nothing', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: RENAME });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      expect.stringMatching(/lost its column plan: reads and writes of a user fail/),
    ]);
    await sim.dispatch({ type: 'read', actor: 'A', id: 124 });
    const events = await sim.run();
    expect(events.at(-1)).toMatchObject({
      actor: 'A',
      target: 'db',
      isError: true,
      finishes: true,
      reply: expect.stringMatching(/the row has no column plan/),
      note: expect.stringMatching(
        /^The database ran A's SELECT \(so DB reads counts it\) but answered it with a row the application cannot use.*read of user:124 failed/,
      ),
    });
    const snap = await sim.snapshot();
    // The SELECT ran and returned a row: a DB read, though the request failed after it.
    expect(snap.stats).toMatchObject({ failedRequests: 1, dbReads: 1 });
    expect(snap.cache.find((e) => e.key === 'user:124')).toBeUndefined();
  });

  it('a write of another column changes the row, then fails: nothing without plan is cached', async () => {
    const sim = await createTestSim({ seed: 3, writePolicy: 'update-cache' });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: RENAME });
    await sim.dispatch({ type: 'write', actor: 'A', id: 5, changes: { name: 'Zed' } });
    const events = await sim.run();
    expect(events.at(-1)).toMatchObject({
      actor: 'A',
      target: 'db',
      isError: true,
      reply: expect.stringMatching(/the row has no column plan/),
      note: expect.stringMatching(
        /^The database committed A's UPDATE \(user 5 is now version 2\) but answered it with a row the application cannot use: the row has no column plan .*So the write of user:5 failed and stopped there, sending nothing after the UPDATE: the cache holds no copy of user:5\./,
      ),
    });
    const snap = await sim.snapshot();
    // The UPDATE committed, so it is a DB write, though the request failed after it.
    expect(snap.stats).toMatchObject({ failedRequests: 1, dbWrites: 1 });
    // The UPDATE itself ran: the row has the new name and version.
    expect(snap.db.find((r) => r.id === 5)).toMatchObject({ name: 'Zed', version: 2 });
    expect(snap.cache.find((e) => e.key === 'user:5')).toBeUndefined();
  });

  it('a write whose UPDATE committed says its DEL was never sent and the cached copy is stale', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.run();
    await sim.dispatch({ type: 'sql', actor: 'console', sql: RENAME });
    await sim.dispatch({ type: 'write', actor: 'B', id: 5, changes: { name: 'Zed' } });
    const events = await sim.run();
    // The request ended at its UPDATE: no DEL went to Redis.
    expect(events.map((e) => e.command)).toEqual([
      expect.stringMatching(/^UPDATE users SET name = 'Zed'/),
    ]);
    expect(events.at(-1)?.note).toBe(
      "The database committed B's UPDATE (user 5 is now version 2) but answered it with a row the application cannot use: the row has no column plan (the application reads id, name, email, plan, version, updated_at). So the write of user:5 failed and stopped there, sending nothing after the UPDATE: the cache still holds user:5 at version 1, now stale until it expires or is deleted. Reset database puts the seeded users table back.",
    );
    const snap = await sim.snapshot();
    expect(snap.cache.find((e) => e.key === 'user:5')).toMatchObject({ version: 1, isStale: true });
    expect(snap.db.find((r) => r.id === 5)).toMatchObject({ name: 'Zed', version: 2 });
  });

  it('Reset database puts the plan column back, and reads work again', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'sql', actor: 'console', sql: RENAME });
    await sim.dispatch({ type: 'resetDatabase', actor: 'console' });
    expect((await sim.snapshot()).schemaProblems).toEqual([]);
    await sim.dispatch({ type: 'read', actor: 'A', id: 124 });
    await sim.run();
    const snap = await sim.snapshot();
    expect(snap.stats.failedRequests).toBe(0);
    expect(snap.cache.find((e) => e.key === 'user:124')?.value).toContain('"plan":"pro"');
  });
});

describe('users made a view of the renamed table', () => {
  const SWAP = 'ALTER TABLE users RENAME TO people; CREATE VIEW users AS SELECT * FROM people';

  it('names the view and why writes fail; the triggers it kept still mark a cached copy stale', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 7 });
    await sim.run();
    await sim.dispatch({ type: 'sql', actor: 'console', sql: SWAP });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      expect.stringMatching(/^users is a view, not the table .*every write of a user fails/),
    ]);
    await sim.dispatch({ type: 'write', actor: 'B', id: 7, changes: { plan: 'team' } });
    await sim.run();
    expect((await sim.snapshot()).results.at(-1)).toMatchObject({
      kind: 'write',
      error: expect.stringMatching(/cannot modify users because it is a view/),
    });
    // The version trigger went with the table: a console UPDATE of it is seen as a new version.
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE people SET name = 'Renamed' WHERE id = 7",
    });
    expect((await sim.snapshot()).cache.find((e) => e.key === 'user:7')).toMatchObject({
      isStale: true,
    });
  });

  it('says writes go through an INSTEAD OF trigger on the view, when it has one', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: `${SWAP}; CREATE TRIGGER users_write INSTEAD OF UPDATE ON users BEGIN UPDATE people SET plan = NEW.plan WHERE id = OLD.id; END`,
    });
    expect((await sim.snapshot()).schemaProblems).toEqual([
      expect.stringMatching(/writes of a user through its INSTEAD OF trigger users_write\.$/),
    ]);
    await sim.dispatch({ type: 'write', actor: 'B', id: 7, changes: { plan: 'team' } });
    await sim.run();
    expect((await sim.snapshot()).results.at(-1)).toMatchObject({ row: { plan: 'team' } });
  });
});

describe('users made again with a TEXT id in the SQL console', () => {
  const REMAKE =
    "DROP TABLE users; CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT, email TEXT, plan TEXT, version INTEGER, updated_at INTEGER); INSERT INTO users VALUES ('3', 'Tess', 't@example.com', 'pro', 1, 0)";

  it("a row the application finds by its id is not called deleted, in the console's changes or on its key", async () => {
    const sim = await createTestSim({ seed: 3 });
    const res = await sim.dispatch({ type: 'sql', actor: 'console', sql: REMAKE });
    // The application's WHERE id = 3 finds '3' (the column's TEXT affinity): user 3 was changed,
    // not removed; user 4 is gone.
    expect(res).toMatchObject({ changedCells: { 3: ['id', 'name', 'email', 'plan'] } });
    expect((res as { changedCells: Record<number, string[]> }).changedCells[4]).toHaveLength(6);
    await sim.dispatch({ type: 'read', actor: 'A', id: 3 });
    const events = await sim.run();
    expect(events.at(-1)).toMatchObject({ command: expect.stringMatching(/^SET user:3 /) });
    const snap = await sim.snapshot();
    expect(snap.results.at(-1)).toMatchObject({
      row: { id: '3', name: 'Tess' },
      verdict: { isStale: false },
    });
    expect(snap.results.at(-1)).not.toHaveProperty('verdict.isRowDeleted');
    expect(snap.cache.find((e) => e.key === 'user:3')).toMatchObject({ isStale: false });
    expect(snap.cache.find((e) => e.key === 'user:3')).not.toHaveProperty('isRowDeleted');
  });
});

describe('a version the SQL console sets back', () => {
  it('a copy of that version is judged by its fields: STALE while they are not the row’s, and the console step says so', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.run();
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET name = 'Q' WHERE id = 5",
    });
    expect((await sim.snapshot()).events.at(-1)).not.toHaveProperty('note');
    expect((await sim.snapshot()).cache.find((e) => e.key === 'user:5')).toMatchObject({
      isStale: true,
    });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'UPDATE users SET version = 1 WHERE id = 5',
    });
    const snap = await sim.snapshot();
    expect(snap.events.at(-1)?.note).toBe(
      "This line left user 5 at version 1 again, with other contents than that version had: a copy of the earlier version 1 is judged by its fields, so one whose fields are not the row's is STALE.",
    );
    // Side by side, the copy of the seed's version 1 and the row at version 1 differ: STALE.
    expect(snap.cache.find((e) => e.key === 'user:5')).toMatchObject({
      version: 1,
      isStale: true,
      isUnlikeRow: true,
    });
    expect(snap.db.find((r) => r.id === 5)).toMatchObject({ name: 'Q', version: 1 });
    // The diagram and the read checker agree: a read that hits that copy is a stale read.
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    await sim.run();
    expect((await sim.snapshot()).results.at(-1)).toMatchObject({
      isHit: true,
      verdict: { isStale: true },
    });
    // Put back exactly as the seed's version 1 was, the copy is right: nothing to say.
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET name = 'R' WHERE id = 5",
    });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: `UPDATE users SET name = '${seedRow(5).name}', version = 1, updated_at = 0 WHERE id = 5`,
    });
    const back = await sim.snapshot();
    expect(back.events.at(-1)).not.toHaveProperty('note');
    expect(back.cache.find((e) => e.key === 'user:5')).toMatchObject({
      version: 1,
      isStale: false,
    });
    expect(back.cache.find((e) => e.key === 'user:5')).not.toHaveProperty('isUnlikeRow');
  });
});

describe('a version the SQL console sets back below a cached copy', () => {
  it('the copy of the later version is STALE (the row was set back), not AHEAD, as a read of it is judged', async () => {
    const sim = await createTestSim({ seed: 3 });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: "UPDATE users SET name = 'Q' WHERE id = 5",
    });
    await sim.dispatch({ type: 'read', actor: 'A', id: 5 });
    await sim.run();
    expect((await sim.snapshot()).cache.find((e) => e.key === 'user:5')).toMatchObject({
      version: 2,
      isStale: false,
      isAhead: false,
    });
    await sim.dispatch({
      type: 'sql',
      actor: 'console',
      sql: 'UPDATE users SET version = 1 WHERE id = 5',
    });
    const snap = await sim.snapshot();
    expect(snap.db.find((r) => r.id === 5)).toMatchObject({ name: 'Q', version: 1 });
    // Nothing wrote version 2 to the cache ahead of the database: the database went back.
    expect(snap.cache.find((e) => e.key === 'user:5')).toMatchObject({
      version: 2,
      isStale: true,
      isAhead: false,
      isSetBack: true,
    });
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    await sim.run();
    expect((await sim.snapshot()).results.at(-1)).toMatchObject({
      isHit: true,
      verdict: { isStale: true },
    });
  });
});

describe('a copy set by hand at the row version, with other values', () => {
  it('is STALE in the diagram, as a read that hits it is judged, and not once it matches the row', async () => {
    const sim = await createTestSim({ seed: 3 });
    const row = seedRow(5);
    const copy = (name: string) =>
      JSON.stringify({ ...row, id: 5, name, version: 1, updated_at: 0 });
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'user:5', copy('Mallory')],
    });
    expect((await sim.snapshot()).cache.find((e) => e.key === 'user:5')).toMatchObject({
      version: 1,
      isStale: true,
      isUnlikeRow: true,
    });
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    await sim.run();
    expect((await sim.snapshot()).results.at(-1)).toMatchObject({
      isHit: true,
      verdict: { isStale: true },
    });
    // The row's own values at its version: nothing to say.
    await sim.dispatch({
      type: 'redis',
      actor: 'console',
      argv: ['SET', 'user:5', copy(row.name)],
    });
    const fresh = (await sim.snapshot()).cache.find((e) => e.key === 'user:5');
    expect(fresh).toMatchObject({ version: 1, isStale: false });
    expect(fresh).not.toHaveProperty('isUnlikeRow');
  });
});
