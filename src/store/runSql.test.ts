import { describe, expect, it } from 'vitest';
import type { SqlGuard, SqlTrial } from '../engine/consoleSql';
import { runSqlTrial } from '../engine/consoleSql';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createSandboxStore } from './sandboxStore';
import { selectDiagramEvents } from './diagramSelectors';
import { selectSequenceRows } from './sequenceRows';
import { selectLogLines } from './logLines';

const HANGS =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

/** A guard that refuses the line above (as the worker's time limit would) and tries the rest. */
async function startedStore() {
  const SQL = await loadSqlJsNode();
  const trials: SqlTrial[] = [];
  const sqlGuard: SqlGuard = async (trial) => {
    trials.push(trial);
    if (trial.sql === HANGS) return { ok: false, reason: 'it ran longer than 1 s and was stopped' };
    runSqlTrial(SQL, trial);
    return { ok: true };
  };
  const store = createSandboxStore({ sqlGuard });
  await store.getState().start(SQL);
  return { store, trials };
}

describe('runSql under the guard', () => {
  it('a refused line runs nothing, says why in the console and a notice, and survives Back', async () => {
    const { store, trials } = await startedStore();
    const s = store.getState;
    await s().runSql("UPDATE users SET plan = 'team' WHERE id = 5");
    expect(trials.at(-1)?.sql).toBe("UPDATE users SET plan = 'team' WHERE id = 5");
    const result = await s().runSql(HANGS);
    const message =
      'SQL stopped: it ran longer than 1 s and was stopped. The database is as it was before the statement.';
    expect(result).toEqual({ error: message });
    expect(s().notices.at(-1)).toMatchObject({ text: message, tone: 'error' });
    expect(s().sqlConsole.map((e) => e.output)).toEqual([
      expect.objectContaining({ changes: 1 }),
      { error: message },
    ]);
    // Nothing of it reached the engine: no SQL log line, no action.
    expect(s().snapshot?.sqlLog.some((l) => l.sql === HANGS)).toBe(false);
    await s().advanceClock(1000);
    await s().back();
    await s().step();
    expect(s().sqlConsole.at(-1)?.output).toEqual({ error: message });
    expect(trials.filter((t) => t.sql === HANGS)).toHaveLength(1);
  });

  it('Reset database puts the seed back, and Back undoes the reset', async () => {
    const { store } = await startedStore();
    const s = store.getState;
    await s().runSql('DROP TABLE users');
    expect(s().snapshot?.schemaProblems).toHaveLength(1);
    expect(await s().resetDatabase()).toBeNull();
    expect(s().snapshot?.schemaProblems).toEqual([]);
    expect(await s().runSql('SELECT count(*) FROM users')).toMatchObject({ rows: [[1000]] });
    // Back (no step was taken: back to the start) undoes the drop and the reset alike.
    await s().back();
    expect(s().sqlConsole).toEqual([]);
    expect(s().snapshot?.schemaProblems).toEqual([]);
    // A link carries the reset: replayed, it leaves the same database.
    const copy = createSandboxStore();
    await copy.getState().start(await loadSqlJsNode(), {
      scenarioId: null,
      config: s().config,
      inputs: [{ type: 'sql', statement: 'DROP TABLE users' }, { type: 'resetDatabase' }],
    });
    expect(copy.getState().snapshot?.schemaProblems).toEqual([]);
    expect(await copy.getState().runSql('SELECT count(*) FROM users')).toMatchObject({
      rows: [[1000]],
    });
  });

  it('Reset database is drawn: an arrow from the other clients to SQLite in both diagrams', async () => {
    const { store } = await startedStore();
    const s = store.getState;
    await s().runSql("UPDATE users SET plan = 'team' WHERE id = 1");
    expect(await s().resetDatabase()).toBeNull();
    const said = {
      actor: 'console',
      target: 'db',
      program: 'console',
      command: '-- reset database: the seeded users table',
      reply: '1 row changed',
      isError: false,
    };
    // The main diagram draws the reset alone, as the newest input that sent anything.
    expect(selectDiagramEvents(s())).toEqual([expect.objectContaining(said)]);
    const rows = selectSequenceRows(s().snapshot!);
    expect(rows.map((r) => [r.kind, r.target, r.command, r.reply])).toEqual([
      ['console', 'db', "UPDATE users SET plan = 'team' WHERE id = 1", '1 row changed'],
      ['console', 'db', '-- reset database: the seeded users table', '1 row changed'],
    ]);
    // A reset that changed nothing is drawn too: the learner pressed it, and SQLite was asked.
    expect(await s().resetDatabase()).toBeNull();
    expect(selectDiagramEvents(s())).toEqual([
      expect.objectContaining({ ...said, reply: '0 rows changed' }),
    ]);
    // A line that changed rows and returned some says both; one cut short, that it had more.
    await s().runSql("UPDATE users SET plan = 'pro' WHERE id <= 2 RETURNING id");
    await s().runSql('SELECT a.id FROM users a, users b LIMIT 1001');
    expect(
      selectSequenceRows(s().snapshot!)
        .slice(-2)
        .map((r) => r.reply),
    ).toEqual(['2 rows changed; 2 rows returned', 'more than 1000 rows']);
  });

  it('a column renamed: the console says no rows changed; Back and Reset database undo it', async () => {
    const { store } = await startedStore();
    const s = store.getState;
    await s().startRead('A', 123);
    while (s().snapshot?.actors.some((a) => a.task !== null)) await s().step();
    const rename = 'ALTER TABLE users RENAME COLUMN plan TO tier';
    expect(await s().runSql(rename)).toMatchObject({ columns: [], changes: 0 });
    // No rows changed, but the console says the schema did (a count alone reads as "nothing").
    expect(s().sqlConsole.at(-1)?.output).toEqual({
      columns: [],
      rows: [],
      changes: 0,
      schemaChanged: true,
      schemaChanges: ['altered table users'],
    });
    // The SQL log's line says it as the console does.
    expect(selectLogLines(s().snapshot!).at(-1)?.result).toBe(
      '0 rows changed; the schema changed: altered table users',
    );
    expect(s().snapshot?.schemaProblems).toEqual([expect.stringMatching(/lost its column plan/)]);
    // The database panel shows the renamed column's values, none of them as changed.
    expect(s().snapshot?.db.find((r) => r.id === 123)).toMatchObject({ tier: 'free' });
    expect(s().changedCells).toEqual({});
    // Back past the ALTER replays the run without it: the seeded schema, no problem named.
    await s().back();
    expect(s().snapshot?.schemaProblems).toEqual([]);
    expect(await s().runSql('SELECT plan FROM users WHERE id = 123')).toMatchObject({
      rows: [['free']],
    });
    await s().runSql(rename);
    expect(await s().resetDatabase()).toBeNull();
    expect(s().snapshot?.schemaProblems).toEqual([]);
    expect(await s().runSql('SELECT plan FROM users WHERE id = 124')).toMatchObject({
      rows: [['pro']],
    });
  });
});

