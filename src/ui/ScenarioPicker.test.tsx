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

  it('once a fix is switched on, the summary is said to tell the authored run, not this one', async () => {
    view = await mountWithSandbox(SQL, <ScenarioPicker />);
    const { store } = view;
    await perform(() => store.getState().loadScenario('stale-set'));
    const summary = findScenario('stale-set')!.summary;
    // "the old row is cached until its TTL": what a lease prevents.
    expect(summary).toContain('cached until its TTL');
    expect(summaryText()).toBe(summary);
    await perform(() => store.getState().configure({ readMitigation: 'lease' }));
    expect(summaryText()).toBe(`As authored, under the scenario's own settings: ${summary}`);
    await perform(() => store.getState().configure({ readMitigation: 'none' }));
    expect(summaryText()).toBe(summary);
  });

  it("in quiz mode no option's tooltip (a screen reader's description of it) tells a summary whose questions remain", async () => {
    view = await mountWithSandbox(SQL, <ScenarioPicker />);
    const { store } = view;
    const title = (id: string) =>
      view!.container.querySelector<HTMLOptionElement>(`option[value="${id}"]`)!.title;
    await perform(() => store.getState().loadScenario('stampede'));
    expect(title('stampede')).toBe(findScenario('stampede')!.summary);
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    // The summary under the list was hidden, while the option still said "each runs its own
    // SELECT", and cold-read's "the second read is served by Redis alone" (its question: hit?).
    expect(title('stampede')).toBe('');
    expect(title('cold-read')).toBe('');
    // A scenario that asks nothing gives nothing away.
    expect(title('write-then-read')).toBe(findScenario('write-then-read')!.summary);
    // Past the loaded scenario's last question its summary is back, as the one under the list.
    await perform(async () => {
      for (let i = 0; i < 4; i++) await store.getState().step();
    });
    expect(summaryText()).toBe(findScenario('stampede')!.summary);
    expect(title('stampede')).toBe(findScenario('stampede')!.summary);
    expect(title('cold-read')).toBe('');
    await perform(async () => quizStoreFor(store).getState().setEnabled(false));
  });

  it("in quiz mode no option's label gives an answer away: a neutral title until the loaded scenario's last question", async () => {
    view = await mountWithSandbox(SQL, <ScenarioPicker />);
    const { store } = view;
    const option = (id: string) =>
      view!.container.querySelector<HTMLOptionElement>(`option[value="${id}"]`)!.textContent;
    await perform(() => store.getState().loadScenario('cold-read'));
    expect(option('cold-read')).toBe('Cold read, then a hit');
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    // "Cold read, then a hit" answered both of its "Will A's next GET be a hit or a miss?"
    expect(option('cold-read')).toBe('One user, read twice');
    // "Stampede" answers "How many SELECTs?", and "Stale set, fixed by a lease", which asks
    // nothing, answers stale-set's "is the cached copy stale?" from the same list.
    expect(option('stampede')).toBe('A hot key expires');
    expect(option('stale-set-lease')).toBe('Race: a reader, a writer and a lease');
    expect(option('ttl-expiry')).toBe(findScenario('ttl-expiry')!.title);
    // cold-read's last question is on its fourth beat: past it, its own title is back.
    await perform(async () => {
      for (let i = 0; i < 4; i++) await store.getState().step();
    });
    expect(option('cold-read')).toBe('Cold read, then a hit');
    expect(option('stampede')).toBe('A hot key expires');
    await perform(async () => quizStoreFor(store).getState().setEnabled(false));
    expect(option('stampede')).toBe(findScenario('stampede')!.title);
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
