import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { selectDiagramBeforeInputs } from './diagramSelectors';
import { selectToldBefore, selectToldBeforeMark } from './narrationSelectors';
import { createSandboxStore } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

/** "Cold read, then a hit" two beats in: the diagram draws the SELECT the second beat sent. */
async function coldReadAtStep2() {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  expect(await store.getState().loadScenario('cold-read')).toBeNull();
  await store.getState().step();
  await store.getState().step();
  expect(selectDiagramBeforeInputs(store.getState())).toBeNull();
  expect(selectToldBeforeMark(store.getState())).toBeNull();
  return store;
}

// Both said the commands and the beat's text came before "the 2 inputs since" (the diagram
// faded them), after Redis was "brought up" while up and the clock moved by 0 ms: nothing moved.
describe('inputs that changed nothing, after a Step', () => {
  it('leave the diagram unfaded, and the narration says what it told still holds', async () => {
    const store = await coldReadAtStep2();
    expect(await store.getState().setCacheAvailable(true)).toBeNull();
    expect(selectDiagramBeforeInputs(store.getState())).toBeNull();
    expect(selectToldBeforeMark(store.getState())).toBe(
      'Told before the input since, which changed nothing (so it still holds):',
    );
    expect(await store.getState().advanceClock(0)).toBeNull();
    expect(selectDiagramBeforeInputs(store.getState())).toBeNull();
    expect(selectToldBeforeMark(store.getState())).toBe(
      'Told before the 2 inputs since, which changed nothing (so it still holds):',
    );
  });

  it('are not counted beside an input that changed something, in either', async () => {
    const store = await coldReadAtStep2();
    await store.getState().advanceClock(0);
    await store.getState().advanceClock(1000);
    await store.getState().setCacheAvailable(true);
    expect(selectDiagramBeforeInputs(store.getState())).toBe(
      'The commands drawn came before the input since (shown faded): what their labels say of Redis or the database may no longer hold.',
    );
    expect(selectToldBeforeMark(store.getState())).toBe(
      'Told before the input since (what it says may no longer hold):',
    );
  });

  it('keep free play’s Step told, as still holding, and Redis taken down again counts', async () => {
    const store = await freePlaySandbox();
    await store.getState().startRead('A', 1);
    await store.getState().step();
    await store.getState().setCacheAvailable(true);
    expect(selectDiagramBeforeInputs(store.getState())).toBeNull();
    expect(selectToldBefore(store.getState())).toMatch(
      /^Told before the input since, which changed nothing \(so it still holds\): Step 1: A sends GET user:1/,
    );
    await store.getState().setCacheAvailable(false);
    await store.getState().setCacheAvailable(false);
    expect(selectToldBeforeMark(store.getState())).toBe(
      'Told before the input since (what it says may no longer hold):',
    );
  });
});
