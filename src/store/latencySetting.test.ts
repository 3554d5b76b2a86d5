import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import {
  DEFAULT_SANDBOX_CONFIG,
  scenarioConfig,
  toSimConfig,
  type SandboxConfig,
} from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
import { createSandboxStore } from './sandboxStore';
import { offScriptChanges } from './scriptSettings';
import type { SandboxState } from './sandboxState';
import { parseViewParams, viewLink } from './urlState';
import { findScenario } from '../scenarios';

const stateWith = (patch: Partial<SandboxState['config']>): SandboxState =>
  ({
    config: { ...DEFAULT_SANDBOX_CONFIG, ...patch },
    scenarioId: null,
    timeline: [],
    cursor: 0,
  }) as unknown as SandboxState;

/** Two readers of the same user under timed scheduling, stepped to the end: each step's time. */
async function timedStepTimes(patch: Partial<SandboxConfig>): Promise<number[]> {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  expect(await store.getState().configure({ scheduler: 'timed', ...patch })).toBeNull();
  await store.getState().startRead('A', 7);
  await store.getState().startRead('B', 7);
  while (store.getState().canStep) await store.getState().step();
  return (store.getState().snapshot?.redisLog ?? []).map((l) => Math.round(l.timeMs * 1000) / 1000);
}

describe('the sandbox latency model setting', () => {
  it('defaults to constant, as scenarios are written, and reaches the engine with its tail', () => {
    expect(DEFAULT_SANDBOX_CONFIG.latencyModel).toBe('constant');
    expect(
      toSimConfig({ ...DEFAULT_SANDBOX_CONFIG, latencyModel: 'lognormal', stallChance: 0.5 }),
    ).toMatchObject({ latencyModel: 'lognormal', latencyTail: 4, stallChance: 0.5, stallMs: 30 });
  });

  it('mergeConfig takes the model and the tail in their ranges and names what it refuses', () => {
    expect(
      mergeConfig(DEFAULT_SANDBOX_CONFIG, { latencyModel: 'lognormal', latencyTail: 8 }),
    ).toEqual({ config: { ...DEFAULT_SANDBOX_CONFIG, latencyModel: 'lognormal', latencyTail: 8 } });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { latencyModel: 'gamma' as never })).toEqual({
      error: 'latency model must be one of constant, lognormal, got "gamma"',
      setting: 'latencyModel',
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { latencyTail: 0.5 })).toEqual({
      error: 'tail (p99 / median) must be a number from 1 to 100, got 0.5',
      setting: 'latencyTail',
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { stallChance: NaN })).toEqual({
      error: 'stall chance must be a number from 0 to 1, got NaN',
      setting: 'stallChance',
    });
    // A field passes text that is no number as typed, and the refusal quotes it.
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { stallChance: 'half' })).toEqual({
      error: 'stall chance must be a number from 0 to 1, got "half"',
      setting: 'stallChance',
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { stallMs: 20_000 })).toEqual({
      error: 'stall must be a number from 0 to 10,000 ms, got 20000',
      setting: 'stallMs',
    });
  });

  it('the URL carries what differs from the defaults, and names a bad value', () => {
    const config = { latencyModel: 'lognormal', stallChance: 0.25, stallMs: 12.5 } as const;
    const { search } = viewLink(stateWith(config));
    expect(search).toBe('?latency=lognormal&stallchance=0.25&stallms=12.5');
    expect(parseViewParams(search)).toEqual({
      view: { scenarioId: null, config: { ...DEFAULT_SANDBOX_CONFIG, ...config }, inputs: [] },
      problems: [],
    });
    const bad = parseViewParams('?latency=normal&latencytail=1e9&stallchance=0.1');
    expect(bad.view.config).toEqual({ ...DEFAULT_SANDBOX_CONFIG, stallChance: 0.1 });
    expect(bad.problems).toEqual([
      'bad latency "normal": must be one of constant, lognormal',
      'bad latencytail "1e9": must be a number from 1 to 100',
    ]);
  });

  it('timed steps take round latencies under constant, seeded drawn ones under lognormal', async () => {
    expect(await timedStepTimes({})).toEqual([0.15, 0.15, 2.45, 2.45]);
    const drawn = await timedStepTimes({ latencyModel: 'lognormal' });
    expect(drawn).toHaveLength(4);
    expect(drawn).not.toEqual([0.15, 0.15, 2.45, 2.45]);
    // Seeded: the same settings give the same times; another seed, other times.
    expect(await timedStepTimes({ latencyModel: 'lognormal' })).toEqual(drawn);
    expect(await timedStepTimes({ latencyModel: 'lognormal', seed: 2 })).not.toEqual(drawn);
  });

  it('a scenario played under lognormal says the run left the script', () => {
    const sc = findScenario('stale-set');
    if (!sc) throw new Error('no stale-set scenario');
    const authored = {
      ...DEFAULT_SANDBOX_CONFIG,
      actorCount: sc.actors.length,
      writePolicy: sc.writePolicy,
      readMitigation: sc.readMitigation,
      ttlSeconds: sc.ttlSeconds,
    };
    expect(offScriptChanges(sc, authored)).toEqual([]);
    expect(offScriptChanges(sc, { ...authored, latencyModel: 'lognormal' })).toEqual([
      'Latency model: lognormal',
    ]);
  });
});

describe("the sandbox's database read latency and token numbering", () => {
  it('run the engine as set, are refused out of range, and ride in the link', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    expect(
      await store.getState().configure({
        readMitigation: 'single-flight',
        dbLatency: 100,
        tokensAfter: 10,
      }),
    ).toBeNull();
    await store.getState().startRead('B', 7);
    while (store.getState().canStep) await store.getState().step();
    const events = store.getState().snapshot!.events;
    expect(events.find((e) => e.command.startsWith('SET lock:'))?.command).toBe(
      'SET lock:user:7 B-11 NX PX 10000',
    );
    const select = events.find((e) => e.command.startsWith('SELECT'))!;
    expect(select.endMs - select.startMs).toBe(100);
    expect(viewLink(store.getState()).search).toContain(
      '&mitigation=single-flight&dblatency=100&tokensafter=10',
    );
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { tokensAfter: 1.5 })).toEqual({
      error: 'tokens numbered after must be a whole number from 0 to 1,000,000, got 1.5',
      setting: 'tokensAfter',
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { dbLatency: -1 })).toEqual({
      error: 'database read must be a number from 0 to 10,000 ms, got -1',
      setting: 'dbLatency',
    });
  });

  it("a scenario opens at its own database's latency, and another one leaves the script", () => {
    const sc = findScenario('expensive-miss');
    if (!sc?.dbLatencyMs) throw new Error('no expensive-miss scenario with a slow database');
    const authored = scenarioConfig(sc, { ...DEFAULT_SANDBOX_CONFIG, dbLatency: 7 });
    expect(authored.dbLatency).toBe(sc.dbLatencyMs);
    expect(offScriptChanges(sc, authored)).toEqual([]);
    expect(offScriptChanges(sc, { ...authored, dbLatency: 2, tokensAfter: 10 })).toEqual([
      'Database read: 2 ms',
      'Tokens numbered after: 10',
    ]);
  });
});
