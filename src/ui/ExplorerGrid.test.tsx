// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ExploredInterleaving, ExploreResult } from '../engine/interleavingGrid';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createExplorerStore, registerExplorer } from '../store/explorerStore';
import type { ExplorerStoreApi } from '../store/explorerState';
import { createSandboxStore, type SandboxStoreApi } from '../store/sandboxStore';
import { ExplorerPanel } from './ExplorerPanel';
import { SandboxStoreContext } from './storeContext';
import { DRAWN_PER_TASK } from './useDrawnInSteps';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** More cells than one task draws: the grid of three readers and a writer, at a smaller size. */
const CELLS = 2 * DRAWN_PER_TASK + 200;

/** `n` distinct schedules of A and B (the grid's cells need only be distinct and judged). */
function gridOf(n: number): ExploreResult {
  const interleavings: ExploredInterleaving[] = Array.from({ length: n }, (_, i) => ({
    schedule: i.toString(2).padStart(12, '0').replaceAll('0', 'A').replaceAll('1', 'B').split(''),
    outcome: 'fresh',
    dbReads: 1,
    roundTrips: 4,
    staleReads: 0,
    isCacheStaleAtEnd: false,
  }));
  return {
    total: n,
    isTotalExact: true,
    isTotalLowerBound: false,
    isTotalAtLeast: false,
    sampled: false,
    limit: 5000,
    isSampleShort: false,
    outcomes: { fresh: n, staleRead: 0, staleCache: 0, error: 0 },
    interleavings,
    unchangedRows: [],
    unfilledRows: [],
  };
}

let container: HTMLDivElement;
let root: Root;
let sandbox: SandboxStoreApi;
let explorer: ExplorerStoreApi;

beforeEach(async () => {
  sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  // Each exploration answers a new array of the same cells, as the worker's does.
  explorer = createExplorerStore(sandbox, {
    count: () => Promise.resolve({ estimate: CELLS, isExact: true, steps: { A: 6, B: 6 } }),
    explore: () => Promise.resolve(gridOf(CELLS)),
  });
  registerExplorer(sandbox, explorer);
  await sandbox.getState().startRead('A', 1);
  await sandbox.getState().startWrite('B', 1, { name: 'New' });
  await explorer.getState().explore();
  // The grid's later parts are drawn in tasks of their own: held until a test lets them run.
  vi.useFakeTimers();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root.render(
      <SandboxStoreContext.Provider value={sandbox}>
        <ExplorerPanel />
      </SandboxStoreContext.Provider>,
    ),
  );
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.useRealTimers();
});

const cells = () => container.querySelectorAll<HTMLButtonElement>('.explorer-cell');
const focusedLabel = () => document.activeElement?.getAttribute('aria-label') ?? '';
const press = (key: string) =>
  act(() => {
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });

it('End goes to the last cell while the grid is still being drawn', () => {
  expect(cells()).toHaveLength(DRAWN_PER_TASK);
  act(() => cells()[0].focus());
  press('End');
  // Before, End focused nothing until the last part was drawn: the key did nothing.
  expect(focusedLabel()).toMatch(new RegExp(`^Interleaving ${CELLS}: fresh`));
  press('Home');
  expect(focusedLabel()).toMatch(/^Interleaving 1: fresh/);
  // Its place and verdict, not its schedule (until 2026-12-07 the name spelled every letter).
  expect(focusedLabel()).toBe('Interleaving 1: fresh. Load it into the sandbox');
});

it('a cell focused far down the grid keeps the focus when the grid is explored again', async () => {
  for (let i = 0; i < 10 && vi.getTimerCount() > 0; i++) act(() => vi.advanceTimersToNextTimer());
  expect(cells()).toHaveLength(CELLS);
  act(() => cells()[CELLS - 100].focus());
  await act(async () => {
    await explorer.getState().explore();
  });
  // Before, the new grid was drawn from its first part again: the focused cell was taken away
  // and the keyboard user was left on the page's body, their place in the grid lost.
  expect(focusedLabel()).toMatch(new RegExp(`^Interleaving ${CELLS - 99}: fresh`));
  expect(cells()).toHaveLength(CELLS);
});
