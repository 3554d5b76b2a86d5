import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario, SCENARIOS } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import { judgeOutcome } from './scriptSettings';
import { selectStepsPastBeats, selectVerdictTiming } from './scriptSelectors';
import { parseViewParams, viewLink } from './urlState';

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

  it('Redis taken down and back, or a clock move no TTL ran out in, is not said to have changed the stores', async () => {
    const store = await playedToTheEnd('stale-set');
    await store.getState().setCacheAvailable(false);
    await store.getState().setCacheAvailable(true);
    await store.getState().advanceClock(2000);
    const s = store.getState();
    expect(s.snapshot!.cache.map((e) => e.key)).toEqual(['user:123']);
    expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
    expect(selectVerdictTiming(s)).toBeNull();
    // A clock move that did empty a key is still named, by the TTL the Redis panel showed left.
    expect(s.snapshot!.cache[0].ttlMs).toBe(3_597_999);
    await store.getState().advanceToNextExpiry();
    expect(store.getState().snapshot!.clockMs - s.snapshot!.clockMs).toBeCloseTo(3_597_999, 6);
    expect(selectVerdictTiming(store.getState())).toBe(
      'Judged on what the run did (its counters and log): the clock moved on 3597.999 s after its last beat changed what the stores hold, not what happened.',
    );
  });

  it('a promise about what the stores hold at the end is still judged after Redis was taken down', async () => {
    const store = await playedToTheEnd('only-what-is-asked');
    await store.getState().setCacheAvailable(false);
    expect(store.getState().outcome).toMatchObject({ isMet: true, isJudged: true });
  });

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

  it('steps after the last beat are counted on the panels, and said as free play the verdict does not judge', async () => {
    const store = await playedToTheEnd('stampede');
    const { misses, dbReads } = store.getState().snapshot!.stats;
    await store.getState().startRead('A', 999);
    while (store.getState().snapshot!.actors.some((a) => a.task !== null))
      await store.getState().step();
    const s = store.getState();
    expect(s.snapshot!.stats).toMatchObject({ misses: misses + 1, dbReads: dbReads + 1 });
    expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
    expect(selectVerdictTiming(s)).toBe(
      'Judged at the end of the script: the reads, writes and steps after it are free play, and it does not judge them.',
    );
    // Back to the last beat's step (the read started after it stays), the verdict is the same.
    while (selectStepsPastBeats(store.getState()) > 0)
      expect(await store.getState().back()).toBe(true);
    expect(store.getState().beat).toBe(findScenario('stampede')!.beats.length);
    expect(store.getState().outcome).toEqual(s.outcome);
    expect(selectVerdictTiming(store.getState())).toBe(selectVerdictTiming(s));
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

describe('free play after the end of every scenario, under each setting it invites', () => {
  const cases = SCENARIOS.flatMap((sc) => [
    [sc.id, {}] as const,
    ...(sc.variants ?? []).map((v) => [sc.id, v.settings] as const),
  ]);

  /** Steps until no request (nor job of the cache's own) is left under way. */
  async function finish(store: Awaited<ReturnType<typeof playedToTheEnd>>) {
    for (let n = 0; n < 200 && store.getState().snapshot!.actors.some((a) => a.task !== null); n++)
      await store.getState().step();
  }

  it.each(cases)(
    '%s %j: reads and writes of other rows and a re-read of its own row leave the verdict met',
    async (id, settings) => {
      const store = createSandboxStore();
      await store.getState().start(SQL);
      await store.getState().loadScenario(id);
      if (Object.keys(settings).length > 0) await store.getState().configure(settings);
      const beats = findScenario(id)!.beats.length;
      while (store.getState().beat < beats) await store.getState().step();
      await finish(store);
      const atEnd = store.getState();
      expect(atEnd.outcome).toMatchObject({ isMet: true, isJudged: true });
      const reader = atEnd.snapshot!.actors.find((a) => a.program !== 'background')!.name;
      const own = atEnd.snapshot!.results.find((r) => r.kind === 'read')?.id ?? 1;
      for (const act of [
        () => store.getState().startRead(reader, 999),
        () => store.getState().startWrite(reader, 998, { plan: 'pro' }),
        () => store.getState().startRead(reader, 998),
        () => store.getState().startRead(reader, own),
        () => store.getState().startRead(reader, own),
      ]) {
        expect(await act()).toBeNull();
        await finish(store);
      }
      const s = store.getState();
      // Free play ran: the counters moved, and the last read was of the scenario's own row.
      expect(s.snapshot!.stats.reads).toBeGreaterThan(atEnd.snapshot!.stats.reads);
      expect(s.snapshot!.results.at(-1)).toMatchObject({ kind: 'read', id: own });
      expect(s.outcome).toEqual(atEnd.outcome);
      expect(selectVerdictTiming(s)).toMatch(/^Judged at the end of the script/);
      // Its link rebuilds the run with the free play, and the same verdict.
      const { view, problems } = parseViewParams(viewLink(s).search);
      expect(problems).toEqual([]);
      const copy = createSandboxStore();
      await copy.getState().start(SQL, view);
      expect(copy.getState().snapshot!.stats).toEqual(s.snapshot!.stats);
      expect(copy.getState().outcome).toEqual(s.outcome);
      expect(selectVerdictTiming(copy.getState())).toBe(selectVerdictTiming(s));
    },
  );
});
