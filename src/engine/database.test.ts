import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { Database } from './database';
import { inlineParams } from './sqlLog';
import { openingSeeded, SEED_SLICE_ROWS, seedRow, seedUsersInSlices } from './userSeed';
import { createTestSim, loadSqlJsNode } from './testSim';

async function makeDb(rows = 50) {
  const clock = new VirtualClock();
  const db = new Database(await loadSqlJsNode(), clock, { rows });
  return { clock, db };
}

describe('Database: seeded users table', () => {
  it('holds ids 1..rows, each the deterministic seed row at version 1', async () => {
    const { db } = await makeDb(50);
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const rows = db.peekRows(ids);
    expect(rows).toEqual(ids.map(seedRow));
    expect(rows.every((r) => r.version === 1 && r.updated_at === 0)).toBe(true);
    expect(db.peekRows([0, 51])).toEqual([]);
    const count = db.execute('test', 'SELECT COUNT(*) AS n FROM users');
    expect(count.rows).toEqual([[50]]);
  });

  it('two databases with the same row count are identical, and more rows on request', async () => {
    const a = await makeDb(30);
    const b = await makeDb(30);
    const dump = 'SELECT * FROM users ORDER BY id';
    expect(a.db.execute('t', dump).rows).toEqual(b.db.execute('t', dump).rows);
    const big = await makeDb(5000);
    expect(big.db.peekRows([5000])).toEqual([seedRow(5000)]);
    expect(big.db.committedVersion(5000)).toBe(1);
  });

  it('a large table seeded in slices is the one a Database opens: every row, versions and triggers', async () => {
    const SQL = await loadSqlJsNode();
    const rows = 3 * SEED_SLICE_ROWS;
    const reported: number[] = [];
    const seeded = await seedUsersInSlices(SQL, rows, (n) => reported.push(n) > 0);
    expect(reported).toEqual([SEED_SLICE_ROWS, 2 * SEED_SLICE_ROWS, rows]);
    const clock = new VirtualClock();
    const db = openingSeeded(seeded, () => new Database(SQL, clock, { rows }));
    expect(db.rowCount()).toBe(rows);
    expect(db.peekRows([1, rows])).toEqual([seedRow(1), seedRow(rows)]);
    clock.advanceTo(7);
    expect(db.updateUser('t', rows, { name: 'x' })?.version).toBe(2);
    expect(db.execute('t', 'SELECT MAX(at) FROM changes').rows).toEqual([[7]]);
    // Small tables open a kept image at once: nothing to seed ahead.
    expect(await seedUsersInSlices(SQL, 1000, () => true)).toBeNull();
  });

  it('a seeding stopped part way keeps the rows of the slices done', async () => {
    const SQL = await loadSqlJsNode();
    const rows = 3 * SEED_SLICE_ROWS;
    const seeded = await seedUsersInSlices(SQL, rows, () => false);
    expect(seeded?.seeded).toBe(SEED_SLICE_ROWS);
    const db = openingSeeded(seeded, () => new Database(SQL, new VirtualClock(), { rows }));
    expect(db.rowCount()).toBe(SEED_SLICE_ROWS);
  });

  it('seed rows differ from one another (names, emails, plans)', () => {
    const emails = new Set(Array.from({ length: 1000 }, (_, i) => seedRow(i + 1).email));
    expect(emails.size).toBe(1000);
    expect(new Set([1, 2, 3].map((id) => seedRow(id).plan)).size).toBe(3);
  });
});

