// @vitest-environment jsdom
// A write path of the learner's that never changes the row (it only DELs the key) leaves every
// cell fresh: the summary says no write changed the row, so the green grid is not read as proof.
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
    note: text('explorer.unchangedRows'),
    announcement: text('explorer.announcement'),
  };
}

const NOTE =
  "No write changed user 1's row in any interleaving, so no read could see it change: your write path must UPDATE the row it was given (updateUser(id, changes)).";

it('a write path that only DELs the key: all fresh, and the summary and announcement say why', async () => {
  const shown = await explored({
    write:
      "function* write(id, changes, ctx) {\n  yield redis('DEL', cacheKey(id));\n  return yield selectUser(id);\n}",
  });
  // Every cell green: nothing else on screen says why.
  expect(shown.fresh).toMatch(/fresh: [1-9]\d*$/);
  for (const other of shown.others) expect(other).toMatch(/: 0$/);
  expect(shown.note).toBe(NOTE);
  expect(shown.announcement).toContain(NOTE);
  // One interleaving opened on its own says it too: its "fresh" is no success of the code.
  expect(shown.firstCellDetail()).toContain(
    "fresh, but no write changed user 1's row in this interleaving, so no read could see it change: your write path must UPDATE the row it was given",
  );
});

it('a write path that UPDATEs the row, and ours: no such note', async () => {
  const yours = await explored({
    write:
      "function* write(id, changes, ctx) {\n  const row = yield updateUser(id, changes);\n  yield redis('DEL', cacheKey(id));\n  return row;\n}",
  });
  expect(yours.fresh).not.toBeNull();
  expect(yours.note).toBeNull();
  expect(yours.announcement).not.toContain('No write changed');
  // The stale set, its first cell: the write changed the row, and the detail says nothing else.
  expect(yours.firstCellDetail()).toMatch(/database reads?,/);
  expect(yours.firstCellDetail()).not.toContain('no write changed');
  act(() => root?.unmount());
  container?.remove();
  const ours = await explored({});
  expect(ours.fresh).not.toBeNull();
  expect(ours.note).toBeNull();
});
