// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { StatsStrip } from './StatsStrip';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view.unmount());

const shown = (label: string) =>
  view.container.querySelector(`[data-testid="stat.${label}"] dd`)?.textContent;

// Under write-behind the strip shows the lab's "Writes consistent" beside Writes lost: a write
// the queue lost before its flush is in neither the database nor the figure.
it('under write-behind, a write the queue lost is counted in Writes consistent, as in the lab', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  expect(shown('Writes consistent')).toBe('none yet');
  await perform(() => view.store.getState().startWrite('A', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('A'));
  expect(shown('Writes consistent')).toBe('1 of 1 within 60 s');
  await perform(() => view.store.getState().runRedis('DEL write-behind:queue'));
  expect(shown('Writes lost')).toBe('1');
  expect(shown('Writes consistent')).toBe('0 of 1 within 60 s');
});
