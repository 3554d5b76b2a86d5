import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectDiagramEvents, selectIsRestartStep, selectQuietStep } from './diagramSelectors';
import { selectSequenceRows } from './sequenceRows';
import { freePlaySandbox } from './testSandbox';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function storeAt(scenario: string | null) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  if (scenario) await store.getState().loadScenario(scenario);
  return store;
}

/** "B GET user:1 -> (nil)" for each command the diagram draws, in order. */
const drawn = (store: Awaited<ReturnType<typeof storeAt>>): string[] =>
  selectDiagramEvents(store.getState()).map(
    (e) =>
      `${e.actor} ${e.command.split(' ').slice(0, 2).join(' ')} -> ${e.reply.startsWith('"{') ? 'row' : e.reply}`,
  );

describe('the diagram draws every command of the newest Step press, in order', () => {
  it('a beat that sends three GETs draws all three, then a beat of four SELECTs draws those four', async () => {
    const store = await storeAt('stampede');
    for (let i = 0; i < 3; i++) await store.getState().step();
    expect(drawn(store)).toEqual([
      'B GET user:1 -> (nil)',
      'C GET user:1 -> (nil)',
      'D GET user:1 -> (nil)',
    ]);
    await store.getState().step();
    expect(drawn(store).map((d) => d.split(' ').slice(0, 2).join(' '))).toEqual([
      'A SELECT',
      'B SELECT',
      'C SELECT',
      'D SELECT',
    ]);
  });

  it('a scenario\'s "ops" statement is drawn, and a clock jump after it leaves it drawn', async () => {
    const store = await storeAt('stale-read');
    await store.getState().step();
    expect(drawn(store)).toEqual(['A GET user:123 -> row']);
    await store.getState().step();
    expect(drawn(store)).toEqual(['ops UPDATE users -> 1 row changed']);
    await store.getState().step();
    expect(selectQuietStep(store.getState())).toBeNull();
    await store.getState().step(); // the clock jumps an hour: no command
    expect(drawn(store)).toEqual(['A GET user:123 -> row']);
    // ... drawn as the step before, under what this step did instead.
    expect(selectQuietStep(store.getState())).toBe(
      'The virtual clock moves on 1 h: user:123 expires (TTL ran out), so Redis no longer holds it.',
    );
    await store.getState().back();
    await store.getState().back();
    expect(drawn(store)).toEqual(['ops UPDATE users -> 1 row changed']);
  });

  it('a restart beat says it sent no command and that Redis is empty; the next beat draws its own', async () => {
    const store = await storeAt('write-behind-lost');
    for (let i = 0; i < 3; i++) await store.getState().step();
    expect(selectQuietStep(store.getState())).toBe(
      'Redis restarts with an empty memory: it lost the cached copy it held. The write-behind queue went with it: 2 writes the application had queued and acknowledged never reach the database, and Writes lost counts them.',
    );
    expect(selectIsRestartStep(store.getState())).toBe(true);
    expect(drawn(store).map((d) => d.split(' ').slice(0, 2).join(' '))).toEqual([
      'B GET',
      'B SET',
      'B RPUSH',
    ]);
    await store.getState().step();
    expect(selectQuietStep(store.getState())).toBeNull();
    expect(selectIsRestartStep(store.getState())).toBe(false);
    expect(drawn(store)).toEqual([
      'flusher wait 1000 -> done',
      'flusher LPOP write-behind:queue -> (nil)',
    ]);
  });

  it('console lines are drawn as they are typed, each after the step before it', async () => {
    const store = await storeAt(null);
    await store.getState().startRead('A', 5);
    await store.getState().step();
    expect(drawn(store)).toEqual(['A GET user:5 -> (nil)']);
    await store.getState().runRedis('SET user:5 hello');
    expect(drawn(store)).toEqual(['console SET user:5 -> OK']);
    await store.getState().runSql("UPDATE users SET plan = 'x' WHERE id = 5");
    expect(drawn(store)).toHaveLength(1);
    expect(drawn(store)[0]).toMatch(/^console UPDATE users -> /);
  });
});

describe('the sequence diagram', () => {
  it('has one row per command, the scenario\'s "ops" statement and console lines included', async () => {
    const store = await storeAt('stale-read');
    await store.getState().step();
    await store.getState().step();
    await store.getState().runRedis('TTL user:123');
    const rows = selectSequenceRows(store.getState().snapshot!);
    expect(rows.map((r) => `${r.actor} ${r.command.split(' ')[0]}`)).toEqual([
      'A GET',
      'A SELECT',
      'A SET',
      'A GET',
      'ops UPDATE',
      'console TTL',
    ]);
  });

  it('numbers the rows it draws 1, 2, 3 ...: a console line takes a number, a wait none', async () => {
    // Until 2026-12-07 a row was labelled with the engine's event number, which counts waits
    // too, and a console line's row with no number: B's rows read #1, #2, #4 around its wait.
    const store = await freePlaySandbox({ writePolicy: 'double-delete' });
    await store.getState().startWrite('B', 1, { plan: 'pro' });
    while (store.getState().canStep) {
      await store.getState().step();
      if (store.getState().snapshot!.events.length === 1) await store.getState().runRedis('GET a');
    }
    const events = store.getState().snapshot!.events;
    expect(events.map((e) => e.target)).toContain('wait');
    const rows = selectSequenceRows(store.getState().snapshot!);
    expect(rows.map((r) => `#${r.index} ${r.actor} ${r.command.split(' ')[0]}`)).toEqual([
      '#1 B DEL',
      '#2 console GET',
      '#3 B UPDATE',
      '#4 B DEL',
    ]);
  });
});
