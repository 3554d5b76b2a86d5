import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG, toSimConfig } from './sandboxConfig';
import { mergeConfig } from './sandboxSchema';
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
      ).toEqual({ error: `scheduler must be one of manual, timed, got ${JSON.stringify(bad)}` });
    // Left empty, it is missing rather than out of range.
    expect(mergeConfig(DEFAULT_SANDBOX_CONFIG, { scheduler: '' as never })).toEqual({
      error: 'scheduler is missing: it must be one of manual, timed',
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
