// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxStore, type SandboxStoreApi } from '../store/sandboxStore';
import { PanelBoundary } from './PanelBoundary';
import { SandboxStoreContext } from './storeContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let isBroken = true;
function Fragile() {
  if (isBroken) throw new Error('cannot read the key list');
  return <p>keys shown</p>;
}

let container: HTMLDivElement;
let root: Root;
let store: SandboxStoreApi;

function renderPage() {
  act(() =>
    root.render(
      <SandboxStoreContext.Provider value={store}>
        <PanelBoundary name="Redis keys">
          <Fragile />
        </PanelBoundary>
        <PanelBoundary name="Log">
          <p>log shown</p>
        </PanelBoundary>
      </SandboxStoreContext.Provider>,
    ),
  );
}

beforeEach(() => {
  isBroken = true;
  store = createSandboxStore();
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container, { onCaughtError: () => undefined });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

describe('PanelBoundary', () => {
  it('shows what failed in that panel only; the other panels render', () => {
    renderPage();
    const failed = container.querySelector('[aria-label="Redis keys (failed)"]');
    expect(failed?.querySelector('[role="alert"]')?.textContent).toContain(
      'This panel failed to show the current state: cannot read the key list',
    );
    expect(container.textContent).toContain('log shown');
    expect(container.textContent).not.toContain('keys shown');
    expect(console.warn).toHaveBeenCalledWith(
      'The Redis keys panel failed',
      expect.any(Error),
      expect.any(String),
    );
  });

  it('"Show … again" recovers once the cause is gone, and fails again honestly if not', () => {
    renderPage();
    const again = () =>
      [...container.querySelectorAll('button')].find(
        (b) => b.textContent === 'Show Redis keys again',
      );
    act(() => again()?.click());
    expect(container.querySelector('[aria-label="Redis keys (failed)"]')).not.toBeNull();
    isBroken = false;
    act(() => again()?.click());
    expect(container.textContent).toContain('keys shown');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('tries again by itself when the run changes (Back, Reset, a step)', () => {
    renderPage();
    isBroken = false;
    act(() => store.setState({ revision: store.getState().revision + 1 }));
    expect(container.textContent).toContain('keys shown');
  });
});
