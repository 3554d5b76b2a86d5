// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DatabasePanel } from './DatabasePanel';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisPanel } from './RedisPanel';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  view = await mountWithSandbox(
    SQL,
    <>
      <DatabasePanel />
      <RedisPanel />
    </>,
  );
});

afterEach(() => view.unmount());

const empty = () =>
  view.container.querySelector('[aria-label="Database rows"] .empty')?.textContent ?? null;
const sql = (statement: string) => perform(() => view.store.getState().runSql(statement));

describe('DatabasePanel with no row on show', () => {
  it('counts the users the table holds, after a DELETE too', async () => {
    expect(empty()).toBe('No row has been read or written yet (the table holds 1000 users).');
    await sql('DELETE FROM users WHERE id > 10');
    expect(empty()).toBe(
      'No row on show: the rows read or written were deleted (the table holds 10 users).',
    );
    await sql('DELETE FROM users WHERE id > 1');
    expect(empty()).toBe(
      'No row on show: the rows read or written were deleted (the table holds 1 user).',
    );
    // An id past 2^53 - 1 cannot be shown (as a number it is rounded onto another): said so.
    await sql("INSERT INTO users VALUES (9007199254740993, 'b', 'b@x', 'free', 1, 0)");
    const note = () => view.container.querySelector('[data-testid="db.pastSafeIds"]')?.textContent;
    expect(note()).toBe(
      'The table also holds a row whose id is past ±9007199254740991 (2^53 - 1), which the page cannot name exactly (a JavaScript number rounds it), so it is not shown here; a SELECT in the SQL console shows it.',
    );
    // Ids of 0 and below are shown, as a SELECT shows them.
    await sql(
      "INSERT INTO users VALUES (0, 'z', 'z@x', 'free', 1, 0), (-5, 'm', 'm@x', 'free', 1, 0)",
    );
    const shownIds = [...view.container.querySelectorAll('[data-testid^="db.row."]')].map((r) =>
      r.getAttribute('data-testid'),
    );
    expect(shownIds).toEqual(['db.row.-5', 'db.row.0']);
    await sql('DELETE FROM users WHERE id > 1000');
    expect(note()).toBeUndefined();
  });

  it('on a fresh run, a row past 2^53 - 1 is not taken for one read or written and deleted', async () => {
    await sql("INSERT INTO users VALUES (9007199254740993, 'b', 'b@x', 'free', 1, 0)");
    expect(empty()).toBe(
      'No row the panel can show has been read or written yet (the table holds 1001 users).',
    );
  });

  it('says the row read and written was deleted, and marks its cached copy STALE · row deleted', async () => {
    await perform(() => view.store.getState().loadScenario('stale-set'));
    for (let i = 0; i < 5; i++) await perform(() => view.store.getState().step());
    expect(empty()).toBeNull(); // user 123 is on show
    await sql('DELETE FROM users WHERE id = 123');
    expect(empty()).toBe(
      'No row on show: the rows read or written were deleted (the table holds 999 users).',
    );
    const badge = view.container.querySelector('[data-testid="redis.key.user:123"] .badge-stale');
    expect(badge?.textContent).toBe('STALE · row deleted');
    expect(badge?.getAttribute('title')).toMatch(/^The database no longer holds this row/);
  });
});

it('a copy of a version the console set the row back from is badged STALE · row set back, not AHEAD', async () => {
  await perform(() => view.store.getState().loadScenario('write-then-read-invalidate'));
  const cached = () => view.store.getState().snapshot?.cache.find((e) => e.key === 'user:123');
  for (let i = 0; i < 10 && cached()?.version !== 2; i++)
    await perform(() => view.store.getState().step());
  expect(cached()).toMatchObject({ version: 2, isStale: false, isAhead: false });
  await sql('UPDATE users SET version = 1 WHERE id = 123');
  const key = view.container.querySelector('[data-testid="redis.key.user:123"]');
  expect(key?.querySelector('.badge-ahead')).toBeNull();
  const badge = key?.querySelector('.badge-stale');
  expect(badge?.textContent).toBe('STALE · row set back');
  expect(badge?.getAttribute('title')).toBe(
    'The database row was set back to an older version than this copy: the copy holds a state the row no longer has',
  );
});

