import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimConfig } from '../engine/simConfig';
import type { StepEvent } from '../engine/stepEvent';
import { Simulation } from '../engine/simulation';
import { loadSqlJsNode } from '../engine/testSim';
import { findScenario } from '.';
import { createSandboxStore } from '../store/sandboxStore';
import { eventBadge } from '../ui/eventTone';
import { describeEvent } from './narrate';
import { playScenario, type PlayedScenario } from './play';
import { beatStory } from './testScenarios';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

const play = (id: string, overrides: Partial<SimConfig> = {}): Promise<PlayedScenario> => {
  const sc = findScenario(id);
  if (!sc) throw new Error(`no scenario ${id}`);
  return playScenario(SQL, sc, overrides);
};

/**
 * Write-behind, user:7 holding a partial row at version 1 (a SET from the console), and A's
 * write of row 7 past its GET, which finds that entry, and its SELECT.
 */
async function writeBehindPastPartialRow(): Promise<Simulation> {
  const sim = Simulation.create(SQL, { pattern: 'write-behind' });
  await sim.dispatch({
    type: 'redis',
    actor: 'console',
    argv: ['SET', 'user:7', '{"id":7,"version":1}'],
  });
  await sim.dispatch({ type: 'write', actor: 'A', id: 7, changes: { plan: 'team' } });
  await sim.dispatch({ type: 'stepActor', actor: 'A' });
  await sim.dispatch({ type: 'stepActor', actor: 'A' });
  return sim;
}

