import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import { selectExpectedOutcome, selectNarration, selectOffScriptChanges } from './selectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function at(scenario: string, steps: number) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(scenario);
  for (let i = 0; i < steps; i++) await store.getState().step();
  return store;
}

const authored = (scenario: string, beat: number) =>
  findScenario(scenario)?.beats[beat - 1].narration;

describe('what the learner does between beats takes the run off its script', () => {
  it('a DEL typed before the stale read: the next beat is told from its events, with no verdict', async () => {
    const store = await at('stale-set', 5);
    expect(selectNarration(store.getState())).toBe(authored('stale-set', 5));
    await store.getState().runRedis('DEL user:123');
    expect(selectOffScriptChanges(store.getState())).toEqual(['DEL user:123 in the Redis console']);
    expect(selectExpectedOutcome(store.getState())).toMatch(
      /^The scenario makes no promise for a run changed between its steps \(DEL user:123 in the Redis console\)/,
    );
    await store.getState().step();
    const s = store.getState();
    const told = selectNarration(s) ?? '';
    expect(told).not.toBe(authored('stale-set', 6));
    expect(told).not.toMatch(/STALE READ/);
    expect(told).toMatch(/GET user:123: \(nil\)/);
    expect(s.snapshot?.stats.staleReads).toBe(0);
    expect(s.outcome).toMatchObject({ isJudged: false, isMet: false });
  });

  it('a line that only reads keeps the script, its story and its verdict', async () => {
    const store = await at('stale-set', 5);
    await store.getState().runRedis('GET user:123');
    await store.getState().runRedis('TTL user:123');
    await store.getState().runSql('SELECT * FROM users WHERE id = 123');
    expect(selectOffScriptChanges(store.getState())).toEqual([]);
    await store.getState().step();
    expect(selectNarration(store.getState())).toBe(authored('stale-set', 6));
    expect(store.getState().outcome).toMatchObject({ isJudged: true, isMet: true });
  });

  it('the clock, Redis taken down and an actor’s own Step count; after the last beat they do not', async () => {
    const store = await at('write-behind-lost', 2);
    await store.getState().advanceClock(1000);
    await store.getState().setCacheAvailable(false);
    await store.getState().setCacheAvailable(true);
    expect(selectOffScriptChanges(store.getState())).toEqual([
      'the clock moved on 1 s',
      'Redis taken down',
      'Redis brought back',
    ]);
    const done = await at('stale-set', findScenario('stale-set')?.beats.length ?? 0);
    expect(done.getState().outcome).toMatchObject({ isJudged: true, isMet: true });
    await done.getState().runRedis('SET user:123 x');
    expect(selectOffScriptChanges(done.getState())).toEqual([]);
    expect(done.getState().outcome?.isJudged).toBe(true);
  });
});

describe('settings and the script', () => {
  it('a setting the pattern does not use (greyed out) does not leave the script', async () => {
    const store = await at('write-then-read-write-through', 0);
    await store.getState().configure({ writePolicy: 'delete-first', readMitigation: 'lease' });
    expect(selectOffScriptChanges(store.getState())).toEqual([]);
    const beats = findScenario('write-then-read-write-through')?.beats.length ?? 0;
    for (let i = 0; i < beats; i++) await store.getState().step();
    expect(store.getState().outcome?.isJudged).toBe(true);
  });

  it('a key limit leaves the script; the eviction policy only with a limit', async () => {
    const store = await at('stampede-single-flight', 0);
    await store.getState().configure({ eviction: 'allkeys-lru' });
    expect(selectOffScriptChanges(store.getState())).toEqual([]);
    await store.getState().configure({ maxKeys: 1 });
    expect(selectOffScriptChanges(store.getState())).toEqual([
      'Max keys: 1',
      'Eviction: allkeys-lru',
    ]);
  });
});
