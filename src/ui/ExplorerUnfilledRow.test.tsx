// @vitest-environment jsdom
// A read path of the learner's that never fills the key it read (it never SETs) leaves every
// cell fresh: the summary says no read filled the key, so the green grid is not read as proof.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import { countEstimate, exploreQueued } from '../engine/interleavingGrid';
import type { LearnerSources } from '../engine/programs/learner';
import { compileSources } from '../platform/learnerPrograms';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore, registerExplorer, type ExploreRunner } from '../store/explorerStore';
import { createSandboxStore } from '../store/sandboxStore';
import { ExplorerPanel } from './ExplorerPanel';
import { SandboxStoreContext } from './storeContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The worker's work, on this thread (as `explorerStore.test.ts` runs it). */
async function inThreadRunner(): Promise<ExploreRunner> {
  const SQL = await loadSqlJsNode();
  const quickjs = await loadQuickJsNode();
  const withPrograms = async <T,>(
    sources: LearnerSources | undefined,
    work: (programs?: Parameters<typeof countEstimate>[2]) => Promise<T>,
  ): Promise<T> => {
    if (!sources) return work();
    const compiled = compileSources(quickjs, sources);
    if (!compiled.ok) throw new Error(compiled.message);
    try {
      return await work(compiled.programs);
    } finally {
      compiled.dispose();
    }
  };
  return {
    count: (request, sources) => withPrograms(sources, (p) => countEstimate(SQL, request, p)),
    explore: (request, onProgress, sources) =>
      withPrograms(sources, (p) => exploreQueued(SQL, request, onProgress, p)),
  };
}

let root: Root | null = null;
let container: HTMLDivElement | null = null;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

async function explored(sources: LearnerSources) {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  const explorer = createExplorerStore(sandbox, await inThreadRunner());
  registerExplorer(sandbox, explorer);
  explorer.getState().useSources(sources);
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().startWrite('B', 1, { name: 'New' });
  await explorer.getState().explore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root?.render(
      <SandboxStoreContext.Provider value={sandbox}>
        <ExplorerPanel />
      </SandboxStoreContext.Provider>,
    ),
  );
  const text = (id: string) =>
    container?.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
  /** What the detail line says once the first cell is focused (as a keyboard user opens it). */
  const firstCellDetail = () => {
    const cell = container?.querySelector<HTMLButtonElement>('.explorer-cell');
    act(() => cell?.focus());
    return text('explorer.detail');
  };
  return {
    firstCellDetail,
    fresh: text('explorer.outcome.fresh'),
    others: ['staleRead', 'staleCache', 'error'].map((o) => text(`explorer.outcome.${o}`)),
    note: text('explorer.unfilledRows'),
    announcement: text('explorer.announcement'),
  };
}

const NOTE =
  "No read filled user 1's key (user:1) in any interleaving, so no write could race a fill: your read path must SET cacheKey(id) to the row it read on a miss.";

const getThen = (fill: string) =>
  `function* read(id) {\n  const hit = yield redis('GET', cacheKey(id));\n  if (hit !== null) return JSON.parse(hit);\n  const row = yield selectUser(id);\n${fill}\n  return row;\n}`;

it('a read path that never SETs: all fresh, and the summary, the announcement and a cell say why', async () => {
  const shown = await explored({ read: getThen('') });
  // Every cell green: nothing else on screen says why.
  expect(shown.fresh).toMatch(/fresh: [1-9]\d*$/);
  for (const other of shown.others) expect(other).toMatch(/: 0$/);
  expect(shown.note).toBe(NOTE);
  expect(shown.announcement).toContain(NOTE);
  // One interleaving opened on its own says it too: its "fresh" is no success of the code.
  expect(shown.firstCellDetail()).toContain(
    "fresh, but no read filled user 1's key (user:1) in this interleaving, so no write could race a fill: your read path must SET cacheKey(id) to the row it read on a miss",
  );
});

it('a read path that fills the key it read, and ours: no such note', async () => {
  const yours = await explored({
    read: getThen("  yield redis('SET', cacheKey(id), JSON.stringify(row));"),
  });
  expect(yours.fresh).not.toBeNull();
  expect(yours.note).toBeNull();
  expect(yours.announcement).not.toContain('No read filled');
  expect(yours.firstCellDetail()).toMatch(/database reads?,/);
  expect(yours.firstCellDetail()).not.toContain('no read filled');
  act(() => root?.unmount());
  container?.remove();
  const ours = await explored({});
  expect(ours.fresh).not.toBeNull();
  expect(ours.note).toBeNull();
  expect(ours.firstCellDetail()).not.toContain('no read filled');
});
