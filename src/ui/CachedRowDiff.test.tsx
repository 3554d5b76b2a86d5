// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { CacheVsDatabase } from './CacheVsDatabase';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { RedisPanel } from './RedisPanel';

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
// (copyFieldsUnlike). The panels beside the copy's badge do not call it another row either.
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
