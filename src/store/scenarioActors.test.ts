// A loaded scenario's script names its actors: the Actors setting never goes below them.
import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS } from '../scenarios';
import { scriptActorCount, scriptActors } from './sandboxConfig';
import { actorCountRange, mergeConfig } from './sandboxSchema';
import { createSandboxStore } from './sandboxStore';
import { stepsAt } from './timeline';
import { parseViewParams } from './urlState';

const STALE_SET_REFUSAL =
  'actors must be from 2 to 4 in the scenario "Race: stale set after invalidation" (its script uses actors A and B), got 1';

async function storeAt(scenarioId: string, presses: number) {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario(scenarioId);
  for (let i = 0; i < presses; i++) expect(await store.getState().step()).toBe(true);
  return store;
}

describe("a scenario's actors", () => {
  it('are the ones its script names, counted up to the last of them', () => {
    const byId = (id: string) => SCENARIOS.find((s) => s.id === id)!;
    expect(scriptActors(byId('cold-read'))).toEqual(['A']);
    expect(scriptActorCount(byId('cold-read'))).toBe(1);
    expect(scriptActors(byId('stale-set'))).toEqual(['A', 'B']);
    expect(scriptActorCount(byId('stale-set'))).toBe(2);
    expect(scriptActorCount(byId('expensive-miss'))).toBe(4);
    expect(actorCountRange(byId('stale-set'))).toMatchObject({ min: 2, max: 4 });
    expect(actorCountRange(undefined)).toMatchObject({ min: 1, max: 4 });
  });

  it('mergeConfig refuses fewer for the scenario, naming the setting and the least it takes', () => {
    const sc = SCENARIOS.find((s) => s.id === 'stale-set')!;
    const base = { ...parseViewParams('?scenario=stale-set').view.config };
    expect(mergeConfig(base, { actorCount: 1 }, sc)).toEqual({
      error: STALE_SET_REFUSAL,
      setting: 'actorCount',
    });
    expect(mergeConfig(base, { actorCount: 3 }, sc)).toEqual({
      config: { ...base, actorCount: 3 },
    });
    // Free play takes any count in range.
    expect(mergeConfig(base, { actorCount: 1 })).toEqual({ config: { ...base, actorCount: 1 } });
  });

  it('configure() refuses too few and keeps the run where it was, still steppable', async () => {
    const store = await storeAt('stale-set', 3);
    const before = store.getState();
    expect(await store.getState().configure({ actorCount: 1 })).toBe(STALE_SET_REFUSAL);
    const s = store.getState();
    expect(s.config).toEqual(before.config);
    expect(s.cursor).toBe(before.cursor);
    expect(stepsAt(s.timeline, s.cursor)).toBe(stepsAt(before.timeline, before.cursor));
    expect(s.notices.at(-1)).toMatchObject({ text: STALE_SET_REFUSAL, tone: 'error' });
    expect(s.notices.some((n) => /restarted/.test(n.text))).toBe(false);
    expect(await store.getState().step()).toBe(true);
    expect(store.getState().cursor).toBe(before.cursor + 1);
  });

  it('a link with too few actors opens with the scenario’s own count, and says so', () => {
    const { view, problems } = parseViewParams('?scenario=stale-set&actors=1&step=3');
    expect(view.config.actorCount).toBe(2);
    expect(problems).toEqual([
      `bad actors "1": ${STALE_SET_REFUSAL.replace(/^actors /, '').replace(/, got 1$/, '')}`,
    ]);
    expect(parseViewParams('?scenario=stale-set&actors=3').view.config.actorCount).toBe(3);
    expect(parseViewParams('?scenario=cold-read&actors=1')).toMatchObject({
      view: { config: { actorCount: 1 } },
      problems: [],
    });
    expect(parseViewParams('?actors=1').view.config.actorCount).toBe(1);
  });

  it('every scenario plays to its end with the fewest actors it allows, refusing none', async () => {
    const SQL = await loadSqlJsNode();
    for (const sc of SCENARIOS) {
      const store = createSandboxStore();
      await store.getState().start(SQL);
      await store.getState().loadScenario(sc.id);
      expect(await store.getState().configure({ actorCount: scriptActorCount(sc) }), sc.id).toBe(
        null,
      );
      while (store.getState().canStep) expect(await store.getState().step(), sc.id).toBe(true);
      expect(store.getState().beat, sc.id).toBe(sc.beats.length);
      expect(
        store.getState().notices.filter((n) => n.tone === 'error'),
        sc.id,
      ).toEqual([]);
    }
  });
});
