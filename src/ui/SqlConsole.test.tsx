// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { SqlConsole } from './SqlConsole';

let view: MountedView | undefined;
afterEach(() => view?.unmount());

it('holds a statement over several lines, sends it whole with Enter, and recalls it with its breaks', async () => {
  view = await mountWithSandbox(await loadSqlJsNode(), <SqlConsole />);
  const prompt = () =>
    view!.container.querySelector<HTMLTextAreaElement>('textarea[aria-label="SQL statement"]')!;
  /** The prompt's text as a paste or Shift+Enter leaves it (the browser inserts the breaks). */
  const type = (text: string) =>
    act(async () => {
      const setValue = Object.getOwnPropertyDescriptor(
        HTMLTextAreaElement.prototype,
        'value',
      )!.set!;
      setValue.call(prompt(), text);
      prompt().dispatchEvent(new Event('input', { bubbles: true }));
    });
  const press = (key: string, init: KeyboardEventInit = {}) =>
    act(async () => {
      prompt().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));
    });
  const sent = () => view!.store.getState().sqlConsole.map((e) => [e.input, e.output]);

  // A one-line input joined a paste's lines with spaces: the comment took the WHERE with it and
  // the line changed all 1,000 rows.
  const statement = "UPDATE users SET plan = 'team' -- upgrade one user\nWHERE id = 5";
  await type(statement);
  await press('Enter', { shiftKey: true });
  expect(sent()).toEqual([]);
  await press('Enter');
  await perform(() => view!.store.getState().settled());
  expect(sent()).toEqual([[statement, expect.objectContaining({ changes: 1 })]]);
  expect(prompt().value).toBe('');

  // Recalled, it keeps its breaks, and an edit of it runs as edited (in an input the breaks were
  // gone at the first key, and the edited line changed every row).
  await press('ArrowUp');
  expect(prompt().value).toBe(statement);
  await type(statement.replace('id = 5', 'id = 6'));
  await press('Enter');
  await perform(() => view!.store.getState().settled());
  expect(sent().at(-1)).toEqual([
    statement.replace('id = 5', 'id = 6'),
    expect.objectContaining({ changes: 1 }),
  ]);
});
