// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '../scenarios';
import { act } from 'react';
import { courseProgressStore } from '../store/courseProgress';
import { presenterStore } from '../store/presenter';
import { quizStoreFor } from '../store/quizStore';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';
import { ScenarioPicker } from './ScenarioPicker';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => view?.unmount());

const summaryText = () =>
  view!.container.querySelector('[data-testid="scenario.summary"]')?.textContent;

describe('ScenarioPicker', () => {
  it("in quiz mode the summary, which tells what the questions ask, waits until the scenario's last question", async () => {
    view = await mountWithSandbox(SQL, <ScenarioPicker />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('stampede'));
    const summary = findScenario('stampede')!.summary;
    // "each runs its own SELECT": the answer to step 4's "How many SELECTs will this step send?"
    expect(summary).toContain('each runs its own SELECT');
    expect(summaryText()).toBe(summary);
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    expect(summaryText()).toBe(
      'Summary: hidden in quiz mode while questions remain (it would give answers away).',
    );
    // Step 4 is stampede's last marked beat: once it has run, nothing is left to give away.
    await perform(async () => {
      for (let i = 0; i < 3; i++) await store.getState().step();
    });
    expect(summaryText()).not.toBe(summary);
    await perform(async () => {
      await store.getState().step();
    });
    expect(summaryText()).toBe(summary);
    await perform(async () => quizStoreFor(store).getState().setEnabled(false));
    await perform(() => store.getState().back());
    expect(summaryText()).toBe(summary);
  });

  it('marks each lesson done in words, outside presenter mode', async () => {
    view = await mountWithSandbox(SQL, <ScenarioPicker />);
    const option = (id: string) =>
      view!.container.querySelector<HTMLOptionElement>(`option[value="${id}"]`)!.textContent;
    const title = findScenario('stale-set')!.title;
    expect(option('stale-set')).toBe(title);
    act(() => courseProgressStore.setState({ doneIds: ['stale-set'] }));
    expect(option('stale-set')).toBe(`${title} (done)`);
    expect(option('cold-read')).toBe(findScenario('cold-read')!.title);
    act(() => presenterStore.setState({ isPresenting: true }));
    expect(option('stale-set')).toBe(title);
    act(() => {
      presenterStore.setState({ isPresenting: false });
      courseProgressStore.setState({ doneIds: [] });
    });
  });
});
