// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { selectCommandCount } from '../store/selectors';
import { CourseStart } from './CourseStart';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view?.unmount());

describe('CourseStart', () => {
  it('says what a → press does in a scenario as the course plays it: a step of the story, one command or a few', async () => {
    view = await mountWithSandbox(SQL, <CourseStart />);
    const said = view.container.textContent ?? '';
    const { store } = view;
    // ttl-expiry, the course's second scenario: its first press sends GET user:7, then SELECT.
    await perform(() => store.getState().loadScenario('ttl-expiry'));
    const before = selectCommandCount(store.getState());
    await perform(() => store.getState().step());
    expect(selectCommandCount(store.getState()) - before).toBe(2);
    expect(said).not.toMatch(/every step sends one/);
    expect(said).toContain('one command or a few');
  });
});
