// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { act } from 'react';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { COURSE_ORDER } from '../scenarios/course';
import { presenterStore } from '../store/presenter';
import { PresenterAnnouncer } from './PresenterAnnouncer';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => {
  view?.unmount();
  act(() => presenterStore.getState().setPresenting(false));
});

function Page() {
  useKeyboardShortcuts();
  return <PresenterAnnouncer />;
}

const said = (container: HTMLElement): string =>
  container.querySelector('[data-testid="presenter.announcement"]')?.textContent ?? '';

const pressL = () =>
  act(() => {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', bubbles: true }));
  });

it("L at the course's last lesson opens nothing and says so, at every press", async () => {
  view = await mountWithSandbox(SQL, <Page />);
  const { container, store } = view;
  const last = COURSE_ORDER[COURSE_ORDER.length - 1];
  await perform(() => store.getState().loadScenario(last.id));
  act(() => presenterStore.getState().setPresenting(true));
  expect(said(container)).toBe('Presenter mode on. P leaves it.');
  // Before, the press did nothing and the live region said nothing of it.
  pressL();
  expect(store.getState().scenarioId).toBe(last.id);
  expect(said(container)).toBe("This is the course's last lesson: L has no next one to open.");
  // Again: the region's text changes, so a screen reader reads it out again.
  const first = container.querySelector('[data-testid="presenter.announcement"]')?.textContent;
  pressL();
  expect(said(container).trim()).toBe(
    "This is the course's last lesson: L has no next one to open.",
  );
  expect(said(container)).not.toBe(first);
});
