import { act, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { SqlJsStatic } from 'sql.js';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';
import { createSandboxStore, type SandboxStoreApi } from '../store/sandboxStore';
import { SandboxStoreContext } from './storeContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// A cached value measures whether it scrolls (`useOverflows`); jsdom has no ResizeObserver.
provideResizeObserverWithoutLayout();

/** A component rendered in a test's DOM (jsdom) over a free-play sandbox store of its own. */
export interface MountedView {
  container: HTMLDivElement;
  store: SandboxStoreApi;
  unmount(): void;
  /** Renders `element` again over the same store, as the page does coming back from the lab. */
  remount(element: ReactElement): void;
}

/** Starts a sandbox store and renders `element` under it, as the page does. For unit tests. */
export async function mountWithSandbox(
  SQL: SqlJsStatic,
  element: ReactElement,
): Promise<MountedView> {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  const container = document.createElement('div');
  document.body.append(container);
  let root = createRoot(container);
  const render = (shown: ReactElement) =>
    act(() =>
      root.render(
        <SandboxStoreContext.Provider value={store}>{shown}</SandboxStoreContext.Provider>,
      ),
    );
  render(element);
  return {
    container,
    store,
    unmount() {
      act(() => root.unmount());
      container.remove();
    },
    remount(shown) {
      act(() => root.unmount());
      root = createRoot(container);
      render(shown);
    },
  };
}

/** Runs a store action and lets React render what it published. */
export async function perform(action: () => Promise<unknown>): Promise<void> {
  await act(async () => {
    await action();
  });
}
