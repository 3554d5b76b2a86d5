import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_SANDBOX_CONFIG, toSimConfig, type SandboxConfig } from './sandboxConfig';
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
      error: 'latency tail (p99 over median) must be a number from 1 to 100, got 0.5',
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
      error: 'stall length must be a number from 0 to 10,000 ms, got 20000',
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
