// A setting the learner changed that makes no difference to a scenario's script: decided from
// the engine's events (the script played under it and under the scenario's own settings), not
// from the settings alone.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import type { SandboxConfig } from './sandboxConfig';
import {
  selectExpectedOutcome,
  selectNotesCaveat,
  selectOffScriptChanges,
} from './scriptSelectors';
import { selectNarration } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function played(id: string, patch: Partial<SandboxConfig>, atBeat: number) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(id);
  for (let beat = 1; beat <= atBeat; beat++) await store.getState().step();
  expect(await store.getState().configure(patch)).toBeNull();
  const sc = findScenario(id)!;
  while (store.getState().beat < sc.beats.length) await store.getState().step();
  return { store, sc };
}

describe('a setting no step of the scenario reads', () => {
  it.each([0, 2])(
    'cold read, write policy update-cache set at beat %i: the story and its verdict stand, and the page says why',
    async (atBeat) => {
      const { store, sc } = await played('cold-read', { writePolicy: 'update-cache' }, atBeat);
      const s = store.getState();
      expect(selectOffScriptChanges(s)).toEqual([]);
      expect(selectNarration(s)).toBe(sc.beats.at(-1)!.narration);
      expect(selectNotesCaveat(s)).toBeNull();
      expect(selectExpectedOutcome(s)).toBe(sc.outcome.description);
      expect(s.outcome).toEqual({
        description: sc.outcome.description,
        isMet: true,
        isJudged: true,
      });
      expect(s.notices.map((n) => n.text)).toContain(
        "Write policy: invalidate → update-cache makes no difference to this scenario's script: played under it, every step sends the same commands and gets the same replies as under the scenario's own settings, so its story and verdict stand.",
      );
    },
  );

  it('a setting that does change the run (TTL) still leaves the script', async () => {
    const { store, sc } = await played('cold-read', { ttlSeconds: 7 }, 0);
    const s = store.getState();
    expect(selectOffScriptChanges(s)).toEqual(['TTL: 7 s']);
    expect(selectNarration(s)).not.toBe(sc.beats.at(-1)!.narration);
    expect(s.outcome?.isJudged).toBe(false);
  });

  it('a write policy in a scenario whose write it changes still leaves the script', async () => {
    const { store } = await played('stale-set', { writePolicy: 'update-cache' }, 0);
    expect(selectOffScriptChanges(store.getState())).toEqual(['Write policy: update-cache']);
  });
});

describe('the notice that a setting makes no difference to the script', () => {
  const said = (store: Awaited<ReturnType<typeof played>>['store']) =>
    store
      .getState()
      .notices.map((n) => n.text)
      .filter((t) => t.includes("makes no difference to this scenario's script"));

  it('goes once a console line takes the run off the script: its story and verdict no longer stand', async () => {
    // Until 2026-12-07 it stayed, "so its story and verdict stand", above "The run left the
    // script" and a banner of no verdict.
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cold-read');
    await store.getState().step();
    expect(await store.getState().configure({ writePolicy: 'update-cache' })).toBeNull();
    expect(said(store)).toHaveLength(1);
    await store.getState().runRedis('SET other 1');
    expect(selectOffScriptChanges(store.getState())).toEqual(['SET other 1 in the Redis console']);
    expect(said(store)).toEqual([]);
  });

  it('is not said for a run a console line already took off the script', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cold-read');
    await store.getState().step();
    await store.getState().runRedis('SET other 1');
    expect(await store.getState().configure({ writePolicy: 'update-cache' })).toBeNull();
    expect(selectOffScriptChanges(store.getState())).toEqual(['SET other 1 in the Redis console']);
    expect(said(store)).toEqual([]);
  });

  it('stays through the Steps of a run still on the script', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('cold-read');
    expect(await store.getState().configure({ writePolicy: 'update-cache' })).toBeNull();
    await store.getState().step();
    await store.getState().step();
    expect(said(store)).toHaveLength(1);
  });
});
