// @vitest-environment jsdom
// Two read-through loads stepped in turn: the cache layer sends both, and its lines must say
// whose request each served, from the engine's own record of it, in the log and the sequence
// diagram; Show: A keeps A's own load.
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { LogPanel } from './LogPanel';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { SequenceDiagram } from './SequenceDiagram';

let view: MountedView;

beforeEach(async () => {
  view = await mountWithSandbox(
    await loadSqlJsNode(),
    <>
      <LogPanel />
      <SequenceDiagram />
    </>,
  );
  const { getState } = view.store;
  await perform(() => getState().configure({ pattern: 'read-through' }));
  await perform(() => getState().startRead('A', 1));
  await perform(() => getState().startRead('B', 2));
  // GET, GET, then the two loads interleaved: SELECT, SELECT, SET, SET.
  for (let i = 0; i < 3; i++) {
    await perform(() => getState().stepActor('A'));
    await perform(() => getState().stepActor('B'));
  }
});

afterEach(() => view.unmount());

/** Each shown log line as the learner reads it: the line, whom it was for, its reply. */
const logLines = () =>
  [...view.container.querySelectorAll('li.log-line')].map((li) =>
    (li.textContent ?? '').replace(/^\d+\.\d+ /, ''),
  );

const show = (value: string) => {
  const select = view.container.querySelector<HTMLSelectElement>('.log-head select')!;
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
};

it("says whom the cache layer sent each load's SELECT and SET for", () => {
  const lines = logLines();
  expect(lines).toEqual([
    expect.stringMatching(/^\[0 actor:A\] "GET" "user:1"→ \(nil\)$/),
    expect.stringMatching(/^\[0 actor:B\] "GET" "user:2"→ \(nil\)$/),
    expect.stringMatching(/^\[sqlite actor:cache\] SELECT \* FROM users WHERE id = 1for A→ 1 row$/),
    expect.stringMatching(/^\[sqlite actor:cache\] SELECT \* FROM users WHERE id = 2for B→ 1 row$/),
    expect.stringMatching(/^\[0 actor:cache\] "SET" "user:1" .*for A→ OK$/),
    expect.stringMatching(/^\[0 actor:cache\] "SET" "user:2" .*for B→ OK$/),
  ]);
});

it("Show: A keeps A's GET and the cache layer's load for A, not B's; its label says so", () => {
  const options = [
    ...view.container.querySelectorAll<HTMLOptionElement>('.log-head select option'),
  ].map((o) => [o.value, o.textContent]);
  expect(options).toEqual([
    ['all', 'all clients'],
    ['A', "A (with the cache layer's for A)"],
    ['B', "B (with the cache layer's for B)"],
    ['cache', 'cache layer (all it sent, for anyone)'],
  ]);
  show('A');
  expect(logLines()).toEqual([
    expect.stringContaining('[0 actor:A] "GET" "user:1"'),
    expect.stringContaining('SELECT * FROM users WHERE id = 1for A'),
    expect.stringMatching(/"SET" "user:1" .*for A/),
  ]);
  show('cache');
  expect(logLines().map((l) => /for [AB]/.exec(l)?.[0])).toEqual([
    'for A',
    'for B',
    'for A',
    'for B',
  ]);
});

it("the sequence diagram's rows from the cache layer's lane say whom each was for", () => {
  const rows = [...view.container.querySelectorAll('[data-testid="sequence.row"]')];
  const fromCache = rows.filter((r) => r.getAttribute('data-from') === 'cache');
  expect(fromCache.map((r) => r.querySelector('title')?.textContent)).toEqual([
    '#3 the cache layer for A: SELECT * FROM users WHERE id = 1',
    '#4 the cache layer for B: SELECT * FROM users WHERE id = 2',
    expect.stringMatching(/^#5 the cache layer for A: SET user:1 /),
    expect.stringMatching(/^#6 the cache layer for B: SET user:2 /),
  ]);
});