describe('a line of several statements', () => {
  it('shows the last result set and says how many earlier ones returned rows too', async () => {
    const { store } = await startedStore();
    expect(await store.getState().runSql('SELECT 1; SELECT 2')).toEqual({
      columns: ['2'],
      rows: [[2]],
      changes: 0,
      earlierSets: 1,
    });
    // An UPDATE between returns no rows: only statements with a result set count.
    const mixed = await store
      .getState()
      .runSql(
        "SELECT plan FROM users WHERE id = 1; UPDATE users SET plan = 'team' WHERE id = 1; SELECT plan FROM users WHERE id = 1",
      );
    expect(mixed).toMatchObject({ rows: [['team']], earlierSets: 1 });
    expect(await store.getState().runSql('SELECT 3')).not.toHaveProperty('earlierSets');
  });
});

describe('random() and randomblob() in a console line', () => {
  it('Back replays the line to the values the console showed', async () => {
    const { store } = await startedStore();
    const s = store.getState;
    await s().startRead('A', 1);
    while (s().snapshot?.actors.some((a) => a.task !== null)) await s().step();
    const line =
      "UPDATE users SET name = hex(randomblob(4)) || ' ' || random() WHERE id = 2 RETURNING name, typeof(random())";
    const shown = await s().runSql(line);
    expect(shown).toMatchObject({
      rows: [[expect.stringMatching(/^[0-9A-F]{8} -?\d+$/), 'integer']],
    });
    const name = (shown as { rows: string[][] }).rows[0][0];
    await s().startRead('A', 3);
    await s().step();
    // Back replays the run from its start, the line with it.
    await s().back();
    expect(s().sqlConsole.at(-1)?.output).toMatchObject({ rows: [[name, 'integer']] });
    expect(await s().runSql('SELECT name FROM users WHERE id = 2')).toMatchObject({
      rows: [[name]],
    });
    // Each line draws its own values: the same line again makes others.
    const again = (await s().runSql(line)) as { rows: string[][] };
    expect(again.rows[0][0]).not.toBe(name);
  });
});

