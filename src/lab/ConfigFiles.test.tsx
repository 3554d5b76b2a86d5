// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfigFiles } from './ConfigFiles';
import { mountWithLab, type MountedLab } from './mountWithLab';

let lab: MountedLab;

beforeEach(() => {
  lab = mountWithLab(<ConfigFiles />);
});

afterEach(() => lab.unmount());

/** Chooses `file` in the import's file input, as the browser's dialog does. */
async function choose(file: File): Promise<void> {
  const input = lab.container.querySelector<HTMLInputElement>('input[type="file"]')!;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  });
}

it('says a chosen file that cannot be read (moved or deleted since) could not be imported', async () => {
  const file = new File(['{}'], 'gone.json', { type: 'application/json' });
  file.text = () => Promise.reject(new Error('The requested file could not be read'));
  const draft = lab.store.getState().draft;
  await choose(file);
  expect(lab.store.getState().notice).toEqual({
    tone: 'error',
    text: 'Could not import gone.json: the file could not be read (The requested file could not be read). Nothing was changed.',
  });
  expect(lab.store.getState().draft).toBe(draft);
});

it('imports a file it can read', async () => {
  await choose(new File(['{"ttl": 5}'], 'good.json', { type: 'application/json' }));
  expect(lab.store.getState().draft.ttl).toBe('5');
  expect(lab.store.getState().notice?.text).toBe(
    'Imported good.json: it sets TTL; the other controls are as they were. Press Run to run it.',
  );
});
