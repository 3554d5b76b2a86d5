import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import {
  selectIsPastScenario,
  selectOwnSteps,
  selectStepsBetweenBeats,
  selectStepsPastBeats,
} from './scriptSelectors';
import { selectMaxStep, selectStepCount } from './selectors';
import { selectNarration } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

describe("steps that are not a scenario's beats", () => {
  it('after the last beat: told from their events, counted as your own, and the verdict says when it was judged', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stale-set');
    const beats = findScenario('stale-set')!.beats;
    for (let i = 0; i < beats.length; i++) await store.getState().step();
    let s = store.getState();
    expect(selectNarration(s)).toBe(beats.at(-1)!.narration);
    expect([selectOwnSteps(s), selectIsPastScenario(s)]).toEqual([0, false]);

    await store.getState().startRead('A', 123);
    expect(selectIsPastScenario(store.getState())).toBe(true);
    await store.getState().step();
    s = store.getState();
    expect([s.beat, selectStepCount(s), selectOwnSteps(s)]).toEqual([6, 7, 1]);
    expect([selectStepsBetweenBeats(s), selectStepsPastBeats(s)]).toEqual([0, 1]);
    // Not the last beat's authored text: what this step did.
    expect(selectNarration(s)).toBe(
      'A sends GET user:123 and hits version 1. A STALE READ: the database has held version 2 since before this read began.',
    );
    // Back to the last beat: its story, no steps of your own.
    await store.getState().seekStep(6);
    s = store.getState();
    expect([selectOwnSteps(s), selectNarration(s)]).toEqual([0, beats.at(-1)!.narration]);
  });

  it("mid-scenario, an actor's own Step is told from its event, not as the beat before it", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stale-set');
    await store.getState().step();
    await store.getState().stepActor('B');
    const s = store.getState();
    expect([s.beat, selectStepCount(s), selectOwnSteps(s)]).toEqual([1, 2, 1]);
    // A step of your own between beats, not one past them.
    expect([selectStepsBetweenBeats(s), selectStepsPastBeats(s)]).toEqual([1, 0]);
    expect(selectNarration(s)).toMatch(
      /^B runs UPDATE users SET plan = 'team'.*the row becomes version 2\.$/,
    );
  });

  it('an own Step mid-scenario, then the beats to the end and a Step more: each counted as what it was', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stale-set');
    await store.getState().step();
    await store.getState().step();
    await store.getState().stepActor('B');
    await store.getState().step();
    let s = store.getState();
    expect([s.beat, selectStepsBetweenBeats(s), selectStepsPastBeats(s)]).toEqual([3, 1, 0]);
    const beats = findScenario('stale-set')!.beats.length;
    while (store.getState().beat < beats) await store.getState().step();
    await store.getState().startRead('A', 123);
    await store.getState().step();
    s = store.getState();
    expect([s.beat, selectStepsBetweenBeats(s), selectStepsPastBeats(s)]).toEqual([beats, 1, 1]);
  });

  it("the step counter's end counts the presses the scenario's beats still take, after an actor's own Step too", async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stampede');
    const beats = findScenario('stampede')!.beats.length;
    expect(selectMaxStep(store.getState())).toBe(beats);
    await store.getState().step();
    await store.getState().step();
    await store.getState().stepActor('A');
    // Three presses made, three beats to play: "Step 3 of 6", not "of 5" (a Step at "5 of 5"
    // played the fourth beat, and the counter then grew to "6 of 6").
    expect([selectStepCount(store.getState()), selectMaxStep(store.getState())]).toEqual([
      3,
      beats + 1,
    ]);
    // Back over A's own Step: Step would redo it, so the end is still the sixth press.
    await store.getState().back();
    expect([selectStepCount(store.getState()), selectMaxStep(store.getState())]).toEqual([
      2,
      beats + 1,
    ]);
    while (store.getState().beat < beats) await store.getState().step();
    expect([selectStepCount(store.getState()), selectMaxStep(store.getState())]).toEqual([
      beats + 1,
      beats + 1,
    ]);
  });
});
