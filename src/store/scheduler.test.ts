import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_SANDBOX_CONFIG, toSimConfig } from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
import { createSandboxStore } from './sandboxStore';
import type { SandboxState } from './sandboxState';
import type { TimelineEntry } from './timeline';
import { parseViewParams, viewLink } from './urlState';

/** Just what `viewLink` reads of the store's state. */
const stateWith = (
  patch: Partial<SandboxState['config']>,
  timeline: TimelineEntry[] = [],
): SandboxState =>
  ({
    config: { ...DEFAULT_SANDBOX_CONFIG, ...patch },
    scenarioId: null,
    timeline,
    cursor: timeline.length,
  }) as SandboxState;

describe('the sandbox scheduler setting', () => {
  it('defaults to manual and reaches the engine config', () => {
    expect(DEFAULT_SANDBOX_CONFIG.scheduler).toBe('manual');
    expect(toSimConfig({ ...DEFAULT_SANDBOX_CONFIG, scheduler: 'timed' }).scheduler).toBe('timed');
  });

  it('mergeConfig takes manual or timed and refuses anything else, naming the valid ones', () => {
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { scheduler: 'timed' })).toEqual({
      config: { ...DEFAULT_SANDBOX_CONFIG, scheduler: 'timed' },
    });
    for (const bad of ['scripted', 'Timed', 3])
      expect(
        mergeConfig(DEFAULT_SANDBOX_CONFIG, { scheduler: bad as never, ttlSeconds: 5 }),
      ).toEqual({
        error: `scheduler must be one of manual, timed, got ${JSON.stringify(bad)}`,
        setting: 'scheduler',
      });
    // Left empty, it is missing rather than out of range.
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { scheduler: '' as never })).toEqual({
      error: 'scheduler is missing: it must be one of manual, timed',
      setting: 'scheduler',
    });
  });

  it('the URL carries it: timed round-trips, manual is left out, a bad value is named', () => {
    const { search } = viewLink(stateWith({ scheduler: 'timed' }));
    expect(search).toBe('?scheduler=timed');
    expect(parseViewParams(search)).toEqual({
      view: {
        scenarioId: null,
        config: { ...DEFAULT_SANDBOX_CONFIG, scheduler: 'timed' },
        inputs: [],
      },
      problems: [],
    });
    expect(viewLink(stateWith({ scheduler: 'manual' })).search).toBe('');
    const bad = parseViewParams('?scheduler=fast&ttl=60');
    expect(bad.view.config).toEqual({ ...DEFAULT_SANDBOX_CONFIG, ttlSeconds: 60 });
    expect(bad.problems).toEqual(['bad scheduler "fast": must be one of manual, timed']);
  });

  it('a link carrying a run keeps the scheduler beside it', () => {
    const read = (actor: string): TimelineEntry => ({
      kind: 'input',
      input: { type: 'read', actor, id: 5 },
      actions: [{ type: 'read', actor, id: 5 }],
      commandsAfter: 0,
    });
    const { search } = viewLink(stateWith({ scheduler: 'timed' }, [read('A'), read('B')]));
    const { view, problems } = parseViewParams(search);
    expect(problems).toEqual([]);
    expect(view.config.scheduler).toBe('timed');
    expect(view.inputs).toEqual([
      { type: 'read', actor: 'A', id: 5 },
      { type: 'read', actor: 'B', id: 5 },
    ]);
  });
});

describe("README's Try it under Scheduling", () => {
  it('quotes the time the log shows for both GETs, and the SELECTs they and single-flight send', async () => {
    const play = async (readMitigation: 'none' | 'single-flight') => {
      const store = createSandboxStore();
      await store.getState().start(await loadSqlJsNode());
      expect(await store.getState().configure({ scheduler: 'timed', readMitigation })).toBeNull();
      await store.getState().startRead('A', 123);
      await store.getState().startRead('B', 123);
      while (store.getState().canStep) await store.getState().step();
      return store.getState().snapshot!;
    };
    const plain = await play('none');
    const gets = plain.redisLog.filter((l) => l.argv[0] === 'GET').slice(0, 2);
    expect(gets.map((l) => l.actor)).toEqual(['A', 'B']);
    expect(gets.map((l) => l.reply)).toEqual([null, null]);
    // The log prints virtual seconds with six decimals.
    const at = (gets[0].timeMs / 1000).toFixed(6);
    expect(gets[1].timeMs).toBe(gets[0].timeMs);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const from = readme.indexOf('- **Scheduling**');
    const tryIt = readme.slice(from, readme.indexOf('- **Eviction**', from));
    expect(tryIt).toContain(`Both GET at ${at}`);
    expect(tryIt).toContain('the database is read twice');
    expect(plain.stats.dbReads).toBe(2);
    expect((await play('single-flight')).stats.dbReads).toBe(1);
  });
});
