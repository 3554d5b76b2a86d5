// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { LogPanel } from './LogPanel';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

beforeEach(async () => {
  view = await mountWithSandbox(SQL, <LogPanel />);
});

afterEach(() => view.unmount());

const lines = () => view.container.querySelector<HTMLOListElement>('ol[aria-label="Log lines"]')!;

describe('LogPanel', () => {
  it('is a Tab stop only once it has lines to scroll', async () => {
    expect(lines().children).toHaveLength(0);
    expect(lines().hasAttribute('tabindex')).toBe(false);
    await perform(() => view.store.getState().startRead('A', 1));
    await perform(() => view.store.getState().step());
    expect(lines().children.length).toBeGreaterThan(0);
    expect(lines().getAttribute('tabindex')).toBe('0');
  });

  it('keeps its heading named "Log", with the client filter beside it', () => {
    const heading = view.container.querySelector('h2')!;
    expect(heading.textContent).toBe('Log');
    const filter = view.container.querySelector('select')!;
    expect(heading.contains(filter)).toBe(false);
    expect(filter.labels?.[0]?.textContent).toBe('Show');
  });
});
