import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { findScenario } from '../scenarios';
import { createSandboxStore } from './sandboxStore';
import type { SandboxState } from './sandboxState';
import { offScriptChanges } from './scriptSettings';
import { DEFAULT_SANDBOX_CONFIG, toSimConfig } from './sandboxConfig';
import { configurePatch, mergeConfig } from './sandboxSchema';
import { storedSettingsSchema } from './storedSettings';
import { parseViewParams, viewLink } from './urlState';

const stateWith = (patch: Partial<SandboxState['config']>, scenarioId: string | null = null) =>
  ({
    config: { ...DEFAULT_SANDBOX_CONFIG, ...patch },
    scenarioId,
    timeline: [],
    cursor: 0,
  }) as unknown as SandboxState;

describe('the sandbox pattern setting', () => {
  it('defaults to cache-aside and reaches the engine', () => {
    expect(DEFAULT_SANDBOX_CONFIG.pattern).toBe('cache-aside');
    expect(toSimConfig({ ...DEFAULT_SANDBOX_CONFIG, pattern: 'write-behind' })).toMatchObject({
      pattern: 'write-behind',
    });
  });

  it('is checked like every setting: controls, configure(), the URL and saved settings', () => {
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { pattern: 'write-through' })).toEqual({
      config: { ...DEFAULT_SANDBOX_CONFIG, pattern: 'write-through' },
    });
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { pattern: 'write-around' as never })).toEqual({
      error:
        'caching pattern must be one of cache-aside, read-through, write-through, write-behind, refresh-ahead, got "write-around"',
      setting: 'pattern',
    });
    expect(configurePatch({ pattern: 'refresh-ahead' })).toEqual({
      ok: true,
      value: { pattern: 'refresh-ahead' },
    });
    const { search } = viewLink(stateWith({ pattern: 'write-behind' }));
    expect(search).toBe('?pattern=write-behind');
    expect(parseViewParams(search).view.config.pattern).toBe('write-behind');
    expect(parseViewParams('?pattern=nope').problems).toEqual([
      'bad pattern "nope": must be one of cache-aside, read-through, write-through, write-behind, refresh-ahead',
    ]);
    // Settings saved before the field existed take the default.
    const older: Partial<typeof DEFAULT_SANDBOX_CONFIG> = { ...DEFAULT_SANDBOX_CONFIG };
    delete older.pattern;
    const stored = storedSettingsSchema.parse({
      version: 2,
      sandbox: older,
      speed: 1,
      presenter: {},
      quiz: {},
    });
    expect(stored.sandbox.pattern).toBe('cache-aside');
  });

  it("a scenario's pattern is its authored setting: its link omits it, another pattern is off the script", () => {
    const sc = findScenario('write-behind-lost');
    if (!sc) throw new Error('no write-behind-lost scenario');
    const own = parseViewParams('?scenario=write-behind-lost').view.config;
    expect(own.pattern).toBe('write-behind');
    expect(viewLink(stateWith(own, sc.id)).search).toBe('?scenario=write-behind-lost');
    expect(offScriptChanges(sc, own)).toEqual([]);
    expect(offScriptChanges(sc, { ...own, pattern: 'write-through' })).toEqual([
      'Pattern: write-through',
    ]);
  });

  it('the store runs the chosen pattern: write-through sends its UPDATE through the cache', async () => {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    expect(await store.getState().configure({ pattern: 'write-through' })).toBeNull();
    await store.getState().startWrite('A', 3, { plan: 'team' });
    while (store.getState().canStep) await store.getState().step();
    const events = store.getState().snapshot!.events;
    expect(events.map((e) => [e.command.split(' ')[0], e.via ?? 'app'])).toEqual([
      ['UPDATE', 'cache'],
      ['EVAL', 'cache'],
    ]);
    expect(store.getState().snapshot!.sqlLog.map((l) => l.actor)).toContain('cache');
  });
});
