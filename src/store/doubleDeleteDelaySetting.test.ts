import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { findScenario } from '../scenarios';
import { DEFAULT_SANDBOX_CONFIG, scenarioConfig, toSimConfig } from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
import { createSandboxStore } from './sandboxStore';
import { offScriptChanges, promisedOutcome } from './scriptSettings';
import type { SandboxState } from './sandboxState';
import { parseViewParams, viewLink } from './urlState';

/** The writer's wait as the engine ran it: `wait N ms` of B's double-delete. */
async function waitOfWrite(delayMs: number): Promise<{ command: string; afterBack: string }> {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  expect(
    await store
      .getState()
      .configure({ writePolicy: 'double-delete', doubleDeleteDelayMs: delayMs }),
  ).toBeNull();
  await store.getState().startWrite('B', 7, { plan: 'team' });
  while (store.getState().canStep) await store.getState().step();
  const waitOf = () =>
    store.getState().snapshot?.events.find((e) => e.target === 'wait' && e.actor === 'B')
      ?.command ?? '';
  const command = waitOf();
  // Back rebuilds the run from the seed under the same settings.
  await store.getState().back();
  await store.getState().step();
  return { command, afterBack: waitOf() };
}

describe("the sandbox's double-delete delay setting", () => {
  it('reaches the programs as ctx.settings.doubleDeleteDelayMs, default 500', () => {
    expect(DEFAULT_SANDBOX_CONFIG.doubleDeleteDelayMs).toBe(500);
    expect(
      toSimConfig({ ...DEFAULT_SANDBOX_CONFIG, doubleDeleteDelayMs: 40 }).settings,
    ).toMatchObject({ doubleDeleteDelayMs: 40, ttlSeconds: DEFAULT_SANDBOX_CONFIG.ttlSeconds });
  });

  it('is checked by its schema, as every setting is', () => {
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { doubleDeleteDelayMs: 0.5 })).toEqual({
      config: { ...DEFAULT_SANDBOX_CONFIG, doubleDeleteDelayMs: 0.5 },
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { doubleDeleteDelayMs: -1 })).toEqual({
      error: 'double-delete delay must be a number from 0 to 600,000 ms, got -1',
      setting: 'doubleDeleteDelayMs',
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { doubleDeleteDelayMs: 'soon' })).toEqual({
      error: 'double-delete delay must be a number from 0 to 600,000 ms, got "soon"',
      setting: 'doubleDeleteDelayMs',
    });
  });

  it('the link carries it beside the write policy and reads it back', () => {
    const config = {
      ...DEFAULT_SANDBOX_CONFIG,
      writePolicy: 'double-delete',
      doubleDeleteDelayMs: 40,
    } as const;
    const state = { config, scenarioId: null, timeline: [], cursor: 0 } as unknown as SandboxState;
    const { search } = viewLink(state);
    expect(search).toBe('?policy=double-delete&ddelay=40');
    expect(parseViewParams(search)).toEqual({
      view: { scenarioId: null, config, inputs: [] },
      problems: [],
    });
  });

  it('the write waits the delay set, and Back replays it under the same delay', async () => {
    expect(await waitOfWrite(40)).toEqual({ command: 'wait 40 ms', afterBack: 'wait 40 ms' });
    expect((await waitOfWrite(2.5)).command).toBe('wait 2.5 ms');
  });

  it('a scenario is told for 500 ms: another delay under double-delete leaves the script, with no promise', () => {
    const sc = findScenario('stale-set');
    if (!sc) throw new Error('no stale-set scenario');
    const authored = scenarioConfig(sc, DEFAULT_SANDBOX_CONFIG);
    const fix = { ...authored, writePolicy: 'double-delete' } as const;
    expect(offScriptChanges(sc, fix)).toEqual(['Write policy: double-delete']);
    expect(promisedOutcome(sc, fix).outcome).not.toBeNull();
    const shorter = { ...fix, doubleDeleteDelayMs: 0.1 };
    expect(offScriptChanges(sc, shorter)).toEqual([
      'Write policy: double-delete',
      'Double-delete delay: 0.1 ms',
    ]);
    expect(promisedOutcome(sc, shorter)).toEqual({
      outcome: null,
      description:
        'The scenario makes no promise for these settings (Write policy: double-delete, Double-delete delay: 0.1 ms): judge the run from its steps.',
    });
    // Under another write policy the delay takes no part: still on the script.
    expect(offScriptChanges(sc, { ...authored, doubleDeleteDelayMs: 0.1 })).toEqual([]);
  });
});
