import { describe, expect, it } from 'vitest';
import type { LearnerSources } from '../engine/programs/learner';
import type { WorkloadConfig } from '../engine/workload';
import type { LabRunner, RunResult } from './labProtocol';
import { LEARNER_RUN_MAX_REQUESTS } from './labPrograms';
import { describeDifference } from './configDifference';
import { createLabStore } from './labStore';

/** Records what each run was asked for and ends it at once. */
function recordingRunner() {
  const asked: { config: WorkloadConfig; sources?: LearnerSources }[] = [];
  const runner: LabRunner = {
    run(config, _listener, sources) {
      asked.push({ config, sources });
      const result: RunResult = {
        summary: { requests: config.requests, hitRate: 0.5, stopped: false, config } as never,
        series: [],
        analyticHitRate: 0.5,
      };
      return { result: Promise.resolve(result), stop: () => undefined };
    },
  };
  return { runner, asked };
}

describe("the lab with the learner's programs", () => {
  it('runs ours while none are active', async () => {
    const { runner, asked } = recordingRunner();
    const store = createLabStore({ runner, now: () => 0, learnerSources: () => ({}) });
    await store.getState().runRequested();
    expect(asked[0].sources).toBeUndefined();
    expect(asked[0].config.requests).toBe(100_000);
    expect(store.getState().notice?.text).toMatch(/^Finished: /);
  });

  it('runs them in the worker, capped, and says so while running and after', async () => {
    const { runner, asked } = recordingRunner();
    const sources = { read: 'function* read(id) {}' };
    const store = createLabStore({ runner, now: () => 0, learnerSources: () => sources });
    const done = store.getState().runRequested();
    expect(store.getState().progress?.label).toMatch(
      /with your version of the programs, capped at 20,000 of the 100,000 requests asked for: your code runs in QuickJS/,
    );
    await done;
    expect(asked[0].sources).toEqual(sources);
    expect(asked[0].config.requests).toBe(LEARNER_RUN_MAX_REQUESTS);
    expect(store.getState().notice?.text).toMatch(
      /^Finished with your version of the programs, capped at 20,000 .*: 20,000 requests/,
    );
  });

  it('knows which of the learner’s paths run now, for the notes on the settings they override', async () => {
    const { runner } = recordingRunner();
    let sources: LearnerSources = { read: 'function* read(id) {}' };
    const store = createLabStore({ runner, now: () => 0, learnerSources: () => sources });
    expect(store.getState().learnerPaths).toEqual({ read: true, write: false });
    sources = { write: 'function* write(id, changes) {}' };
    store.getState().learnerProgramsChanged();
    expect(store.getState().learnerPaths).toEqual({ read: false, write: true });
    const before = store.getState().learnerPaths;
    store.getState().learnerProgramsChanged();
    expect(store.getState().learnerPaths).toBe(before);
    sources = {};
    store.getState().learnerProgramsChanged();
    expect(store.getState().learnerPaths).toEqual({ read: false, write: false });
  });

  it('leaves other patterns to ours (the learner writes cache-aside)', async () => {
    const { runner, asked } = recordingRunner();
    const store = createLabStore({
      runner,
      now: () => 0,
      learnerSources: () => ({ read: 'function* read(id) {}' }),
    });
    await store.getState().patternsCompared();
    expect(asked.map((a) => [a.config.pattern, a.sources !== undefined])).toEqual([
      ['cache-aside', true],
      ['write-through', false],
      ['write-behind', false],
      ['refresh-ahead', false],
    ]);
  });

  it('keeps in each compared row whose programs ran and the requests it ran', async () => {
    // The pattern comparison's cache-aside row ran the learner's read path, capped at 20,000
    // requests, beside ours at 100,000: its row recorded neither, and read as ours.
    const { runner } = recordingRunner();
    const store = createLabStore({
      runner,
      now: () => 0,
      learnerSources: () => ({ read: 'function* read(id) {}' }),
    });
    await store.getState().patternsCompared();
    const rows = store.getState().comparison;
    expect(rows.map((r) => [r.config.pattern, r.config.requests, r.yours])).toEqual([
      ['cache-aside', LEARNER_RUN_MAX_REQUESTS, { read: true, write: false }],
      ['write-through', 100_000, undefined],
      ['write-behind', 100_000, undefined],
      ['refresh-ahead', 100_000, undefined],
    ]);
    store.getState().comparisonCleared();
    await store.getState().comparisonRequested();
    expect(store.getState().comparison[0].config.requests).toBe(LEARNER_RUN_MAX_REQUESTS);
  });

  it("says a sweep ran the learner's programs, capped, when it ends and beside its table", async () => {
    // "Sweep finished: 2 TTLs." said nothing of the programs or the cap, and the table stayed
    // as ours would after Reset to ours.
    const { runner, asked } = recordingRunner();
    const store = createLabStore({
      runner,
      now: () => 0,
      learnerSources: () => ({ read: 'function* read(id) {}' }),
    });
    await store.getState().sweepRequested('10, 20');
    expect(asked.map((a) => [a.config.ttl, a.config.requests, a.sources !== undefined])).toEqual([
      [10, LEARNER_RUN_MAX_REQUESTS, true],
      [20, LEARNER_RUN_MAX_REQUESTS, true],
    ]);
    expect(store.getState().notice?.text).toMatch(
      /^Sweep finished with your version of the programs, capped at 20,000 of the 100,000 requests asked for: .*: 2 TTLs\.$/,
    );
    expect(store.getState().sweep?.yours).toEqual({ read: true, write: false });
  });

  it('does not name a difference in a setting your path took the place of', async () => {
    const { runner } = recordingRunner();
    const store = createLabStore({
      runner,
      now: () => 0,
      learnerSources: () => ({ read: 'function* read(id) {}' }),
    });
    await store.getState().comparisonRequested();
    store.getState().fieldEdited('readMitigation', 'lease');
    await store.getState().comparisonRequested();
    const [a, b] = store.getState().comparison;
    expect(b.yours).toEqual({ read: true, write: false });
    expect(describeDifference(b.config, a.config, b.yours, a.yours)).toBe(
      'as the baseline (readMitigation lease: unused in this run)',
    );
    expect(describeDifference(a.config, a.config)).toBe('same as the baseline');
    // With ours, the same two configs differ by the mitigation that took part.
    expect(describeDifference(b.config, a.config)).toBe('readMitigation lease');
  });

  it('says the hit rate leaves out the GETs Redis did not answer, and what the cache errors were', async () => {
    const runner: LabRunner = {
      run(config) {
        const summary = { requests: config.requests, hitRate: 0.939, cacheErrors: 1941 };
        const result = { summary: { ...summary, stopped: false, config }, series: [] };
        return {
          result: Promise.resolve({ ...result, analyticHitRate: 0.9 } as unknown as RunResult),
          stop: () => undefined,
        };
      },
    };
    const store = createLabStore({ runner, now: () => 0, learnerSources: () => ({}) });
    await store.getState().runRequested();
    expect(store.getState().notice?.text).toBe(
      'Finished: 100,000 requests, hit rate 93.90% of the GETs Redis answered; 1,941 cache errors (commands Redis refused or could not be reached for).',
    );
  });
});
