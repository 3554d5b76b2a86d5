import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import { parseViewParams, viewLink } from './urlState';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/**
 * Every guided scenario through the store, as the page plays it: picked, stepped to its last beat
 * with Step, its outcome met; and the address it leaves behind rebuilds the same state.
 */
describe.each(SCENARIOS.map((s) => [s.id, s] as const))(
  'scenario %s in the sandbox store',
  (id, sc) => {
    it('plays to a met outcome with Step, and its link reproduces it', async () => {
      const store = createSandboxStore();
      await store.getState().start(SQL);
      // Settings a learner left behind must not leak into the scenario's own.
      await store
        .getState()
        .configure({ writePolicy: 'update-cache', ttlSeconds: 5, actorCount: 1 });
      await store.getState().loadScenario(id);
      expect(store.getState().config).toMatchObject({
        writePolicy: sc.writePolicy,
        readMitigation: sc.readMitigation,
        ttlSeconds: sc.ttlSeconds,
        actorCount: sc.actors.length,
      });
      for (let beat = 0; beat < sc.beats.length; beat++)
        expect(await store.getState().step(), `beat ${beat + 1}`).toBe(true);
      const done = store.getState();
      expect(done.beat).toBe(sc.beats.length);
      expect(done.outcome).toEqual({
        description: sc.outcome.description,
        isMet: true,
        isJudged: true,
      });

      const { search } = viewLink(done);
      expect(search).toBe(`?scenario=${id}&step=${sc.beats.length}`);
      const { view, problems } = parseViewParams(search);
      expect(problems).toEqual([]);
      const copy = createSandboxStore();
      await copy.getState().start(SQL, view);
      expect(copy.getState().outcome).toEqual(done.outcome);
      expect(copy.getState().snapshot?.stats).toEqual(done.snapshot?.stats);
      expect(copy.getState().snapshot?.cache).toEqual(done.snapshot?.cache);
    });
  },
);

it('a step= link past the scenario end stops at the end and names what it could not replay as Step presses', async () => {
  const { view, problems } = parseViewParams('?scenario=stale-set&step=999');
  expect(problems).toEqual([]);
  const store = createSandboxStore();
  await store.getState().start(SQL, view);
  const sc = SCENARIOS.find((s) => s.id === 'stale-set')!;
  expect(store.getState().beat).toBe(sc.beats.length);
  expect(store.getState().notices.at(-1)).toMatchObject({
    text: `The link's run could only be restored up to Step press ${sc.beats.length} of 999: Step press ${sc.beats.length + 1} was refused (there is nothing to step: no actor has work), and the ${998 - sc.beats.length} after it were not tried. The page shows the run up to there.`,
    tone: 'error',
  });
});

it('a presenter link that is not present=1 is named, not dropped in silence', () => {
  for (const present of ['1)', 'true', 'yes', '1.'])
    expect(
      parseViewParams(`?scenario=stale-set&step=3&present=${encodeURIComponent(present)}`).problems,
    ).toEqual([`bad present "${present}": presenter mode opens with present=1`]);
  expect(parseViewParams('?scenario=stale-set&present=1').problems).toEqual([]);
});
