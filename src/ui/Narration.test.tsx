// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore, type SandboxStoreApi } from '../store/sandboxStore';
import { Narration } from './Narration';
import { SandboxStoreContext } from './storeContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let SQL: SqlJsStatic;
let container: HTMLDivElement;
let root: Root;
let store: SandboxStoreApi;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  store = createSandboxStore();
  await store.getState().start(SQL);
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root.render(
      <SandboxStoreContext.Provider value={store}>
        <Narration />
      </SandboxStoreContext.Provider>,
    ),
  );
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function perform(action: () => Promise<unknown>): Promise<void> {
  await act(async () => {
    await action();
  });
}

/** The live regions' text (what a screen reader is told as it changes), in page order. */
const live = () =>
  [...container.querySelectorAll('[aria-live], [role="status"]')].map((e) => e.textContent ?? '');

describe('Narration', () => {
  it('free play: a live region, there from the start, tells each Step from its events', async () => {
    expect(container.querySelectorAll('[aria-live="polite"]')).toHaveLength(1);
    expect(live()).toEqual(['']);
    await perform(() => store.getState().startRead('A', 123));
    await perform(() => store.getState().step());
    expect(live()).toEqual([
      'Step 1: A sends GET user:123: (nil), a miss. A will read the database.',
    ]);
    await perform(() => store.getState().step());
    expect(live()[0]).toMatch(
      /^Step 2: A runs SELECT \* FROM users WHERE id = 123 and receives version 1\./,
    );
  });

  it('a scenario: its section is the one live region, so nothing is told twice', async () => {
    await perform(() => store.getState().loadScenario('cold-read'));
    await perform(() => store.getState().step());
    const regions = container.querySelectorAll('[aria-live]');
    expect(regions).toHaveLength(1);
    expect(regions[0].querySelector('[data-testid="narration.step"]')).toBeNull();
    expect(regions[0].querySelectorAll('[aria-live]')).toHaveLength(0);
  });

  it("the counter: an actor's own Step between beats is a step of your own, not past the beats", async () => {
    const count = () => container.querySelector('.beat-count')?.textContent;
    await perform(() => store.getState().loadScenario('stale-set'));
    await perform(() => store.getState().step());
    await perform(() => store.getState().step());
    await perform(() => store.getState().stepActor('B'));
    await perform(() => store.getState().step());
    expect(count()).toBe('3 / 6, + 1 step of your own');
    while (store.getState().beat < 6) await perform(() => store.getState().step());
    await perform(() => store.getState().startRead('A', 123));
    await perform(() => store.getState().step());
    expect(count()).toBe('6 / 6, + 1 step of your own, + 1 step past its beats');
  });
});