it('a copy SET by hand with a version the row never had is badged as never committed, as its read is judged', async () => {
  await perform(() => view.store.getState().loadScenario('write-then-read-invalidate'));
  const cached = () => view.store.getState().snapshot?.cache.find((e) => e.key === 'user:123');
  for (let i = 0; i < 10 && cached()?.version !== 2; i++)
    await perform(() => view.store.getState().step());
  const copy = { ...JSON.parse(cached()!.value), version: 9 };
  await perform(() => view.store.getState().runRedis(`SET user:123 '${JSON.stringify(copy)}'`));
  expect(cached()).toMatchObject({ version: 9, isAhead: true, isNeverCommitted: true });
  const badge = view.container.querySelector('[data-testid="redis.key.user:123"] .badge-ahead');
  expect(badge?.textContent).toBe('AHEAD · never committed');
  // Not "a write the database does not have yet": under invalidate no write is on its way.
  expect(badge?.getAttribute('title')).toBe(
    "Version 9 is newer than any version the database has committed for this row, and no write of this pattern puts a version in the cache before the database: the copy was set by hand, or by your code ahead of its UPDATE. It is not the database's row, so a read that hits it is counted stale",
  );
  await perform(() => view.store.getState().startRead('A', 123));
  await perform(() => view.store.getState().stepActor('A'));
  expect(view.store.getState().snapshot?.results.at(-1)?.verdict).toMatchObject({
    isStale: true,
    version: 9,
  });
});

it('under write-behind a copy SET by hand ahead of the row is never committed, not a write on its way', async () => {
  await perform(() => view.store.getState().loadScenario(null));
  expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  const copy = { id: 9, name: 'N', email: 'e', plan: 'pro', version: 7, updated_at: 0 };
  await perform(() => view.store.getState().runRedis(`SET user:9 '${JSON.stringify(copy)}'`));
  const badge = view.container.querySelector('[data-testid="redis.key.user:9"] .badge-ahead');
  expect(badge?.textContent).toBe('AHEAD · never committed');
  expect(badge?.getAttribute('title')).toBe(
    "Version 7 is newer than any version the database has committed for this row, and no write of the row is on its way to the database (none is under way, queued or taken by the flusher): the copy was set by hand, or its write was lost with the queue. It is not the database's row, so a read that hits it is counted stale",
  );
});

it('a cell the latest write changed says so in words, not only in colour and weight', async () => {
  await perform(() => view.store.getState().loadScenario('stale-read'));
  await perform(() => view.store.getState().step());
  await perform(() => view.store.getState().step());
  const cells = [...view.container.querySelectorAll('[data-testid="db.row.123"] td')].map((td) => [
    td.textContent,
    td.getAttribute('aria-description'),
  ]);
  expect(cells).toContainEqual(['team', "changed by the row's latest write"]);
  expect(cells).toContainEqual(['John Thompson', null]);
});

it('a blob, a NULL and an infinite REAL in a row read as the SQL console shows them, not as a list of bytes, "null" or "Infinity"', async () => {
  // Until 2026-12-06 a name set to x'00ff41' read "0,255,65", the text it is not, and a NULL in
  // a column the console added read "null"; until 2026-12-07 an infinite REAL read "-Infinity"
  // where the SQL console and the table of differing fields say -Inf.
  await sql('ALTER TABLE users ADD COLUMN phone TEXT');
  await sql('ALTER TABLE users ADD COLUMN score REAL');
  await sql("UPDATE users SET name = x'00ff41', score = -1e999 WHERE id = 7");
  const cells = [...view.container.querySelectorAll('[aria-label="Database rows"] tbody tr td')];
  const texts = cells.map((c) => c.textContent);
  expect(texts[1]).toBe('<blob, 3 bytes>');
  expect(texts.slice(-2)).toEqual(['NULL', '-Inf']);
});
