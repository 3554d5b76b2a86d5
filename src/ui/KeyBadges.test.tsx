// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisPanel } from './RedisPanel';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view.unmount());

/** The STALE badge's tooltip on user:5's key in the Redis panel. */
const staleTitle = (): string | null | undefined =>
  view.container
    .querySelector('[data-testid="redis.key.user:5"] .badge-stale')
    ?.getAttribute('title');

// A copy at its row's version that is not the row is badged STALE for one of two reasons, and
// the tooltip says the one that holds: the row was set back to that version, or it never was.
it('a copy at the version the console set the row back to: the tooltip says the row was set back', async () => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(() => view.store.getState().startRead('A', 5));
  for (let i = 0; i < 10 && view.store.getState().snapshot?.actors.some((a) => a.task); i++)
    await perform(() => view.store.getState().stepActor('A'));
  await perform(() => view.store.getState().runSql("UPDATE users SET name = 'Zed' WHERE id = 5"));
  await perform(() => view.store.getState().runSql('UPDATE users SET version = 1 WHERE id = 5'));
  expect(view.store.getState().snapshot?.cache.find((e) => e.key === 'user:5')).toMatchObject({
    version: 1,
    isUnlikeRow: true,
  });
  expect(staleTitle()).toMatch(/^The database row was set back to this copy's version/);
});

it('a copy set by hand with an extra field: the tooltip does not say the row was set back', async () => {
  view = await mountWithSandbox(SQL, <RedisPanel />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(() => view.store.getState().runSql('SELECT * FROM users WHERE id = 5'));
  const row5 = view.store.getState().snapshot?.db.find((r) => r.id === 5);
  const value = JSON.stringify({ ...row5, nickname: 'x' });
  await perform(() => view.store.getState().runRedis(`SET user:5 '${value}'`));
  expect(staleTitle()).toMatch(/^The cached copy has the version the database row has now/);
  expect(staleTitle()).not.toMatch(/set back/);
});
