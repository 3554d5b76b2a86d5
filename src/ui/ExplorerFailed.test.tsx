// @vitest-environment jsdom
// An exploration that fails (its worker lost) with a grid on screen leaves that grid: the page
// says it is the one explored before, as it does after Stop, not a grid of what was asked.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it } from 'vitest';
import type { ExploreResult } from '../engine/interleavingGrid';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore, registerExplorer } from '../store/explorerStore';
import { createSandboxStore } from '../store/sandboxStore';
import { ExplorerPanel } from './ExplorerPanel';
import { SandboxStoreContext } from './storeContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ONE: ExploreResult = {
  total: 1,
  isTotalExact: true,
  isTotalLowerBound: false,
  isTotalAtLeast: false,
  sampled: false,
  limit: 300,
  isSampleShort: false,
  outcomes: { fresh: 1, staleRead: 0, staleCache: 0, error: 0 },
  interleavings: [
    {
      schedule: ['A', 'A'],
      outcome: 'fresh',
      dbReads: 1,
      roundTrips: 2,
      staleReads: 0,
      isCacheStaleAtEnd: false,
    },
  ],
  unchangedRows: [],
  unfilledRows: [],
};

it('a failed exploration says the grid left on screen is the one explored before', async () => {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  let explored = 0;
  const explorer = createExplorerStore(sandbox, {
    count: () => Promise.resolve({ estimate: 1, isExact: true, steps: { A: 2 } }),
    explore: () =>
      ++explored === 1
        ? Promise.resolve(ONE)
        : Promise.reject(new Error("the explorer's worker stopped")),
  });
  registerExplorer(sandbox, explorer);
  await sandbox.getState().startRead('A', 1);
  await explorer.getState().explore();
  await explorer
    .getState()
    .explore()
    .catch(() => undefined);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <SandboxStoreContext.Provider value={sandbox}>
        <ExplorerPanel />
      </SandboxStoreContext.Provider>,
    ),
  );
  const text = (id: string) => container.querySelector(`[data-testid="${id}"]`)?.textContent;
  // The grid before is still there.
  expect(container.querySelectorAll('.explorer-cell')).toHaveLength(1);
  expect(text('explorer.progress')).toBe(
    "The exploration failed: the explorer's worker stopped; the grid shown is the one explored before.",
  );
  expect(text('explorer.announcement')).toBe(
    "The exploration failed: the explorer's worker stopped; the grid shown before stays.",
  );
  act(() => root.unmount());
  container.remove();
});
