// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLabStore, type LabStoreApi } from './labStore';
import { LabStoreContext } from './labContext';
import type { RunListener } from './labProtocol';
import { LabControls } from './LabControls';
import { RunBar } from './RunBar';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// jsdom has no layout: the bar's height, which the observer reports, is not what is tested.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

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
        <RunBar />
      </LabStoreContext.Provider>,
    ),
  );
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

it('a refusal with many problems lists the first five and counts the rest', () => {
  const faults = Array.from({ length: 100 }, (_, i) => ({
    kind: 'cache-down',
    startSeconds: -i - 1,
    durationSeconds: 5,
  }));
  act(() => void store.getState().settingsLoaded({ faults }, 'the link'));
  const items = [...container.querySelectorAll('[role="alert"] li')].map((li) => li.textContent);
  expect(items).toEqual([
    ...[1, 2, 3, 4, 5].map(
      (n) => `faults[${n - 1}].startSeconds must be a number from 0 to 86400, got -${n}`,
    ),
    'and 95 more',
  ]);
});

it('says it seeds a large database, from the run’s own reports, until the first requests are done', () => {
  let listener: RunListener | undefined;
  const seeding = createLabStore({
    runner: {
      run: (_config, l) => {
        listener = l;
        return { result: new Promise(() => {}), stop() {} };
      },
    },
    now: () => 0,
  });
  act(() =>
    root.render(
      <LabStoreContext.Provider value={seeding}>
        <RunBar />
      </LabStoreContext.Provider>,
    ),
  );
  act(() => void seeding.getState().runRequested());
  const status = (): string | null | undefined =>
    container.querySelector('.lab-progress-label span:last-child')?.textContent;
  act(() => listener?.onSeeding?.(230_000, 1_000_000));
  expect(status()).toBe('Seeding 1,000,000 database rows before the first request: 230,000 so far');
  act(() => listener?.onProgress({ done: 500, total: 100_000, clockMs: 500, buckets: [] }));
  expect(status()).toMatch(/^500 of 100,000 requests · /);
});

it('a failed import drops the earlier refusal’s list under the alert, not its mark on the control still holding the value', async () => {
  act(() =>
    root.render(
      <LabStoreContext.Provider value={store}>
        <RunBar />
        <LabControls />
      </LabStoreContext.Provider>,
    ),
  );
  const keys = (): HTMLInputElement | null => {
    const label = [...container.querySelectorAll('label')].find(
      (l) => l.textContent === 'Keys (rows)',
    );
    return label ? (document.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
  };
  const listed = () =>
    [...container.querySelectorAll('[role="alert"] li')].map((li) => li.textContent);
  const invalid = () => container.querySelectorAll('[aria-invalid="true"]').length;
  act(() => store.getState().fieldEdited('keys', '0'));
  await act(() => store.getState().runRequested());
  expect(listed()).toEqual(['Keys (rows) must be a whole number from 1 to 1000000, got "0"']);
  expect(keys()?.getAttribute('aria-invalid')).toBe('true');
  act(() => void store.getState().configImported('bad.json', '{"ttl": -1}'));
  expect(container.querySelector('[role="alert"]')?.textContent).toBe(
    'Could not import bad.json: ttl must be a number from 0 to 31536000, in steps of 0.001, got -1. Nothing was changed.',
  );
  expect(listed()).toEqual([]);
  expect(keys()?.value).toBe('0');
  expect(invalid()).toBe(1);
  expect(keys()?.getAttribute('aria-invalid')).toBe('true');
});
