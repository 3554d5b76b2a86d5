import { describe, expect, it } from 'vitest';
import type { LearnerSources } from '../engine/programs/learner';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { draftFromConfig } from './labConfig';
import type { LabRunner, RunResult } from './labProtocol';
import { createLabStore } from './labStore';
import { LEARNER_RUN_MAX_REQUESTS } from './labPrograms';
import { comparisonDifferText, resultsDifferText, sweepDifferText } from './resultsMark';

const OURS = { read: false, write: false };
const ran = { config: { ...DEFAULT_WORKLOAD, ttl: 60 } };

/** Ends each run at once with its own config. */
const runner: LabRunner = {
  run(config) {
    const result: RunResult = {
      summary: { requests: config.requests, hitRate: 0.5, stopped: false, config } as never,
      series: [],
      analyticHitRate: 0.5,
    };
    return { result: Promise.resolve(result), stop: () => undefined };
  },
};

describe('results run with settings the fields no longer say', () => {
  it('are not marked while the fields say what they ran (a number as written another way too)', () => {
    expect(resultsDifferText(ran, draftFromConfig(ran.config), OURS)).toBeNull();
    const draft = { ...draftFromConfig(ran.config), ttl: ' 60.0 ' };
    expect(resultsDifferText(ran, draft, OURS)).toBeNull();
  });

  it('read a number as the field takes it: "1,000" is the 1,000 run, "0x10" no 16', () => {
    const keys = { config: { ...DEFAULT_WORKLOAD, keys: 1000 } };
    const draft = { ...draftFromConfig(keys.config), keys: '1,000' };
    expect(resultsDifferText(keys, draft, OURS)).toBeNull();
    const sixteen = { config: { ...DEFAULT_WORKLOAD, keys: 16 } };
    expect(
      resultsDifferText(sixteen, { ...draftFromConfig(sixteen.config), keys: '0x10' }, OURS),
    ).toMatch(/^Results of Keys \(rows\) 16; the fields now say Keys \(rows\) 0x10\./);
  });

  it('name each setting that differs, what it was and what the field says now', () => {
    const draft = { ...draftFromConfig(ran.config), ttl: '5', writePolicy: 'ttl-only', keys: '' };
    expect(resultsDifferText(ran, draft, OURS)).toBe(
      `Results of Keys (rows) ${ran.config.keys.toLocaleString('en-US')}, TTL 60 s, Write policy invalidate; the fields now say Keys (rows) empty, TTL 5 s, Write policy ttl-only. Run to see results for what the fields say now.`,
    );
  });

  it('name the faults scheduled since', () => {
    const draft = {
      ...draftFromConfig(ran.config),
      faults: [{ kind: 'cache-restart' as const, startSeconds: 5, durationSeconds: 0 }],
    };
    expect(resultsDifferText(ran, draft, OURS)).toMatch(
      /^Results of faults: none; the fields now say faults: Cache restart at 5 s\./,
    );
  });

  it("name the programs: ours against the learner's read path", () => {
    const draft = draftFromConfig(ran.config);
    expect(resultsDifferText(ran, draft, { read: true, write: false })).toBe(
      'Results of the settings the fields now say. They ran our programs; a run now would run your read path. Run to see results for what the fields say now.',
    );
    expect(resultsDifferText({ ...ran, yours: { read: true, write: false } }, draft, OURS)).toMatch(
      /They ran your read path; a run now would run ours\./,
    );
    // Another pattern runs ours whatever the sandbox holds: no mark for the programs.
    const writeThrough = { ...ran, config: { ...ran.config, pattern: 'write-through' as const } };
    expect(
      resultsDifferText(writeThrough, draftFromConfig(writeThrough.config), {
        read: true,
        write: false,
      }),
    ).toBeNull();
  });

  it('in the store: a run keeps whose programs it ran; the mark goes when the fields are put back', async () => {
    let sources: LearnerSources = { read: 'function* read(id) {}' };
    const store = createLabStore({ runner, now: () => 0, learnerSources: () => sources });
    store.getState().fieldEdited('ttl', '60');
    await store.getState().runRequested();
    const mark = () => {
      const s = store.getState();
      return s.current && resultsDifferText(s.current, s.draft, s.learnerPaths);
    };
    expect(mark()).toBeNull();
    store.getState().fieldEdited('ttl', '5');
    expect(mark()).toMatch(/^Results of TTL 60 s; the fields now say TTL 5 s\./);
    store.getState().fieldEdited('ttl', '60');
    expect(mark()).toBeNull();
    sources = {};
    store.getState().learnerProgramsChanged();
    expect(mark()).toMatch(/They ran your read path; a run now would run ours\./);
    await store.getState().runRequested();
    expect(mark()).toBeNull();
  });
});

