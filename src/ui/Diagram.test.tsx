// @vitest-environment jsdom
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { Diagram } from './Diagram';
import { mountWithSandbox, perform } from './mountWithSandbox';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';

provideResizeObserverWithoutLayout();

it('a Step that sent no command is told in sentences under the diagram and in its description', async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().loadScenario('cdc-late-invalidation'));
    await perform(() => getState().step());
    await perform(() => getState().step());
    await perform(() => getState().configure({ pattern: 'write-behind' }));
    for (let i = 0; i < 3; i++) await perform(() => getState().step());
    const why = 'cdc sends nothing: the change consumer has not started;';
    const quiet = view.container.querySelector('.diagram-quiet')?.textContent ?? '';
    expect(quiet).toMatch(/^This step sent no command\. cdc sends nothing: /);
    expect(quiet).toContain(why);
    const desc = view.container.querySelector('desc')?.textContent ?? '';
    expect(desc).toMatch(/^This step sent no command\. cdc sends nothing: .* Before it: Command /);
  } finally {
    view.unmount();
  }
});

it("names the flusher's UPDATE as the cache's own, not the cache acting for an actor called flusher", async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <Diagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().configure({ pattern: 'write-behind' }));
    await perform(() => getState().startWrite('A', 1, { plan: 'team' }));
    // A's GET, SELECT, SET and RPUSH, then the flusher's wait, LPOP and UPDATE.
    for (let i = 0; i < 7; i++) await perform(() => getState().step());
    expect(getState().snapshot?.events.at(-1)).toMatchObject({
      actor: 'flusher',
      program: 'background',
      via: 'cache',
    });
    const label = view.container.querySelector('[data-testid="diagram.message"]')?.textContent;
    expect(label).toContain("the cache's flusher:");
    expect(label).not.toContain('for flusher');
    const desc = view.container.querySelector('desc')?.textContent ?? '';
    expect(desc).toMatch(/Command \d+: the cache's flusher sent UPDATE users /);
  } finally {
    view.unmount();
  }
});
