import { act, type ReactElement } from 'react';
import { createRoot, type RootOptions } from 'react-dom/client';
import { LabStoreContext } from './labContext';
import { createLabStore } from './labStore';
import type { LabStoreApi } from './labState';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
provideResizeObserverWithoutLayout();

/** Lab components rendered in a test's DOM (jsdom) over a lab store of their own. */
export interface MountedLab {
  container: HTMLDivElement;
  store: LabStoreApi;
  /** Renders other components in the same place, under `store` (or another lab store). */
  render(element: ReactElement, store?: LabStoreApi): void;
  unmount(): void;
}

/**
 * Renders `element` under a fresh lab store whose runs never end (a test drives the store), as
 * the lab page does. For unit tests, like `mountWithSandbox` for the sandbox's panels.
 */
export function mountWithLab(element: ReactElement, options?: RootOptions): MountedLab {
  const store = createLabStore({
    runner: { run: () => ({ result: new Promise(() => {}), stop() {} }) },
    now: () => 0,
  });
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container, options);
  const render = (next: ReactElement, under: LabStoreApi = store): void =>
    act(() =>
      root.render(<LabStoreContext.Provider value={under}>{next}</LabStoreContext.Provider>),
    );
  render(element);
  return {
    container,
    store,
    render,
    unmount() {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** The comparison table's cell under `column` for the row of run `name`, as a test reads it. */
export function comparisonCell(container: HTMLElement, name: string, column: string): string {
  const table = container.querySelector('table[aria-label="Comparison summary"]');
  const headers = [...(table?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent);
  const row = [...(table?.querySelectorAll('tbody tr') ?? [])].find((tr) =>
    tr.querySelector('th')?.textContent?.includes(name),
  );
  const at = headers.indexOf(column);
  return at < 0 ? `(no column "${column}")` : ([...(row?.children ?? [])][at]?.textContent ?? '');
}
