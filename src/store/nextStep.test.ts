import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../engine/simulation';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { findScenario } from '../scenarios';
import { describeNextStep, pressesAhead } from './nextStep';
import { CHECKPOINT_INTERVAL } from './checkpoints';
import { createSandboxStore, type SandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function scenarioStore(id: string) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario(id);
  return store;
}

/** Presses Step once and returns the commands the press really sent. */
async function pressAndRecord(store: Awaited<ReturnType<typeof scenarioStore>>) {
  const before = store.getState().snapshot?.commands ?? 0;
  await store.getState().step();
  return (store.getState().snapshot?.events ?? [])
    .slice(before)
    .map(({ actor, target, command }) => ({ actor, target, command }));
}

describe('previewNextStep', () => {
  it('tells, before every beat of stale-set, exactly the commands the press then sends', async () => {
    const store = await scenarioStore('stale-set');
    const beats = findScenario('stale-set')?.beats.length ?? 0;
    for (let i = 0; i < beats; i++) {
      const preview = await store.getState().previewNextStep();
      expect(preview.commands.length, `beat ${i + 1}`).toBeGreaterThan(0);
      expect(await pressAndRecord(store), `beat ${i + 1}`).toEqual(preview.commands);
    }
    // The preview ran on a copy: the run went exactly as the scenario says.
    expect(store.getState().outcome?.isMet).toBe(true);
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: nothing; no request is waiting',
    );
  });

  it('names the writer and its DEL: "next: B sends DEL user:123"', async () => {
    const store = await scenarioStore('stale-set');
    for (let i = 0; i < 3; i++) await store.getState().step();
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: B sends DEL user:123',
    );
  });

  it("names the engine's script a press sends, as the diagram does: versioned-fill's invalidation", async () => {
    const store = await scenarioStore('stale-set');
    expect(await store.getState().configure({ readMitigation: 'versioned-fill' })).toBeNull();
    for (let i = 0; i < 3; i++) await store.getState().step();
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: B sends EVAL INVALIDATE_IF_OLDER 1 user:123 2 EX 36…',
    );
  });

  it('after Back, previews the step that Step will redo; a clock-only beat says how far', async () => {
    const store = await scenarioStore('stampede');
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: the clock moves on 61 s',
    );
    await store.getState().step();
    await store.getState().step();
    await store.getState().back();
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: A sends GET user:1',
    );
  });

  it('a beat that moves the clock and then sends a command says both (ttl-expiry, before step 3)', async () => {
    const store = await scenarioStore('ttl-expiry');
    await store.getState().step();
    await store.getState().step();
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: the clock moves on 30 s; then ops sends TTL user:7',
    );
    await store.getState().step();
    expect(store.getState().snapshot?.events.at(-1)?.reply).toBe('(integer) 30');
  });

  it('a restart is named, not "nothing is sent" (write-behind-lost, before step 3)', async () => {
    const store = await scenarioStore('write-behind-lost');
    await store.getState().step();
    await store.getState().step();
    const preview = describeNextStep(await store.getState().previewNextStep());
    expect(preview).toMatch(/^next: Redis restarts empty/);
    await store.getState().step();
    expect(store.getState().snapshot?.stats.lostWrites).toBeGreaterThan(0);
  });

  it('says a command several actors send in a row once, and cuts a script short', () => {
    const select = 'SELECT * FROM users WHERE id = 1';
    const script = `EVAL '${'x'.repeat(200)}' 1 user:1`;
    const preview = {
      commands: [
        ...['A', 'B', 'C', 'D'].map((actor) => ({ actor, target: 'db' as const, command: select })),
        { actor: 'A', target: 'redis' as const, command: script },
      ],
      clockMs: 0,
      cacheUpAfter: null,
      cacheRestarts: false,
      canStep: true,
    };
    const line = describeNextStep(preview);
    expect(line).toMatch(
      /^next: A, B, C and D each run SELECT \* FROM users WHERE id = 1; then A sends EVAL 'x+…$/,
    );
    expect(line.length).toBeLessThan(160);
  });

  it("names the cache as the sender of the cache layer's own commands, as the log does", async () => {
    const store = await scenarioStore('write-behind-lost');
    await store.getState().step();
    expect(describeNextStep(await store.getState().previewNextStep())).toMatch(
      /^next: the cache \(for B\) sends GET user:7, then SET user:7 '.*…, then RPUSH write-behind:queue /,
    );
  });

  it("names the flusher as the cache's own process, not as an actor the cache acts for", async () => {
    const store = await scenarioStore('write-behind-lost');
    for (let i = 0; i < 3; i++) await store.getState().step();
    // Before: "next: the cache (for flusher) waits (wait 1000 ms), then sends LPOP ...", and
    // then "the cache's flusher waits (wait 1000 ms)": the wait said twice.
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      "next: the cache's flusher waits 1000 ms, then sends LPOP write-behind:queue 50",
    );
  });

  it("names the change log's consumer as itself, not as a process of the cache", async () => {
    const store = await scenarioStore('cdc-late-invalidation');
    for (let i = 0; i < 4; i++) await store.getState().step();
    // The narration calls it "the change-log consumer cdc", a process of its own with its own
    // connection; it serves no cache layer (before: "next: the cache's cdc runs SELECT ...").
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: cdc runs SELECT id, user_id, version, at FROM change…',
    );
    for (let i = 0; i < 2; i++) await store.getState().step();
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: cdc sends DEL user:42',
    );
  });

  it('in free play, previews the next actor step', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().startRead('B', 9);
    expect(describeNextStep(await store.getState().previewNextStep())).toBe(
      'next: B sends GET user:9',
    );
  });

  it('late in a run, plays from the nearest checkpoint, and agrees with the press after Back', async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    await s().start(SQL);
    for (let id = 1; s().timeline.length < 120; id++) {
      await s().startRead('A', (id % 25) + 1);
      while (s().canStep) await s().step();
    }
    await s().startRead('A', 3);
    const spy = vi.spyOn(Simulation.prototype, 'dispatch');
    let preview: Awaited<ReturnType<SandboxStore['previewNextStep']>>;
    try {
      preview = await s().previewNextStep();
      // From the seed, that was every action of the run: over 120.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2 * CHECKPOINT_INTERVAL);
    } finally {
      spy.mockRestore();
    }
    expect(describeNextStep(preview)).toBe('next: A sends GET user:3');
    expect(await pressAndRecord(store)).toEqual(preview.commands);
    // After Back, the step Step will redo, from a checkpoint too.
    await s().back();
    const again = await s().previewNextStep();
    expect(await pressAndRecord(store)).toEqual(again.commands);
  });
});