describe('Database: versions, the ground truth', () => {
  it("a program UPDATE bumps the row's version and records when it was committed", async () => {
    const { clock, db } = await makeDb();
    clock.advance(12.5);
    const v2 = db.updateUser('W', 7, { name: 'New Name' });
    expect(v2).toMatchObject({ id: 7, name: 'New Name', version: 2, updated_at: 12.5 });
    expect(db.committedVersion(7)).toBe(2);
    expect(db.commitTime(7, 2)).toBe(12.5);
    clock.advance(100);
    const v3 = db.updateUser('W', 7, { plan: 'team', email: 'x@example.com' });
    expect(v3).toMatchObject({
      version: 3,
      plan: 'team',
      email: 'x@example.com',
      name: 'New Name',
    });
    expect(db.commitTime(7, 3)).toBe(112.5);
    expect(db.commitTime(7, 1)).toBe(0);
    // Other rows are untouched.
    expect(db.committedVersion(8)).toBe(1);
    expect(db.writes).toBe(2);
    // A column the console renames: the statements read before answer its new name after.
    expect(db.selectUser('R', 7)).toMatchObject({ plan: 'team' });
    db.execute('console', 'ALTER TABLE users RENAME COLUMN plan TO tier');
    expect(() => db.selectUser('R', 7)).toThrow(/plan/);
    expect(() => db.updateUser('W', 7, { name: 'Renamed' })).toThrow(/plan/);
  });

  it('an UPDATE of a missing row changes nothing and returns null', async () => {
    const { db } = await makeDb(10);
    expect(db.updateUser('W', 11, { name: 'x' })).toBeNull();
    expect(db.committedVersion(11)).toBe(0);
    expect(db.log.at(-1)).toMatchObject({ kind: 'write', changes: 0 });
  });

  it('a console UPDATE that does not touch version still bumps it (trigger) at the virtual time', async () => {
    const { clock, db } = await makeDb();
    clock.advance(40);
    const res = db.execute('console', "UPDATE users SET plan = 'team' WHERE id IN (3, 4)");
    expect(res.changes).toBe(2);
    for (const id of [3, 4]) {
      expect(db.committedVersion(id)).toBe(2);
      expect(db.commitTime(id, 2)).toBe(40);
      expect(db.peekRows([id])[0]).toMatchObject({ plan: 'team', version: 2, updated_at: 40 });
    }
    expect(db.committedVersion(5)).toBe(1);
    // Console traffic is another process's, counted apart from the application's.
    expect([db.consoleWrites, db.writes]).toEqual([1, 0]);
  });

  it("a console UPDATE of two rows reports 2 rows changed (not the trigger's), and the cells each changed", async () => {
    const { db, clock } = await makeDb();
    clock.advance(1000);
    // Seed plans: row 3 is "free", row 4 is "pro"; both become "team".
    const res = db.execute('console', "UPDATE users SET plan = 'team' WHERE id IN (3, 4)");
    expect(res.changes).toBe(2);
    expect(res.schemaChanged).toBe(false);
    expect(res.changedCells).toEqual({
      3: ['plan', 'version', 'updated_at'],
      4: ['plan', 'version', 'updated_at'],
    });
    expect(db.consoleWrites).toBe(1);
    expect(db.writes).toBe(0);
  });

  it('a console SELECT changes nothing and counts as a console read', async () => {
    const { db } = await makeDb();
    const res = db.execute('console', 'SELECT id, plan FROM users WHERE id <= 2');
    expect(res).toMatchObject({
      columns: ['id', 'plan'],
      rows: [
        [1, 'pro'],
        [2, 'team'],
      ],
      changes: 0,
      changedCells: {},
    });
    expect([db.consoleReads, db.reads]).toEqual([1, 0]);
  });

  it('a console UPDATE that sets version itself is taken as is (no double bump)', async () => {
    const { db } = await makeDb();
    db.execute('console', 'UPDATE users SET version = version + 3 WHERE id = 9');
    expect(db.committedVersion(9)).toBe(4);
    expect(db.peekRows([9])[0].version).toBe(4);
  });

  it('a console line that sets a lower version, or puts a deleted row back at one, is taken at its word', async () => {
    const sim = await createTestSim();
    const sql = (text: string) => sim.dispatch({ type: 'sql', actor: 'console', sql: text });
    const readAs = async (actor: string) => {
      await sim.dispatch({ type: 'read', actor, id: 9 });
      while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    };
    await sql("UPDATE users SET plan = 'team' WHERE id = 9");
    await sql(`UPDATE users SET plan = '${seedRow(9).plan}', version = 1 WHERE id = 9`);
    expect(sim.runtime.db.committedVersion(9)).toBe(1);
    await readAs('A');
    await readAs('B');
    const reads = sim.trace.filter((e) => e.verdict !== undefined);
    expect(reads.map((e) => [e.actor, e.verdict?.version, e.verdict?.isStale])).toEqual([
      ['A', 1, false],
      ['B', 1, false],
    ]);
    expect(sim.trace.some((e) => e.isStaleFill)).toBe(false);
    expect(sim.runtime.counts).toMatchObject({ staleReads: 0, staleFills: 0 });
    expect((await sim.snapshot()).cache.find((e) => e.key === 'user:9')).toMatchObject({
      version: 1,
      isStale: false,
      isAhead: false,
    });
    // Deleted, then inserted again at version 1 after a write of version 2.
    await sim.dispatch({ type: 'write', actor: 'A', id: 5, changes: { plan: 'team' } });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    await sql('DELETE FROM users WHERE id = 5');
    const r = seedRow(5);
    await sql(
      `INSERT INTO users VALUES (5, '${r.name}', '${r.email}', '${r.plan}', 1, ${r.updated_at})`,
    );
    expect(sim.runtime.db.committedVersion(5)).toBe(1);
    await sim.dispatch({ type: 'read', actor: 'B', id: 5 });
    while (sim.readyActors().length) await sim.dispatch({ type: 'step' });
    expect(sim.trace.at(-1)?.verdict).toMatchObject({ version: 1, isStale: false });
    expect(sim.runtime.counts).toMatchObject({ staleReads: 0, staleFills: 0 });
  });

  it('rows 0 and -1 the console inserts and updates are its own: no version is kept for them', async () => {
    const { db } = await makeDb();
    const before = db.saveState();
    for (const id of [0, -1]) {
      db.execute('console', `INSERT INTO users VALUES (${id}, 'n', 'n@x', 'free', 1, 0)`);
      db.execute('console', `UPDATE users SET name = 'm' WHERE id = ${id}`);
    }
    const after = db.saveState();
    // Row 0 wrote the spare slot 0 of the versions, and both kept commits of their own.
    expect(after.versions).toEqual(before.versions);
    expect(after.commits).toEqual([]);
    expect(db.committedVersion(0)).toBe(0);
  });

  it('a console SELECT counts as a read and changes nothing', async () => {
    const { db } = await makeDb();
    const res = db.execute('console', 'SELECT id, name FROM users WHERE id <= 3 ORDER BY id');
    expect(res.columns).toEqual(['id', 'name']);
    expect(res.rows.map((r) => r[0])).toEqual([1, 2, 3]);
    expect(res.changes).toBe(0);
    expect([db.consoleReads, db.reads, db.writes]).toEqual([1, 0, 0]);
    expect(db.log.at(-1)).toMatchObject({ kind: 'read', rows: 3 });
  });

  it('a console error rolls back everything the statement did and leaves state unchanged', async () => {
    const { db } = await makeDb();
    const dump = () => db.execute('t', 'SELECT * FROM users ORDER BY id').rows;
    const before = dump();
    const readsBefore = db.reads;
    expect(() =>
      db.execute(
        'console',
        "UPDATE users SET name = 'Oops' WHERE id = 1; SELECT * FROM no_such_table",
      ),
    ).toThrow(/no such table/);
    expect(db.committedVersion(1)).toBe(1);
    expect(db.log.at(-1)).toMatchObject({
      actor: 'console',
      error: expect.stringMatching(/no such table/),
    });
    expect(db.reads - readsBefore).toBe(0);
    expect(db.writes).toBe(0);
    expect(dump()).toEqual(before);
    // The database still works after the rollback.
    expect(db.updateUser('W', 1, { name: 'Fine' })?.version).toBe(2);
  });
});

