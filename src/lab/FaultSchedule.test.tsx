// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MAX_FAULTS } from '../schema/workload';
import { FaultSchedule } from './FaultSchedule';
import { mountWithLab, type MountedLab } from './mountWithLab';

let lab: MountedLab;

beforeEach(() => {
  lab = mountWithLab(<FaultSchedule />);
});

afterEach(() => lab.unmount());

const list = (): HTMLElement | null =>
  lab.container.querySelector('[aria-label="Scheduled faults"]');
const alert = (): HTMLElement | null => lab.container.querySelector('[role="alert"]');
const click = (selector: string): void =>
  act(() => {
    lab.container
      .querySelector<HTMLButtonElement>(selector)
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
const addFault = (): void => click('button[type="submit"]');

it('a fault past the most a run takes marks the list holding them, described by the refusal, until one is removed', () => {
  act(() => {
    for (let i = 0; i < MAX_FAULTS; i++)
      lab.store
        .getState()
        .faultScheduled({ kind: 'cache-down', startSeconds: i, durationSeconds: 1 });
  });
  addFault();
  expect(alert()?.textContent).toBe(`A run takes at most ${MAX_FAULTS} faults.`);
  expect(lab.store.getState().draft.faults).toHaveLength(MAX_FAULTS);
  // The list holds the count refused: it is marked, and described by the refusal.
  expect(list()?.getAttribute('aria-invalid')).toBe('true');
  const describedBy = list()?.getAttribute('aria-describedby');
  expect(describedBy && document.getElementById(describedBy)).toBe(alert());
  // The form's fields hold a fault that is valid: none of them is marked.
  expect(lab.container.querySelectorAll('form [aria-invalid="true"]')).toHaveLength(0);
  // Once a fault is removed, the count is not refused any more: the mark and the alert go.
  click('[aria-label="Scheduled faults"] li button');
  expect(lab.store.getState().draft.faults).toHaveLength(MAX_FAULTS - 1);
  expect(list()?.hasAttribute('aria-invalid')).toBe(false);
  expect(list()?.hasAttribute('aria-describedby')).toBe(false);
  expect(alert()).toBeNull();
  addFault();
  expect(lab.store.getState().draft.faults).toHaveLength(MAX_FAULTS);
  expect(alert()).toBeNull();
});