describe("a line past one of SQLite's parser limits", () => {
  it('the console says which limit, that nothing was kept and what to write; the row is untouched', async () => {
    const { store } = await startedStore();
    const s = store.getState;
    const line = `UPDATE users SET name = 'X' WHERE id = 1; SELECT ${Array<string>(1001).fill('1').join(' + ')}`;
    const result = await s().runSql(line);
    expect(result).toEqual({ error: expect.stringMatching(/^SQLite could not read this line: /) });
    const { error } = result as { error: string };
    expect(error).toContain('1 + 1 + ... takes at most 1,000 terms');
    expect(error).toContain('Nothing of the line was kept: the database is as it was.');
    expect(s().sqlConsole.at(-1)?.output).toEqual({ error });
    expect(await s().runSql("SELECT name <> 'X', version FROM users WHERE id = 1")).toMatchObject({
      rows: [[1, 1]],
    });
  });
});

describe('a row the console inserted past the seeded ones', () => {
  it('a request for it says why only seeded rows are named, and where the new row is read', async () => {
    const { store } = await startedStore();
    const s = store.getState;
    await s().runSql(
      "INSERT INTO users (id, name, email, plan) VALUES (1001, 'New', 'new@example.com', 'free')",
    );
    // The database panel shows it.
    expect(s().snapshot?.db.map((r) => r.id)).toContain(1001);
    const refusal = await s().startRead('A', 1001);
    expect(refusal).toBe(
      'User id must be a whole number from 1 to 1,000, got "1001": requests name the 1,000 seeded rows, whose committed versions the page records to judge every read and cached copy fresh or stale; it records none for a row the SQL console adds, so read and change such a row in the SQL console (SELECT * FROM users WHERE id = 1001).',
    );
    expect(s().notices.at(-1)?.text).toBe(refusal);
    expect(await s().startWrite('A', 1001, { plan: 'pro' })).toBe(refusal);
    expect(await s().runSql('SELECT name FROM users WHERE id = 1001')).toMatchObject({
      rows: [['New']],
    });
    // An id that is no whole number keeps the range alone.
    expect(await s().startRead('A', 0)).toBe(
      'User id must be a whole number from 1 to 1,000, got "0".',
    );
  });
});

describe("a link's SQL lines", () => {
  it('stop the replay once they have taken its budget, saying so, and keep what ran before', async () => {
    const SQL = await loadSqlJsNode();
    // Each line took 0.9 s on the copy (as a bounded WITH RECURSIVE of 900,000 rows does), and
    // would take as long again on the page's own thread.
    const sqlGuard: SqlGuard = async (trial) => {
      runSqlTrial(SQL, trial);
      return { ok: true, ms: 900 };
    };
    const store = createSandboxStore({ sqlGuard });
    await store.getState().start(SQL);
    const lines = Array.from(
      { length: 10 },
      (_, i) => `UPDATE users SET plan = 'p${i}' WHERE id = ${i + 1}`,
    );
    await store.getState().openView({
      scenarioId: null,
      config: store.getState().config,
      inputs: lines.map((statement) => ({ type: 'sql', statement })),
    });
    const s = store.getState();
    // 0.9 + 0.9 + 0.9 s passes 2 s: the fourth line is not tried.
    expect(s.sqlConsole.map((l) => l.input)).toEqual(lines.slice(0, 3));
    expect(s.snapshot?.db.find((r) => r.id === 3)?.plan).toBe('p2');
    expect(s.snapshot?.db.find((r) => r.id === 4)?.plan).not.toBe('p3');
    expect(s.notices.at(-1)).toMatchObject({
      tone: 'error',
      text: expect.stringContaining(
        "The link's run could only be restored up to action 3 of 10: action 4 was refused (the link's SQL lines before it had taken 2.7 s, and a link may spend at most 2 s on its SQL",
      ),
    });
    // Typed, the same line runs: the budget is the link's alone.
    await s.runSql(lines[3]);
    expect(store.getState().snapshot?.db.find((r) => r.id === 4)?.plan).toBe('p3');
  });
});