describe('describeNextStep: a retry loop', () => {
  it('says a cycle one reader goes round once, with how many times, as the narration does (cdc-late-invalidation under single-flight, before step 9)', async () => {
    const store = await scenarioStore('cdc-late-invalidation');
    expect(await store.getState().configure({ readMitigation: 'single-flight' })).toBeNull();
    for (let i = 0; i < 8; i++) await store.getState().step();
    const preview = await store.getState().previewNextStep();
    // C's waits on A's lock: dozens of commands (before, the line listed each, 1,599 characters,
    // and squeezed the diagram to a strip with the speaker notes below the screen).
    expect(preview.commands.length).toBeGreaterThan(40);
    const line = describeNextStep(preview);
    expect(line).toContain(
      'C goes round the same 3 steps 4 times (sends SET lock:user:42 C-2 NX PX 10000, then waits 50 ms, then sends GET user:42)',
    );
    expect(line).toMatch(/; then \d+ more steps$/);
    expect(line.length).toBeLessThanOrEqual(360);
    // Every command is said or counted.
    const counted = Number(/(\d+) more steps$/.exec(line)?.[1]);
    expect(counted).toBeGreaterThan(0);
  });

  it('keeps a command said once when it does not repeat, and the verb after a cycle', () => {
    const get = { actor: 'C', target: 'redis' as const, command: 'GET user:1' };
    const wait = { actor: 'C', target: 'wait' as const, command: 'wait 50 ms' };
    const select = {
      actor: 'C',
      target: 'db' as const,
      command: 'SELECT * FROM users WHERE id = 1',
    };
    const line = describeNextStep({
      commands: [get, wait, get, wait, get, wait, select],
      clockMs: 0,
      cacheUpAfter: null,
      cacheRestarts: false,
      canStep: true,
    });
    expect(line).toBe(
      'next: C goes round the same 2 steps 3 times (sends GET user:1, then waits 50 ms), then runs SELECT * FROM users WHERE id = 1',
    );
  });

  it('says a wait once, for one actor or several, and a program that ended before sending anything', () => {
    const press = (commands: Parameters<typeof describeNextStep>[0]['commands']) =>
      describeNextStep({
        commands,
        clockMs: 0,
        cacheUpAfter: null,
        cacheRestarts: false,
        canStep: true,
      });
    const wait = (actor: string) => ({ actor, target: 'wait' as const, command: 'wait 50 ms' });
    // Before: "next: B waits (wait 50 ms)" and "next: B, C and D each wait (wait 50 ms)".
    expect(press([wait('B')])).toBe('next: B waits 50 ms');
    expect(press([wait('B'), wait('C'), wait('D')])).toBe('next: B, C and D each wait 50 ms');
    expect(
      press([{ actor: 'A', target: 'wait', command: 'no command (the program failed)' }]),
    ).toBe('next: A sends no command (the program failed)');
  });

  it('says a long press up to a projector line and counts the rest exactly', () => {
    const commands = Array.from({ length: 40 }, (_, i) => ({
      actor: 'A',
      target: 'redis' as const,
      command: `GET user:${i + 1}`,
    }));
    const line = describeNextStep({
      commands,
      clockMs: 0,
      cacheUpAfter: null,
      cacheRestarts: false,
      canStep: true,
    });
    const listed = line.match(/user:\d+/g)?.length ?? 0;
    expect(listed).toBeGreaterThan(5);
    expect(line).toMatch(
      new RegExp(`^next: A sends GET user:1, then GET user:2, .*; then ${40 - listed} more steps$`),
    );
    expect(line.length).toBeLessThanOrEqual(360);
  });
});

describe('pressesAhead', () => {
  it("after Back over an actor's own Step, gives each press where Step leaves the run, then the next beats", async () => {
    const store = await scenarioStore('stale-set');
    const s = () => store.getState();
    await s().step();
    expect(await s().stepActor('A')).toBeNull();
    await s().step();
    await s().back();
    await s().back();
    const sc = findScenario('stale-set');
    const ahead = pressesAhead(s().timeline, s().cursor, sc, 4);
    // The undone actor Step, the undone beat, then the script's next two beats.
    expect(ahead.map((p) => p.beat)).toEqual([1, 1, 2, 3]);
    expect(ahead[0].actions).toEqual([{ type: 'stepActor', actor: 'A' }]);
    expect(ahead[2].actions).toEqual(sc?.beats[2].actions);
    for (const press of ahead) {
      expect({ cursor: s().cursor, beat: s().beat }).toEqual({
        cursor: press.cursor,
        beat: press.beat,
      });
      await s().step();
    }
  });
});
