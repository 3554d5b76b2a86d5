// @vitest-environment jsdom
// Read-through's loader is the cache layer: library code in the application's process, not
// Redis. Its SELECT and its SET have one sender, and the narration, the log (and its client
// filter), the sequence diagram and the main diagram all name that one.
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { selectLogLines } from '../store/logLines';
import { selectToldStep } from '../store/narrationSelectors';
import { provideResizeObserverWithoutLayout } from '../platform/jsdomResizeObserver';
import { Diagram } from './Diagram';
import { mountWithSandbox, perform } from './mountWithSandbox';
import { SequenceDiagram } from './SequenceDiagram';

provideResizeObserverWithoutLayout();

it("read-through's load: the cache layer sends the SELECT and the SET, in the narration, the log and both diagrams", async () => {
  const view = await mountWithSandbox(
    await loadSqlJsNode(),
    <>
      <Diagram />
      <SequenceDiagram />
    </>,
  );
  try {
    const { getState } = view.store;
    await perform(() => getState().configure({ pattern: 'read-through' }));
    await perform(() => getState().startRead('A', 1));
    for (let i = 0; i < 3; i++) await perform(() => getState().step());
    expect(selectToldStep(getState())).toMatch(/^Step 3: The cache \(for A\) sends SET user:1 /);

    // The log's "cache" client: the load's SELECT and its SET, and A's own GET under A.
    const lines = selectLogLines(getState().snapshot!);
    expect(lines.filter((l) => l.actor === 'cache').map((l) => l.text)).toEqual([
      expect.stringContaining('[sqlite actor:cache] SELECT * FROM users WHERE id = 1'),
      expect.stringMatching(/\[0 actor:cache\] "SET" "user:1" .* "NX"$/),
    ]);
    expect(lines.filter((l) => l.actor === 'A').map((l) => l.text)).toEqual([
      expect.stringMatching(/\[0 actor:A\] "GET" "user:1"$/),
    ]);

    // The sequence diagram: A's GET from A's lane, the load's two from the cache layer's lane,
    // which the heading places in the application, never from the Redis lane.
    const rows = [...view.container.querySelectorAll('[data-testid="sequence.row"]')];
    expect(rows.map((r) => r.getAttribute('data-from'))).toEqual(['A', 'cache', 'cache']);
    expect(rows[1].textContent).toContain('for A');
    const heads = [...view.container.querySelectorAll('.sequence-head text')].map(
      (t) => t.textContent,
    );
    expect(heads).toEqual(['A', 'B', 'cache (in app)', 'Redis', 'SQLite']);

    // The main diagram names the same sender, in A's process, for the SET and the SELECT.
    const label = view.container.querySelector('[data-testid="diagram.message"]')?.textContent;
    expect(label).toContain("the cache layer in A's process:");
    const desc = view.container.querySelector('.diagram desc')?.textContent ?? '';
    expect(desc).toContain("the cache layer in A's process sent SET user:1");
  } finally {
    view.unmount();
  }
});

it('the pattern line says where the loader runs', async () => {
  const { PATTERN_INFO } = await import('../engine/programs/patterns');
  expect(PATTERN_INFO['read-through'].description).toContain(
    "the cache layer, library code in the application's process (Redis never reads the database)",
  );
});

it("write-behind's flusher sends through the cache layer's lane, with no empty lane of its own", async () => {
  const view = await mountWithSandbox(await loadSqlJsNode(), <SequenceDiagram />);
  try {
    const { getState } = view.store;
    await perform(() => getState().loadScenario('write-behind-lost'));
    for (let i = 0; i < 4; i++) await perform(() => getState().step());
    const rows = [...view.container.querySelectorAll('[data-testid="sequence.row"]')];
    const lpop = rows.find((r) => r.textContent?.includes('LPOP'));
    expect(lpop?.getAttribute('data-from')).toBe('cache');
    expect(lpop?.textContent).toContain('flusher');
    const heads = [...view.container.querySelectorAll('.sequence-head text')].map(
      (t) => t.textContent,
    );
    expect(heads).toEqual(['A', 'B', 'cache (in app)', 'Redis', 'SQLite']);
  } finally {
    view.unmount();
  }
});