describe('Database: the SQL log', () => {
  it('logs each statement with its virtual time, actor and parameters written in', async () => {
    const { clock, db } = await makeDb();
    clock.advance(2);
    db.selectUser('R', 7);
    clock.advance(0.3);
    db.updateUser('W', 7, { name: "O'Brien" });
    expect(db.log).toEqual([
      {
        seq: 1,
        timeMs: 2,
        order: 1,
        actor: 'R',
        sql: 'SELECT * FROM users WHERE id = 7',
        kind: 'read',
        rows: 1,
      },
      {
        seq: 2,
        timeMs: 2.3,
        order: 2,
        actor: 'W',
        sql: "UPDATE users SET name = 'O''Brien', version = version + 1, updated_at = 2.3 WHERE id = 7 RETURNING *",
        kind: 'write',
        changes: 1,
      },
    ]);
    expect(db.reads).toBe(1);
    expect(db.writes).toBe(1);
  });

  it('a SELECT of a missing row logs 0 rows and returns null', async () => {
    const { db } = await makeDb(5);
    expect(db.selectUser('R', 6)).toBeNull();
    expect(db.log.at(-1)).toMatchObject({ sql: 'SELECT * FROM users WHERE id = 6', rows: 0 });
  });

  it('keeps at most logLimit entries', async () => {
    const db = new Database(await loadSqlJsNode(), new VirtualClock(), { rows: 5, logLimit: 2 });
    for (let id = 1; id <= 4; id++) db.selectUser('R', id);
    expect(db.log.map((e) => e.sql)).toEqual([
      'SELECT * FROM users WHERE id = 3',
      'SELECT * FROM users WHERE id = 4',
    ]);
  });

  it('inlineParams quotes strings, doubles quotes, and writes NULL and numbers as SQL does', () => {
    expect(inlineParams('a = ? AND b = ? AND c = ? AND d = ?', ["it's", 4.5, null, 'x'])).toBe(
      "a = 'it''s' AND b = 4.5 AND c = NULL AND d = 'x'",
    );
  });

  it('updateSqlFor names only the columns that change', () => {
    expect(Database.updateSqlFor({ plan: 'pro' })).toBe(
      'UPDATE users SET plan = ?, version = version + 1, updated_at = ? WHERE id = ? RETURNING *',
    );
  });
});
