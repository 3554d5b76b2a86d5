// @vitest-environment jsdom
import { act } from 'react';
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { mountWithSandbox, type MountedView } from './mountWithSandbox';
import { RequestForm } from './RequestForm';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  view = await mountWithSandbox(SQL, <RequestForm />);
});

afterEach(() => view.unmount());

/** Types `text` into the User id field as a learner does, then presses the form's button. */
async function submitUserId(text: string, button: 'Start read' | 'Start write'): Promise<void> {
  const field = [...view.container.querySelectorAll('label')].find(
    (l) => l.textContent === 'User id',
  )?.control as HTMLInputElement;
  act(() => {
    // React tracks the value it last set; the native setter makes the change an edit.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(field, text);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const pressed = [...view.container.querySelectorAll('button')].find(
    (b) => b.textContent === button,
  );
  await act(async () => {
    pressed?.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const lastNotice = () => view.store.getState().notices.at(-1)?.text;

describe('RequestForm refuses a User id that is not a whole number, quoting what was typed', () => {
  it.each([
    ['abc', 'Start read'],
    ['-1', 'Start read'],
    ['1.5', 'Start write'],
    ['1e2', 'Start read'],
  ] as const)('%j (%s)', async (typed, button) => {
    await submitUserId(typed, button);
    // The range as the store writes it for an id out of range (`got "0"`), and every refusal.
    expect(lastNotice()).toBe(`User id must be a whole number from 1 to 1,000, got "${typed}".`);
    expect(view.store.getState().snapshot?.actors.every((a) => a.task === null)).toBe(true);
  });

  it('quotes a number too long for a double as typed, not rounded', async () => {
    await submitUserId('99999999999999999999', 'Start read');
    expect(lastNotice()).toBe(
      'User id must be a whole number from 1 to 1,000, got "99999999999999999999".',
    );
  });

  it('says an empty field is empty, as the explorer limit field does', async () => {
    await submitUserId('', 'Start write');
    expect(lastNotice()).toBe('User id must be a whole number from 1 to 1,000, and it is empty.');
  });

  it('writes the range as an id out of range is refused', async () => {
    await submitUserId('0', 'Start read');
    const outOfRange = lastNotice();
    await submitUserId('x', 'Start read');
    expect(lastNotice()?.replace('"x"', '"0"')).toBe(outOfRange);
    // One refusal says what was last typed, and a request started takes it away: it stayed, in
    // red above the stats, beside the narration of the read it no longer stopped.
    expect(view.store.getState().notices).toHaveLength(1);
    await submitUserId('7', 'Start write');
    expect(view.store.getState().notices).toEqual([]);
    expect(view.store.getState().snapshot?.actors[0].task).toBe('write user:7');
  });

  it('still starts a read of a whole number in range, spaces around it ignored', async () => {
    await submitUserId(' 12 ', 'Start read');
    expect(view.store.getState().notices).toEqual([]);
    expect(view.store.getState().snapshot?.actors[0].task).not.toBeNull();
  });

  it('takes "1,000" as the refusals write the range, and refuses "1,5"', async () => {
    await submitUserId('1,000', 'Start read');
    expect(view.store.getState().notices).toEqual([]);
    expect(view.store.getState().snapshot?.actors[0].task).toBe('read user:1000');
    await submitUserId('1,5', 'Start read');
    expect(lastNotice()).toBe('User id must be a whole number from 1 to 1,000, got "1,5".');
  });
});
