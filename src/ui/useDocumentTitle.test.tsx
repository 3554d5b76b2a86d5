// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { DocumentTitle } from './useDocumentTitle';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(() => {
  document.title = 'Cache-Aside Lab'; // index.html's
});

afterEach(() => view?.unmount());

// The browser's tab, its history list (Back held down) and a screen reader's page change all
// read the title: a scenario, free play and the lab each say which they are.
it('names the scenario on show, and the site alone in free play', async () => {
  view = await mountWithSandbox(SQL, <DocumentTitle route="sandbox" />);
  expect(document.title).toBe('Cache-Aside Lab');
  await perform(() => view!.store.getState().loadScenario('stale-set'));
  expect(document.title).toBe('Race: stale set after invalidation · Cache-Aside Lab');
  await perform(() => view!.store.getState().loadScenario(null));
  expect(document.title).toBe('Cache-Aside Lab');
});

it('names the workload lab on its page, whatever scenario the sandbox holds', async () => {
  view = await mountWithSandbox(SQL, <DocumentTitle route="lab" />);
  await perform(() => view!.store.getState().loadScenario('stale-set'));
  expect(document.title).toBe('Workload lab · Cache-Aside Lab');
});
