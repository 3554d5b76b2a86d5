// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { COURSE_ORDER } from '../scenarios/course';
import { LessonPosition } from './LessonPosition';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view?.unmount());

const nextLesson = (container: HTMLElement) =>
  [...container.querySelectorAll('button')].find((b) => b.textContent === 'Next lesson');

describe('LessonPosition', () => {
  // L opens the course's first lesson from free play (the README says so, and it does): the
  // button it stands for is there too, so a mouse or a screen reader has the same way on.
  it('in free play says so and offers Next lesson, which opens the course’s first lesson', async () => {
    view = await mountWithSandbox(SQL, <LessonPosition />);
    const { container, store } = view;
    expect(store.getState().scenarioId).toBeNull();
    expect(container.querySelector('[data-testid="presenter.lesson"]')?.textContent).toBe(
      'Free play, outside the course',
    );
    const button = nextLesson(container);
    expect(button?.getAttribute('aria-keyshortcuts')).toBe('L');
    expect(button?.title).toBe(
      `Opens ${COURSE_ORDER[0].title}, the course's first lesson, at its start (L)`,
    );
    act(() => button?.click());
    await perform(async () => {
      while (store.getState().scenarioId === null) await new Promise((r) => setTimeout(r, 10));
    });
    expect(store.getState().scenarioId).toBe(COURSE_ORDER[0].id);
    expect(container.querySelector('[data-testid="presenter.lesson"]')?.textContent).toMatch(
      new RegExp(`^Lesson 1 of ${COURSE_ORDER.length} · `),
    );
  });
});
