// @vitest-environment jsdom
// Write-behind: B's write and the background flusher both send through the cache layer, so the
// log names both `cache`; each line says which of them it was, and Show tells them apart.
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { LogPanel } from './LogPanel';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let view: MountedView;

const pending = (name: string) =>
  view.store.getState().snapshot!.actors.some((a) => a.name === name && a.pending !== null);

beforeEach(async () => {
  view = await mountWithSandbox(await loadSqlJsNode(), <LogPanel />);
  const { getState } = view.store;
  await perform(() => getState().configure({ pattern: 'write-behind' }));
  await perform(() => getState().startWrite('B', 1, { plan: 'team' }));
  while (pending('B')) await perform(() => getState().stepActor('B'));
  // The flusher's steps (its wait, LPOP, UPDATE, the LPOP that finds the queue empty) and a
  // second write of B's, stepped in turn.
  await perform(() => getState().startWrite('B', 2, { plan: 'pro' }));
  while (pending('flusher') || pending('B')) {
    if (pending('flusher')) await perform(() => getState().stepActor('flusher'));
    if (pending('B')) await perform(() => getState().stepActor('B'));
  }
});

afterEach(() => view.unmount());

/** Each shown line: its command (after the time) and whom the cache layer sent it for. */
const shownLines = () =>
  [...view.container.querySelectorAll('li.log-line')].map((li) => [
    li.querySelector('.log-text')?.textContent?.replace(/^\d+\.\d+ /, ''),
    li.querySelector('.log-for')?.textContent,
  ]);

const show = (value: string) => {
  const select = view.container.querySelector<HTMLSelectElement>('.log-head select')!;
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
};

it("marks the flusher's lines as the cache's own job, apart from B's write", () => {
  const lines = shownLines();
  const flusher = lines.filter(([, who]) => who === "the cache's flusher");
  const lpop = expect.stringMatching(/^\[0 actor:cache\] "LPOP" "write-behind:queue" "50"$/);
  // One flush for each write (the first ended at the empty queue before B's second was queued).
  expect(flusher.map(([text]) => text)).toEqual([
    lpop,
    expect.stringMatching(/^\[sqlite actor:cache\] UPDATE users SET plan = 'team'.* WHERE id = 1 /),
    lpop,
    lpop,
    expect.stringMatching(/^\[sqlite actor:cache\] UPDATE users SET plan = 'pro'.* WHERE id = 2 /),
    lpop,
  ]);
  // Every other line the cache layer sent was for B's writes: its SET and RPUSH among them.
  const forB = lines.filter(([, who]) => who === 'for B').map(([text]) => text);
  expect(forB).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/"SET" "user:1"/),
      expect.stringMatching(/"RPUSH" "write-behind:queue"/),
    ]),
  );
  expect(lines.filter(([text]) => text?.includes('actor:cache')).length).toBe(
    flusher.length + forB.length,
  );
});

it('Show: flusher keeps only the flusher’s lines, and Show: B only B’s writes', () => {
  const options = [
    ...view.container.querySelectorAll<HTMLOptionElement>('.log-head select option'),
  ].map((o) => [o.value, o.textContent]);
  expect(options).toContainEqual(['flusher', "flusher (the cache layer's own job)"]);
  expect(options).toContainEqual(['B', "B (with the cache layer's for B)"]);
  show('flusher');
  const flusherOnly = shownLines();
  expect(flusherOnly).toHaveLength(6);
  expect(flusherOnly.every(([, who]) => who === "the cache's flusher")).toBe(true);
  show('B');
  const bOnly = shownLines();
  expect(bOnly.length).toBeGreaterThan(0);
  expect(bOnly.some(([text]) => text?.includes('LPOP'))).toBe(false);
  expect(bOnly.every(([text, who]) => who === 'for B' || text?.includes('actor:B'))).toBe(true);
});
