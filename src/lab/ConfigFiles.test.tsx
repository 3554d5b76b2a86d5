// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfigFiles } from './ConfigFiles';
import { LabStoreContext } from './labContext';
import { createLabStore, type LabStoreApi } from './labStore';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let store: LabStoreApi;

beforeEach(() => {
  store = createLabStore({
    runner: { run: () => ({ result: new Promise(() => {}), stop() {} }) },
    now: () => 0,
  });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root.render(
      <LabStoreContext.Provider value={store}>
        <ConfigFiles />
      </LabStoreContext.Provider>,
    ),
  );
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

/** Chooses `file` in the import's file input, as the browser's dialog does. */
async function choose(file: File): Promise<void> {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  });
}

it('says a chosen file that cannot be read (moved or deleted since) could not be imported', async () => {
  const file = new File(['{}'], 'gone.json', { type: 'application/json' });
  file.text = () => Promise.reject(new Error('The requested file could not be read'));
  const draft = store.getState().draft;
  await choose(file);
  expect(store.getState().notice).toEqual({
    tone: 'error',
    text: 'Could not import gone.json: the file could not be read (The requested file could not be read). Nothing was changed.',
  });
  expect(store.getState().draft).toBe(draft);
});

it('imports a file it can read', async () => {
  await choose(new File(['{"ttl": 5}'], 'good.json', { type: 'application/json' }));
  expect(store.getState().draft.ttl).toBe('5');
  expect(store.getState().notice?.text).toBe('Imported good.json. Press Run to run it.');
});
