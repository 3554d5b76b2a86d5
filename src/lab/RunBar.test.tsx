// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLabStore } from './labStore';
import type { RunListener } from './labProtocol';
import { LabControls } from './LabControls';
import { mountWithLab, type MountedLab } from './mountWithLab';
import { RunBar } from './RunBar';

let lab: MountedLab;

beforeEach(() => {
  lab = mountWithLab(<RunBar />);
});

afterEach(() => lab.unmount());

it('a refusal with many problems lists the first five and counts the rest', () => {
  const faults = Array.from({ length: 100 }, (_, i) => ({
    kind: 'cache-down',
    startSeconds: -i - 1,
    durationSeconds: 5,
  }));
  act(() => void lab.store.getState().settingsLoaded({ faults }, 'the link'));
  const items = [...lab.container.querySelectorAll('[role="alert"] li')].map(
    (li) => li.textContent,
  );
  expect(items).toEqual([
    ...[1, 2, 3, 4, 5].map(
      (n) => `faults[${n - 1}].startSeconds must be a number from 0 to 86,400, got -${n}`,
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
  lab.render(<RunBar />, seeding);
  act(() => void seeding.getState().runRequested());
  const status = (): string | null | undefined =>
    lab.container.querySelector('.lab-progress-label span:last-child')?.textContent;
  act(() => listener?.onSeeding?.(230_000, 1_000_000));
  expect(status()).toBe('Seeding 1,000,000 database rows before the first request: 230,000 so far');
  act(() => listener?.onProgress({ done: 500, total: 100_000, clockMs: 500, buckets: [] }));
  expect(status()).toMatch(/^500 of 100,000 requests · /);
});

it('a failed import drops the earlier refusal’s list under the alert, not its mark on the control still holding the value', async () => {
  lab.render(
    <>
      <RunBar />
      <LabControls />
    </>,
  );
  const keys = (): HTMLInputElement | null => {
    const label = [...lab.container.querySelectorAll('label')].find(
      (l) => l.textContent === 'Keys (rows)',
    );
    return label ? (document.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
  };
  const listed = () =>
    [...lab.container.querySelectorAll('[role="alert"] li')].map((li) => li.textContent);
  const invalid = () => lab.container.querySelectorAll('[aria-invalid="true"]').length;
  act(() => lab.store.getState().fieldEdited('keys', '0'));
  await act(() => lab.store.getState().runRequested());
  expect(listed()).toEqual(['Keys (rows) must be a whole number from 1 to 1,000,000, got "0"']);
  expect(keys()?.getAttribute('aria-invalid')).toBe('true');
  act(() => void lab.store.getState().configImported('bad.json', '{"ttl": -1}'));
  expect(lab.container.querySelector('[role="alert"]')?.textContent).toBe(
    'Could not import bad.json: ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got -1. Nothing was changed.',
  );
  expect(listed()).toEqual([]);
  expect(keys()?.value).toBe('0');
  expect(invalid()).toBe(1);
  expect(keys()?.getAttribute('aria-invalid')).toBe('true');
});

it("a failed run of your code is said with the learner's direction mark written as an escape", () => {
  const text =
    "The run failed: request 1 (read of user:1) failed, so the run stopped. Your read path failed: line 3: threw: ERR unknown command 'FOO\u202E', with args beginning with: 'x\u0000' ";
  act(() => lab.store.setState({ notice: { tone: 'error', text } }));
  const said = lab.container.querySelector('[role="alert"] p')?.textContent;
  expect(said).toContain("ERR unknown command 'FOO\\u202E', with args beginning with: 'x\\x00'");
  expect(said).not.toContain('\u0000');
  expect(said).not.toContain('\u202E');
});

it('Stop takes no Enter held down from the field that started the run', () => {
  // Enter in a setting runs and hands focus to Stop: the key's auto-repeat, half a second on,
  // pressed Stop ("Stopped: 553 requests"). A held key's repeats are not a press of Stop.
  const running = createLabStore({
    runner: { run: () => ({ result: new Promise(() => {}), stop() {} }) },
    now: () => 0,
  });
  lab.render(<RunBar />, running);
  act(() => void running.getState().runRequested());
  const stop = lab.container.querySelector<HTMLButtonElement>('[data-lab-stop]');
  expect(stop?.disabled).toBe(false);
  const enter = (repeat: boolean) => {
    const e = new KeyboardEvent('keydown', {
      key: 'Enter',
      repeat,
      bubbles: true,
      cancelable: true,
    });
    stop?.dispatchEvent(e);
    return e.defaultPrevented;
  };
  // A browser activates a button on Enter's keydown unless it is cancelled.
  expect(enter(true)).toBe(true);
  expect(enter(false)).toBe(false);
});
