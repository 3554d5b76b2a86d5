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

const hint = (label: string) =>
  view.container.querySelector(`[data-testid="stat.${label}"]`)?.getAttribute('title');

// The flusher's LPOP could not reach Redis and its job ended: the writes wait with nothing
// running to flush them, and the hint says what starts a flusher again.
it('Writes waiting says when no flusher is running, and what starts one', async () => {
  view = await mountWithSandbox(SQL, <StatsStrip />);
  await perform(() => view.store.getState().loadScenario(null));
  await perform(async () => {
    expect(await view.store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  });
  const base =
    'Write-behind writes acknowledged that the database does not have yet: queued in Redis, or taken by the flusher and not yet written.';
  expect(hint('Writes waiting')).toBe(base);
  await perform(() => view.store.getState().startWrite('B', 1, { plan: 'pro' }));
  for (let i = 0; i < 4; i++) await perform(() => view.store.getState().stepActor('B'));
  expect(shown('Writes waiting')).toBe('1');
  expect(hint('Writes waiting')).toBe(base);
  await perform(() => view.store.getState().setCacheAvailable(false));
  for (let i = 0; i < 2; i++) await perform(() => view.store.getState().stepActor('flusher'));
  await perform(() => view.store.getState().setCacheAvailable(true));
  expect(shown('Writes waiting')).toBe('1');
  expect(hint('Writes waiting')).toBe(
    `${base} No flusher is running: they wait in the queue until the next write is queued, whose RPUSH starts one.`,
  );
});
