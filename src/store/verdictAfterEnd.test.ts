import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import { judgeOutcome } from './scriptSettings';
import { selectVerdictTiming } from './selectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function playedToTheEnd(id: string) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(id);
  const beats = findScenario(id)!.beats.length;
  while (store.getState().beat < beats) await store.getState().step();
  expect(store.getState().outcome).toMatchObject({ isMet: true, isJudged: true });
  return store;
}

describe('the verdict after a console line past the last beat', () => {
  it.each([
    ['stampede', 'FLUSHALL'],
    ['stale-set', 'DEL user:123'],
    ['lost-invalidation', 'SET user:123 x'],
    ['delete-first-race', 'FLUSHALL'],
    ['update-cache-race', 'DEL user:123'],
    ['stale-read', 'FLUSHALL'],
    ['cold-read', 'FLUSHALL'],
  ])(
    '%s stays met after %s: the counters and the log still show what happened',
    async (id, line) => {
      const store = await playedToTheEnd(id);
      const stats = store.getState().snapshot!.stats;
      await store.getState().runRedis(line);
      const s = store.getState();
      expect(s.snapshot!.stats).toEqual(stats);
      expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
      expect(selectVerdictTiming(s)).toBe(
        `Judged on what the run did (its counters and log): ${line} in the Redis console after its last beat changed what the stores hold, not what happened.`,
      );
    },
  );

  it('stays met after a restart and a SQL write', async () => {
    const store = await playedToTheEnd('stale-set');
    await store.getState().restartCache();
    await store.getState().runSql("UPDATE users SET plan = 'pro' WHERE id = 123");
    expect(store.getState().outcome).toMatchObject({ isMet: true, isJudged: true });
  });

  it('a promise about what Redis holds at the end gets no verdict once a console line changed it', async () => {
    const store = await playedToTheEnd('only-what-is-asked');
    await store.getState().runRedis('SET user:1 x');
    expect(store.getState().outcome).toMatchObject({
      isMet: false,
      isJudged: false,
      description: expect.stringMatching(
        /^SET user:1 x in the Redis console after its last beat changed what the stores hold, and the promise speaks of what they hold at the end/,
      ),
    });
  });

  it('steps after the last beat are still counted, and said', async () => {
    const store = await playedToTheEnd('stampede');
    await store.getState().startRead('A', 1);
    await store.getState().step();
    const s = store.getState();
    expect(s.outcome).toMatchObject({ isJudged: true });
    expect(selectVerdictTiming(s)).toBe(
      'Judged on the run as it is now, with the steps after its last beat.',
    );
  });
});

describe('a verdict given once the requests in flight have finished', () => {
  it('stampede under single-flight ends its last beat judged, saying what B, C and D did', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('stampede');
    await store.getState().configure({ readMitigation: 'single-flight' });
    const sc = findScenario('stampede')!;
    while (store.getState().beat < sc.beats.length - 1) await store.getState().step();
    // Before the last beat B, C and D wait on A's lock: judged then, the verdict waits for them.
    const before = store.getState();
    expect(
      judgeOutcome(sc, before.config, before.snapshot!, [], before.yourPaths, []),
    ).toMatchObject({
      isJudged: false,
      description: expect.stringMatching(
        /^A, B, C, D still have requests in flight: Step on to see them finish, then the verdict\. The scenario promises: With single-flight/,
      ),
    });
    // The last beat plays each read to its end: each has read what A cached, and the run is
    // judged at the scenario's last step, not a press past it.
    await store.getState().step();
    const s = store.getState();
    expect(s.beat).toBe(sc.beats.length);
    expect(s.snapshot!.actors.every((a) => a.task === null)).toBe(true);
    expect(s.snapshot!.stats).toMatchObject({ dbReads: 2, staleReads: 0 });
    expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
    expect(s.outcome!.description).not.toMatch(/will GET/);
    expect(s.canStep).toBe(false);
  });
});

describe('a verdict that stays once the clock has emptied Redis', () => {
  it.each(['stale-read', 'update-cache-race', 'delete-first-race', 'lost-invalidation'])(
    '%s says what the run left in Redis, not what Redis holds beside an empty panel',
    async (id) => {
      const store = await playedToTheEnd(id);
      expect(await store.getState().advanceClock(2 * 3_600_000)).toBeNull();
      const s = store.getState();
      expect(s.snapshot!.cache.filter((e) => e.key.startsWith('user:'))).toEqual([]);
      // Judged on what the run did, so still met; its words say what the run did too.
      expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
      expect(s.outcome!.description).not.toMatch(/\b(holds|returns)\b/);
    },
  );
});

describe('a read of another row after the last beat', () => {
  it.each([
    'stale-set',
    'stale-set-lease',
    'write-then-read',
    'write-then-read-invalidate',
    'write-then-read-write-through',
    'invalidate-on-write',
    'stale-read',
    'lost-invalidation',
    'delete-first-race',
    'update-cache-race',
    'cdc-late-invalidation',
    'write-behind-lost',
  ])('%s stays met: its promise speaks of its own row’s reads, not of user 999’s', async (id) => {
    const store = await playedToTheEnd(id);
    const actor = store.getState().snapshot!.actors[0].name;
    await store.getState().startRead(actor, 999);
    while (store.getState().snapshot!.actors.some((a) => a.task !== null))
      await store.getState().step();
    const s = store.getState();
    expect(s.snapshot!.results.at(-1)).toMatchObject({ kind: 'read', id: 999 });
    expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
  });
});
