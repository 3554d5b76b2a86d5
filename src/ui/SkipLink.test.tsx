// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { CourseStart } from './CourseStart';
import { mountWithSandbox, type MountedView } from './mountWithSandbox';
import { SkipLink } from './SkipLink';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view?.unmount());

const skipLink = () => view!.container.querySelector<HTMLAnchorElement>('a.skip-link')!;

describe('SkipLink', () => {
  it('on the first screen it comes first and moves focus to "Start the course"', async () => {
    view = await mountWithSandbox(
      SQL,
      <>
        <SkipLink route="sandbox" />
        <main>
          <button type="button">Step</button>
          <CourseStart />
        </main>
      </>,
    );
    const links = view.container.querySelectorAll('a, button');
    expect(links[0]).toBe(skipLink());
    expect(skipLink().textContent).toBe('Skip to “Start the course”');
    act(() => skipLink().click());
    expect(document.activeElement?.textContent).toMatch(/^Start the course: /);
  });

  it('once a scenario is open it moves focus to the page’s content', async () => {
    view = await mountWithSandbox(
      SQL,
      <>
        <SkipLink route="sandbox" />
        <main>
          <CourseStart />
        </main>
      </>,
    );
    act(() => view!.container.querySelector<HTMLAnchorElement>('.course-start a.button')!.click());
    await act(async () => {
      while (view!.store.getState().scenarioId === null) await new Promise((r) => setTimeout(r, 5));
    });
    expect(skipLink().textContent).toBe('Skip to the page’s content');
    act(() => skipLink().click());
    expect(document.activeElement?.tagName).toBe('MAIN');
  });
});
