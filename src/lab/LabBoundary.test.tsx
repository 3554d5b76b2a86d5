// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabRun } from './labStore';
import { createLabStore, type LabStoreApi } from './labStore';
import { LabBoundary } from './LabBoundary';
import { LabStoreContext } from './labContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let isBroken = true;
function Fragile() {
  if (isBroken) throw new Error("Cannot read properties of undefined (reading 'pattern')");
  return <p>results shown</p>;
}

let container: HTMLDivElement;
let root: Root;
let store: LabStoreApi;

beforeEach(() => {
  isBroken = true;
  store = createLabStore({
    runner: { run: () => ({ result: new Promise(() => {}), stop() {} }) },
    now: () => 0,
  });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container, { onCaughtError: () => undefined });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  act(() =>
    root.render(
      <LabStoreContext.Provider value={store}>
        <LabBoundary name="Results">
          <Fragile />
        </LabBoundary>
        <LabBoundary name="TTL sweep">
          <p>sweep shown</p>
        </LabBoundary>
      </LabStoreContext.Provider>,
    ),
  );
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.restoreAllMocks();
});

describe('LabBoundary', () => {
  it('keeps a failed lab panel’s error in that panel, with a way back', () => {
    const failed = container.querySelector('[aria-label="Results (failed)"]');
    expect(failed?.querySelector('[role="alert"]')?.textContent).toContain(
      "This panel failed to show the current state: Cannot read properties of undefined (reading 'pattern'). The rest of the page still works; another run may clear it.",
    );
    expect(container.textContent).toContain('sweep shown');
    isBroken = false;
    const again = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Show Results again',
    );
    act(() => again?.click());
    expect(container.textContent).toContain('results shown');
  });

  it('tries again by itself when another run comes on screen', () => {
    isBroken = false;
    act(() => store.setState({ current: { id: 7 } as LabRun }));
    expect(container.textContent).toContain('results shown');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });
});
