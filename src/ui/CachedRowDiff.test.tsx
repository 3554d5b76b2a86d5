// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { CacheVsDatabase } from './CacheVsDatabase';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisPanel } from './RedisPanel';
import { selectToldLatest } from '../store/narrationSelectors';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view.unmount());

/** Steps every actor with a request or a job until none has one left. */
async function finishAll(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const busy = view.store.getState().snapshot?.actors.find((a) => a.task !== null);
    if (!busy) return;
    await perform(() => view.store.getState().stepActor(busy.name));
  }
}

// Under write-behind the flush stamps the row's updated_at when it reaches the database; the
// cached copy keeps the older stamp by design, and no read of it is judged stale
// (copyDiff). The panels beside the copy's badge do not call it another row either.
it('a write-behind copy after its flush, fresh, is not listed as differing by its updated_at', async () => {
  view = await mountWithSandbox(
    SQL,
    <>
      <CacheVsDatabase />
      <RedisPanel />
    </>,
  );
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  await perform(() => view.store.getState().startRead('A', 5));
  await finishAll();
  await perform(() => view.store.getState().startWrite('B', 5, { plan: 'team' }));
  await finishAll();
  const snap = view.store.getState().snapshot;
  const entry = snap?.cache.find((e) => e.key === 'user:5');
  const row = snap?.db.find((r) => r.id === 5);
  // The flush reached the database: same version and values, another updated_at.
  expect(entry).toMatchObject({ version: 2, isStale: false, isAhead: false });
  expect(row).toMatchObject({ version: 2, plan: 'team' });
  expect(JSON.parse(entry?.value ?? '{}').updated_at).not.toBe(row?.updated_at);

  expect(view.container.querySelector('[data-testid="redis.diff.user:5"]')).toBeNull();
  const compare = view.container.querySelector('[data-testid="compare.user:5"]');
  expect(compare?.querySelectorAll('mark')).toHaveLength(0);
});

// The table of differing fields and the badge beside it are one judgement: a copy the console
// set by hand differs in the table exactly when it is badged, and the table says how.
it.each([
  [
    'an extra field',
    (r: object) => ({ ...r, nickname: 'x' }),
    'STALE',
    ['nickname "x" (no such column)'],
  ],
  [
    'no updated_at',
    ({ updated_at: _, ...r }: { updated_at: number }) => r,
    'STALE',
    ['updated_at (missing) 0'],
  ],
  ["another user's row", () => 6, "STALE · user 6's row", ["holds user 6's row"]],
])('a copy of user 5 with %s: badged and listed alike', async (_, make, badge, lines) => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(() => view.store.getState().runSql('SELECT * FROM users WHERE id IN (5, 6)'));
  const rows = view.store.getState().snapshot?.db ?? [];
  const row5 = rows.find((r) => r.id === 5) as { updated_at: number };
  const made = make(row5);
  const value = JSON.stringify(typeof made === 'number' ? rows.find((r) => r.id === made) : made);
  await perform(() => view.store.getState().runRedis(`SET user:5 '${value}'`));
  const key = view.container.querySelector('[data-testid="redis.key.user:5"]');
  expect(key?.querySelector('.badge')?.textContent).toBe(badge);
  const table = key?.querySelector('[data-testid="redis.diff.user:5"]');
  // Cells run together in textContent: compared without spaces.
  const bare = (text: string) => text.replace(/\s/g, '');
  expect(
    [...(table?.querySelectorAll('caption, tbody tr') ?? [])].map((r) => bare(r.textContent ?? '')),
  ).toEqual(['Differs from the database row', ...lines].map(bare));
});

// The read checker judges a hit on such a copy by the same judgement (a read path that returns
// it is counted stale), so the badge's tooltip can say so.
it('a copy of user 5 with an extra field: its STALE badge says a read that hits it is counted stale', async () => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(() => view.store.getState().runSql('SELECT * FROM users WHERE id = 5'));
  const row5 = view.store.getState().snapshot?.db.find((r) => r.id === 5);
  const value = JSON.stringify({ ...row5, nickname: 'x' });
  await perform(() => view.store.getState().runRedis(`SET user:5 '${value}'`));
  const key = view.container.querySelector('[data-testid="redis.key.user:5"]');
  expect(key?.querySelector('.badge')?.getAttribute('title')).toMatch(
    /: a read that hits it is counted stale/,
  );
});

it("the Redis panel's table of differing fields writes a row's direction override as an escape", async () => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(() => view.store.getState().startRead('A', 1));
  await finishAll();
  await perform(() =>
    view.store
      .getState()
      .runSql("UPDATE users SET name = 'Ada ' || char(8238) || 'x' WHERE id = 1"),
  );
  const table = view.container.querySelector('[data-testid="redis.diff.user:1"]')?.textContent;
  expect(table).toContain('"Ada \\u202Ex"');
  expect(table).not.toContain('\u202e');
});

// Until 2026-12-07 the table wrote a BLOB as JSON makes it ({"0":0,"1":255}) and an infinite
// REAL as null, while the SQLite panel showed `<blob, 2 bytes>` and the console `Inf`.
it("the table of differing fields shows a row's BLOB and infinite REAL as the SQLite panel does", async () => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(() => view.store.getState().startRead('A', 1));
  await finishAll();
  await perform(() => view.store.getState().runSql('ALTER TABLE users ADD COLUMN score REAL'));
  await perform(() =>
    view.store.getState().runSql("UPDATE users SET email = x'00ff', score = 1e999 WHERE id = 1"),
  );
  const cells = [
    ...(view.container.querySelectorAll('[data-testid="redis.diff.user:1"] tbody tr') ?? []),
  ].map((tr) => [...tr.children].map((c) => c.textContent));
  expect(cells).toContainEqual(['email', '"grace.lovelace1@example.com"', '<blob, 2 bytes>']);
  expect(cells).toContainEqual(['score', '(missing)', 'Inf']);
  // Refilled, the copy is the row as far as JSON goes; until 2026-12-07 nothing said the BLOB
  // came back an object and Inf null (no table; "the current row", "fresh").
  await perform(() => view.store.getState().runRedis('DEL user:1'));
  await perform(() => view.store.getState().startRead('A', 1));
  await finishAll();
  const refilled = [
    ...(view.container.querySelectorAll('[data-testid="redis.diff.user:1"] tbody tr') ?? []),
  ].map((tr) => [...tr.children].map((c) => c.textContent));
  expect(refilled).toEqual([
    ['email', '{"0":0,"1":255}', '<blob, 2 bytes> (JSON could not carry it)'],
    ['score', 'null', 'Inf (JSON could not carry it)'],
  ]);
  expect(selectToldLatest(view.store.getState())).toMatch(
    /Redis holds version 2, the current row\. JSON could not carry the row's email <blob, 2 bytes> \(the copy has \{"0":0,"1":255\}\), score Inf \(the copy has null\)\.$/,
  );
});
