// The explorer panel rendered over a sandbox explored with code of the learner's, the worker's
// work run on this thread: what the unit tests of the panel's sentences read. Each test file calls
// `unmountExplorerPanel` after each test.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { LearnerSources } from '../engine/programs/learner';
import { createInThreadExploreRunner } from '../platform/explorerInThread';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore, registerExplorer } from '../store/explorerStore';
import { createSandboxStore } from '../store/sandboxStore';
import { ExplorerPanel } from './ExplorerPanel';
import { SandboxStoreContext } from './storeContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLDivElement | null = null;

/** Unmounts what `explorerPanelWith` rendered (call it after each test). */
export function unmountExplorerPanel(): void {
  act(() => root?.unmount());
  container?.remove();
}

/**
 * Starts a sandbox, has A read and B write user 1, explores them with `sources`, and renders the
 * panel: its outcome counts, its announcement, `text` of any test id and the first cell's detail.
 */
export async function explorerPanelWith(sources: LearnerSources) {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  const explorer = createExplorerStore(sandbox, await createInThreadExploreRunner());
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
    text,
    firstCellDetail,
    fresh: text('explorer.outcome.fresh'),
    others: ['staleRead', 'staleCache', 'error'].map((o) => text(`explorer.outcome.${o}`)),
    announcement: text('explorer.announcement'),
  };
}