describe('a sweep and a comparison run with settings the fields no longer say', () => {
  it('mark the sweep by every setting but the TTL, which its own list replaces', async () => {
    const store = createLabStore({ runner, now: () => 0 });
    await store.getState().sweepRequested('1, 5');
    const mark = () => {
      const s = store.getState();
      return s.sweep && sweepDifferText(s.sweep, s.draft, s.learnerPaths);
    };
    expect(store.getState().sweep?.points).toHaveLength(2);
    expect(mark()).toBeNull();
    store.getState().fieldEdited('ttl', '300');
    expect(mark()).toBeNull();
    store.getState().fieldEdited('keys', '50');
    expect(mark()).toBe(
      'Sweep of Keys (rows) 1,000; the fields now say Keys (rows) 50. Run sweep to sweep what the fields say now.',
    );
    store.getState().fieldEdited('keys', '1,000');
    expect(mark()).toBeNull();
  });

  it('mark the comparison while no configuration ran what the fields say, naming the nearest', async () => {
    const store = createLabStore({ runner, now: () => 0 });
    const mark = () => {
      const s = store.getState();
      return comparisonDifferText(s.comparison, s.draft, s.learnerPaths);
    };
    store.getState().fieldEdited('ttl', '60');
    await store.getState().comparisonRequested();
    store.getState().fieldEdited('ttl', '5');
    await store.getState().comparisonRequested();
    expect(mark()).toBeNull();
    store.getState().fieldEdited('ttl', '60');
    expect(mark()).toBeNull();
    store.getState().fieldEdited('ttl', '30');
    expect(mark()).toBe(
      'No configuration compared ran what the fields say now: A ran TTL 60 s; the fields now say TTL 30 s. Add current settings to comparison to run them.',
    );
    // The patterns compared: the row of the fields' pattern is theirs.
    store.getState().fieldEdited('pattern', 'write-through');
    await store.getState().patternsCompared();
    expect(store.getState().comparison).toHaveLength(4);
    expect(mark()).toBeNull();
    store.getState().fieldEdited('seed', '2');
    expect(mark()).toMatch(
      /^No configuration compared ran what the fields say now: B ran Seed 1; the fields now say Seed 2\./,
    );
  });

  it("take a row of the learner's programs, capped, for the requests asked for above the cap", async () => {
    let sources: LearnerSources = { read: 'function* read(id) {}' };
    const store = createLabStore({ runner, now: () => 0, learnerSources: () => sources });
    store.getState().learnerProgramsChanged();
    store.getState().fieldEdited('requests', '100000');
    await store.getState().comparisonRequested();
    const mark = () => {
      const s = store.getState();
      return comparisonDifferText(s.comparison, s.draft, s.learnerPaths);
    };
    expect(store.getState().comparison[0].config.requests).toBe(LEARNER_RUN_MAX_REQUESTS);
    expect(mark()).toBeNull();
    // Ours would run all 100,000: both differences are named.
    sources = {};
    store.getState().learnerProgramsChanged();
    expect(mark()).toBe(
      'No configuration compared ran what the fields say now: A ran Requests 20,000; the fields now say Requests 100000. A ran your read path; a run now would run ours. Add current settings to comparison to run them.',
    );
  });
});