describe('the patterns scenarios play exactly their stories', () => {
  it('write-then-read under write-through: the cache writes the database and stores the new row', async () => {
    const played = await play('write-then-read-write-through');
    expect(beatStory(played, { showsVia: true })).toEqual([
      ['B via cache UPDATE -> 1 row changed (version 2)'],
      ['B via cache EVAL -> (integer) 1'],
      ['A GET -> row'],
    ]);
    expect(played.beatSteps[2][0]).toMatchObject({
      isHit: true,
      isStaleRead: false,
      rowVersion: 2,
    });
    // Cache-aside with the same write policy (ttl-only): the same read is stale.
    const aside = await play('write-then-read-write-through', { pattern: 'cache-aside' });
    expect(beatStory(aside, { showsVia: true })).toEqual([
      ['B UPDATE -> 1 row changed (version 2)'],
      ['idle'],
      ['A GET -> row'],
    ]);
    expect(aside.snapshot.stats.staleReads).toBe(1);
  });

  it('write-behind-lost: the writes reach only Redis and its queue, and the restart loses both', async () => {
    const played = await play('write-behind-lost');
    expect(beatStory(played, { showsVia: true })).toEqual([
      ['A via cache GET -> row', 'A via cache SET -> OK', 'A via cache RPUSH -> (integer) 1'],
      ['B via cache GET -> row', 'B via cache SET -> OK', 'B via cache RPUSH -> (integer) 2'],
      [],
      ['flusher via cache wait -> done', 'flusher via cache LPOP -> (nil)'],
      ['A GET -> (nil)', 'A via cache SELECT -> 1 row', 'A via cache SET -> OK'],
    ]);
    expect(played.snapshot.stats).toMatchObject({ lostWrites: 2, flushedWrites: 0, dbWrites: 0 });
    // The first write changes what the row holds: the cached copy's plan, never the database's.
    const stored = played.beatSteps[0][1] as StepEvent;
    expect(JSON.parse(stored.cachedJson ?? '{}')).toMatchObject({ plan: 'team', version: 2 });
    expect(played.snapshot.db.find((r) => r.id === 7)).toMatchObject({ plan: 'pro', version: 1 });
    // The engine's own narration of the flusher's steps.
    const [, take] = played.beatSteps[3] as StepEvent[];
    expect(describeEvent(take)).toBe(
      "The cache's flusher sends LPOP write-behind:queue 50: (nil), the queue is empty (every write is flushed, or the queue was lost: a restart, a DEL, an eviction, its TTL running out), so the flusher stops.",
    );
    expect(describeEvent(played.beatSteps[0][2] as StepEvent)).toContain(
      'The cache (for A) sends RPUSH write-behind:queue',
    );
    // The write's GET of its copy is not a read: told so, badged "found", and not a HIT.
    const copy = played.beatSteps[0][0] as StepEvent;
    expect(describeEvent(copy)).toContain(
      "and finds version 1 in the cache (a write's GET, not a read: it is not counted as a hit).",
    );
    expect(eventBadge(copy)).toBe('found');
    expect(played.snapshot.stats.hits).toBe(0);
  });

  it('write-then-read switched to write-behind: the verdict beside the flushed row does not say the database still holds version 1', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-then-read-write-through');
    await store.getState().configure({ pattern: 'write-behind' });
    // Stepped on as far as it goes (Run to end): B's write finishes and the flusher writes it.
    while (await store.getState().step());
    const s = store.getState();
    expect(s.snapshot?.db.find((r) => r.id === 123)?.version).toBe(2);
    expect(s.snapshot?.stats.flushedWrites).toBe(1);
    expect(s.outcome).toMatchObject({ isMet: true, isJudged: true });
    // The banner sits beside the row at version 2: it may say the database lagged, not that it lags.
    expect(s.outcome?.description).not.toMatch(/still holds version 1/);
    expect(s.outcome?.description).toMatch(/A’s read is fresh/);
  });

  it('write-behind: queued writes a DEL or an eviction removed are counted as lost, as a restart’s are', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    await store.getState().step();
    await store.getState().step();
    expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 2, lostWrites: 0 });
    await store.getState().runRedis('DEL write-behind:queue');
    while ((await store.getState().stepActor('flusher')) === null);
    expect(store.getState().snapshot?.stats).toMatchObject({
      pendingWrites: 0,
      lostWrites: 2,
      flushedWrites: 0,
    });
    // A write queued after the loss: the RPUSH's reply (a list of 1) says the two are gone too.
    const other = createSandboxStore();
    await other.getState().start(SQL);
    await other.getState().loadScenario('write-behind-lost');
    await other.getState().step();
    await other.getState().runRedis('DEL write-behind:queue');
    await other.getState().step();
    expect(other.getState().snapshot?.stats).toMatchObject({ pendingWrites: 1, lostWrites: 1 });
  });

  it('write-behind: a write whose RPUSH Redis refused (OOM) and that fell back to the database loses no invalidation', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    expect(await store.getState().configure({ maxKeys: 1, eviction: 'noeviction' })).toBeNull();
    // The five beats, then Steps until nobody has work (B's write waited out A's lock).
    for (let i = 0; i < 5; i++) await store.getState().step();
    for (let i = 0; i < 30 && store.getState().snapshot?.nextActor !== null; i++)
      await store.getState().step();
    const s = store.getState().snapshot;
    const oom = s?.events.filter((e) => e.command.startsWith('RPUSH') && e.reply.includes('OOM'));
    expect(oom?.length).toBe(2);
    // Each SET went through before its RPUSH failed: the cache holds the row the database got.
    const cached = s?.cache.find((c) => c.key === 'user:7');
    const row = s?.db.find((r) => r.id === 7);
    expect(cached).toMatchObject({ version: row?.version, isStale: false });
    expect(s?.stats).toMatchObject({ lostInvalidations: 0, cacheErrors: 2, writes: 2 });
    // Each fallback UPDATE is told as one, and as losing no invalidation.
    const updates = s?.events.filter((e) => e.label === 'fallback') ?? [];
    expect(updates).toHaveLength(2);
    for (const e of updates) {
      expect(describeEvent(e)).toContain('Write-behind falls back');
      expect(describeEvent(e)).not.toContain('Lost invalidations');
    }
  });

  it('write-behind with Redis down: the UPDATE is told as the fallback to the database it is', async () => {
    const played = await play('lost-invalidation', { pattern: 'write-behind' });
    const update = played.snapshot.events.find(
      (e) => e.actor === 'B' && e.command.startsWith('UPDATE'),
    );
    expect(update).toMatchObject({ label: 'fallback', reply: '1 row changed (version 2)' });
    expect(describeEvent(update as StepEvent)).toMatch(
      /: the row becomes version 2\. Write-behind falls back: the cache could not take this write \(its last command failed\), so the application writes the database directly, and nothing is queued for the flusher\. The cache still holds a copy of the row from before this write, older than the row now: it stays until it expires, is evicted or another write replaces it, and Lost invalidations counts it\.$/,
    );
    // Redis kept A's version 1 while it was unreachable: A's next read is stale, as counted.
    expect(played.snapshot.stats).toMatchObject({ lostInvalidations: 1, staleReads: 1 });
  });

  it('write-behind with Redis down and nothing cached: the fallback loses no invalidation, and says none', async () => {
    const sim = Simulation.create(SQL, { pattern: 'write-behind' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'write', actor: 'A', id: 7, changes: { plan: 'team' } });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    const s = await sim.snapshot();
    const update = s.events.at(-1) as StepEvent;
    expect(update).toMatchObject({ label: 'fallback', reply: '1 row changed (version 2)' });
    expect(s.cache).toEqual([]);
    expect(s.stats).toMatchObject({ lostInvalidations: 0, cacheErrors: 1, writes: 1 });
    expect(describeEvent(update)).toContain('Write-behind falls back');
    expect(describeEvent(update)).not.toMatch(/copy|Lost invalidations/);
  });

  it('write-behind: a write whose GET finds an entry it cannot use tells it as the corrupt entry it is, not as a version found', async () => {
    const sim = await writeBehindPastPartialRow();
    const s = await sim.snapshot();
    const [get, load] = s.events.slice(-2);
    expect(get).toMatchObject({ command: 'GET user:7', isHit: false, isMiss: true });
    expect(describeEvent(get)).toContain(
      "a value that is not user:7's row as the application writes it: a corrupt entry. The cache (for A) cannot use it (a write's GET, not a read: it is not counted as a miss).",
    );
    expect(describeEvent(get)).not.toContain('finds version 1');
    expect(load.note).toMatch(/^Corrupt cache entry at user:7: /);
    // A write's GET is no read: the hit rate's counters leave it out either way.
    expect(s.stats).toMatchObject({ hits: 0, misses: 0 });
  });

  it('write-behind: a corrupt entry (a partial row at version 1) left by a failed SET is counted and told as the lost invalidation the STALE badge shows', async () => {
    // GET finds the entry it cannot use, SELECT loads the row; then Redis goes down: SET fails.
    const sim = await writeBehindPastPartialRow();
    await sim.dispatch({ type: 'setCacheAvailable', isUp: false });
    await sim.dispatch({ type: 'finishActor', actor: 'A' });
    await sim.dispatch({ type: 'setCacheAvailable', isUp: true });
    const s = await sim.snapshot();
    const update = s.events.at(-1) as StepEvent;
    expect(update).toMatchObject({ label: 'fallback', reply: '1 row changed (version 2)' });
    expect(s.cache.find((c) => c.key === 'user:7')).toMatchObject({ version: 1, isStale: true });
    expect(s.stats).toMatchObject({ lostInvalidations: 1 });
    expect(describeEvent(update)).toContain(
      'The cache still holds a copy of the row from before this write, older than the row now',
    );
  });

  it('write-behind: a queued write of a user who does not exist is not told as a row changed', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().loadScenario('write-behind-lost');
    await store.getState().step();
    await store
      .getState()
      .runRedis(`RPUSH write-behind:queue '{"id":999999,"changes":{"plan":"pro"}}'`);
    while ((await store.getState().stepActor('flusher')) === null);
    const events = store.getState().snapshot?.events ?? [];
    const missing = events.find((e) => e.command.endsWith('WHERE id = 999999 RETURNING *'));
    expect(missing?.reply).toBe('0 rows changed');
    expect(describeEvent(missing as StepEvent)).toContain(
      'There is no such user, so this queued write changes nothing in the database.',
    );
    expect(store.getState().snapshot?.stats).toMatchObject({
      flushedWrites: 1,
      pendingWrites: 0,
      lostWrites: 0,
    });
  });

  it('refresh-ahead-expensive: the refresher pays the slow SELECT, and the read after the old expiry hits', async () => {
    const played = await play('refresh-ahead-expensive');
    expect(beatStory(played, { showsVia: true })).toEqual([
      ['A GET -> (nil)', 'A via cache SELECT -> 1 row', 'A via cache SET -> OK'],
      [],
      ['B GET -> row', 'B via cache PTTL -> (integer) 15000'],
      ['refresher via cache SELECT -> 1 row', 'refresher via cache EVAL -> (integer) 1'],
      [],
      ['A GET -> row', 'A via cache PTTL -> (integer) 40000'],
    ]);
    const reload = played.beatSteps[3][0] as StepEvent;
    expect(reload.program).toBe('background');
    expect(reload.endMs - reload.startMs).toBe(30);
    expect(describeEvent(played.beatSteps[2][1] as StepEvent)).toContain(
      'the cache reloads the entry in the background',
    );
    // Under cache-aside nothing reloads: the read after the expiry misses and runs the SELECT,
    // and the last beat plays the read to its end (its SET), so the run ends judged.
    const aside = await play('refresh-ahead-expensive', { pattern: 'cache-aside' });
    expect(beatStory(aside, { showsVia: true }).at(-1)).toEqual([
      'A GET -> (nil)',
      'A SELECT -> 1 row',
      'A SET -> OK',
    ]);
    // Its verdict counts who paid the slow SELECT: two reads, both A's (B's read hit).
    const selects = aside.snapshot.events.filter(
      (e) => e.program !== 'background' && e.command.startsWith('SELECT'),
    );
    expect(selects.map((e) => e.actor)).toEqual(['A', 'A']);
    const promised = findScenario('refresh-ahead-expensive')!.variants![0];
    expect(promised.settings).toEqual({ pattern: 'cache-aside' });
    expect(promised.outcome.description).not.toMatch(/two readers/);
    expect(promised.outcome.description).toMatch(/two reads paid it, both A’s/);
  });
});
