import { describe, expect, it } from 'vitest';
import type { MetricsBucket } from '../engine/metrics';
import {
  DEFAULT_WORKLOAD,
  type Fault,
  type WorkloadConfig,
  type WorkloadSummary,
} from '../engine/workload';
import type { LabRunner, RunListener, RunResult } from './labProtocol';
import { createLabStore } from './labStore';
import { parseTtlList } from './sweepTtls';
import { draftFromConfig, queryToInput } from './labConfig';

/** A runner the test drives: each run waits until the test finishes or the store stops it. */
function fakeRunner() {
  const runs: {
    config: WorkloadConfig;
    listener: RunListener;
    finish: (stopped?: boolean) => void;
    isStopped: boolean;
  }[] = [];
  const runner: LabRunner = {
    run(config, listener) {
      let resolve!: (r: RunResult) => void;
      const result = new Promise<RunResult>((r) => (resolve = r));
      const entry = {
        config,
        listener,
        isStopped: false,
        finish: (stopped = false) =>
          resolve({
            summary: summaryOf(config, stopped),
            series: [bucketAt(0)],
            analyticHitRate: 0.9,
          }),
      };
      runs.push(entry);
      return { result, stop: () => ((entry.isStopped = true), entry.finish(true)) };
    },
  };
  return { runner, runs };
}

const bucketAt = (t: number) => ({ t, requests: 1 }) as MetricsBucket;
const summaryOf = (config: WorkloadConfig, stopped: boolean) =>
  ({
    requests: 1,
    hitRate: config.ttl / 100,
    staleReadRate: 0,
    stopped,
    config,
  }) as WorkloadSummary;
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const fake = fakeRunner();
  let now = 0;
  const store = createLabStore({ runner: fake.runner, now: () => now });
  return { store, ...fake, advance: (ms: number) => (now += ms) };
}

describe('a run', () => {
  it('streams buckets into the current run and ends with its summary', async () => {
    const { store, runs, advance } = setup();
    const done = store.getState().runRequested();
    expect(store.getState().progress).toMatchObject({ job: 'run', done: 0 });
    runs[0].listener.onStart(0.8);
    advance(1000);
    runs[0].listener.onProgress({
      done: 50_000,
      total: 100_000,
      clockMs: 1,
      buckets: [bucketAt(0)],
    });
    expect(store.getState().current?.series).toHaveLength(1);
    expect(store.getState().current?.analyticHitRate).toBe(0.8);
    expect(store.getState().progress?.fraction).toBe(0.5);
    // One report is no pace: the bar says it is estimating.
    expect(store.getState().progress?.etaMs).toBeNull();
    runs[0].finish();
    expect(await done).toMatchObject({ stopped: false });
    expect(store.getState().progress).toBeNull();
    expect(store.getState().notice?.text).toMatch(/^Finished/);
  });

  it('counts a run whose requests finish late by the virtual time it has covered', async () => {
    const { store, runs, advance } = setup();
    // 100,000 requests at 1,000 a second span 100 s of virtual time.
    store.getState().fieldEdited('requests', '100000');
    store.getState().fieldEdited('rate', '1000');
    store.getState().fieldEdited('dbLatency', '10000');
    void store.getState().runRequested();
    // Ten-second reads: few requests have finished, the work goes by virtual time, 10 s a second.
    for (let t = 0; t <= 6000; t += 250) {
      runs[0].listener.onProgress({ done: 500, total: 100_000, clockMs: t * 10, buckets: [] });
      if (t < 6000) advance(250);
    }
    expect(store.getState().progress?.fraction).toBeCloseTo(0.6);
    expect(store.getState().progress?.etaMs).toBeCloseTo(4000);
    // Past the last arrival the time covered stops short of the end: the last reads still run.
    runs[0].listener.onProgress({ done: 90_000, total: 100_000, clockMs: 105_000, buckets: [] });
    expect(store.getState().progress?.fraction).toBe(0.99);
    runs[0].finish();
  });

  it('estimates the time left from the recent pace of the requests, not the seeding before them', () => {
    const { store, runs, advance } = setup();
    store.getState().fieldEdited('keys', '1000000');
    store.getState().fieldEdited('requests', '100000');
    void store.getState().runRequested();
    runs[0].listener.onStart(null);
    // A million rows take a minute to seed; then 2% of the requests a second.
    advance(30_000);
    runs[0].listener.onSeeding?.(500_000, 1_000_000);
    advance(30_000);
    runs[0].listener.onSeeding?.(1_000_000, 1_000_000);
    for (let t = 250; t <= 5000; t += 250) {
      advance(250);
      runs[0].listener.onProgress({ done: t * 2, total: 100_000, clockMs: 1, buckets: [] });
    }
    expect(store.getState().progress?.fraction).toBeCloseTo(0.1);
    expect(store.getState().progress?.etaMs).toBeCloseTo(45_000);
  });

  it('says no time left while the run warms up, then the time its pace at speed gives', () => {
    // 2,000,000 requests at 100,000 req/s (20 s of virtual time): the first 1% take 2 s (the
    // worker, the wasm, the JIT), the rest go at 25% a second. Paced since the start, the bar
    // said half a minute (28 s) when 4 s were left.
    const { store, runs, advance } = setup();
    store.getState().fieldEdited('requests', '2000000');
    store.getState().fieldEdited('rate', '100000');
    void store.getState().runRequested();
    runs[0].listener.onStart(null);
    const fractionAt = (t: number) =>
      t <= 2000 ? 0.01 * (t / 2000) : 0.01 + 0.25 * ((t - 2000) / 1000);
    for (let t = 250; t <= 4000; t += 250) {
      advance(250);
      const fraction = fractionAt(t);
      runs[0].listener.onProgress({
        done: Math.round(fraction * 2_000_000),
        total: 2_000_000,
        clockMs: fraction * 20_000,
        buckets: [],
      });
      // No number until the pace of the run at speed has lasted a second.
      if (t < 3250) expect(store.getState().progress?.etaMs).toBeNull();
    }
    // 51% done at 25% a second: about 2 s left.
    expect(store.getState().progress?.etaMs).toBeCloseTo(1960);
  });

  it('labels a run of one request in the singular', () => {
    const { store } = setup();
    store.getState().fieldEdited('requests', '1');
    void store.getState().runRequested();
    expect(store.getState().progress?.label).toBe('Running 1 request');
  });

  it('stops at once and keeps what ran', async () => {
    const { store, runs } = setup();
    const done = store.getState().runRequested();
    store.getState().stopRequested();
    expect(runs[0].isStopped).toBe(true);
    expect(await done).toMatchObject({ stopped: true });
    expect(store.getState().current?.summary?.stopped).toBe(true);
    expect(store.getState().notice?.text).toMatch(/^Stopped/);
  });

  it('is refused with out-of-range settings, and the last run stays', async () => {
    const { store, runs } = setup();
    const first = store.getState().runRequested();
    runs[0].finish();
    await first;
    const shown = store.getState().current;
    store.getState().fieldEdited('keys', '0');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: one setting is out of range. The last run stays on screen.',
    );
    expect(store.getState().notice?.text).toBe(
      'Run refused: one setting is out of range. The last run stays on screen.',
    );
    expect(runs).toHaveLength(1);
    expect(store.getState().current).toBe(shown);
    expect(store.getState().errors[0]).toMatchObject({
      field: 'keys',
      text: expect.stringMatching(/^Keys \(rows\) must be a whole number/),
    });
  });
});

describe('a comparison', () => {
  it('holds up to four configurations, named A to D', async () => {
    const { store, runs } = setup();
    for (let i = 0; i < 5; i++) {
      const p = store.getState().comparisonRequested();
      runs.at(-1)?.finish();
      await p;
    }
    expect(runs).toHaveLength(4);
    expect(store.getState().comparison.map((r) => r.name)).toEqual(['A', 'B', 'C', 'D']);
    expect(store.getState().notice?.text).toMatch(/Up to 4/);
    store.getState().comparisonRemoved(store.getState().comparison[1].id);
    const p = store.getState().comparisonRequested();
    runs.at(-1)?.finish();
    await p;
    expect(store.getState().comparison.map((r) => r.name)).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('comparing the patterns', () => {
  it('a stop says the comparison is not whole, and keeps the stopped run marked', async () => {
    const { store, runs } = setup();
    const p = store.getState().patternsCompared();
    await flush();
    runs[0].finish();
    await flush();
    store.getState().stopRequested();
    await p;
    const compared = store.getState().comparison;
    expect(compared.map((r) => r.summary?.stopped)).toEqual([false, true]);
    expect(store.getState().notice?.text).toBe(
      'Pattern comparison stopped: 1 of 4 patterns ran in full; a run stopped early is marked and is not comparable.',
    );
  });

  it('a whole comparison says so', async () => {
    const { store, runs } = setup();
    const p = store.getState().patternsCompared();
    for (let i = 0; i < 4; i++) {
      await flush();
      runs[i].finish();
    }
    await p;
    expect(store.getState().notice?.text).toBe('4 patterns compared on the same seeded workload.');
  });
});

describe('a sweep', () => {
  it('runs one TTL after another and a stop keeps the points done', async () => {
    const { store, runs } = setup();
    const p = store.getState().sweepRequested('30, 10, 60');
    await flush();
    expect(runs[0].config.ttl).toBe(10);
    runs[0].finish();
    await flush();
    expect(runs[1].config.ttl).toBe(30);
    store.getState().stopRequested();
    await p;
    expect(runs).toHaveLength(2);
    expect(store.getState().sweep?.points.map((pt) => pt.ttl)).toEqual([10]);
    expect(store.getState().notice?.text).toBe('Sweep stopped after 1 of 3 TTLs.');
  });

  it('is not refused over the TTL field it replaces', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('ttl', 'abc');
    const p = store.getState().sweepRequested('10, 20');
    await flush();
    expect(store.getState().notice).toBeNull();
    expect(store.getState().progress).toMatchObject({ job: 'sweep' });
    expect(runs[0].config.ttl).toBe(10);
    runs[0].finish();
    await flush();
    expect(runs[1].config.ttl).toBe(20);
    runs[1].finish();
    await p;
    expect(store.getState().notice?.text).toBe('Sweep finished: 2 TTLs.');
    // The field still holds what was typed; another bad field still refuses, named alone.
    expect(store.getState().draft.ttl).toBe('abc');
    store.getState().fieldEdited('keys', '0');
    await store.getState().sweepRequested('10, 20');
    expect(store.getState().notice?.text).toMatch(/^Sweep refused: /);
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys']);
    expect(runs).toHaveLength(2);
  });

  it('estimates the time left: this run by its recent pace, each run to come as the runs so far took', () => {
    const { store, runs, advance } = setup();
    store.getState().fieldEdited('keys', '1000000');
    store.getState().fieldEdited('requests', '100000');
    void store.getState().sweepRequested('10, 20');
    runs[0].listener.onStart(null);
    advance(60_000);
    runs[0].listener.onSeeding?.(1_000_000, 1_000_000);
    // Half the first run's requests in 5 s: 5 s left of it, then a second run of 60 + 10 s.
    for (let t = 250; t <= 5000; t += 250) {
      advance(250);
      runs[0].listener.onProgress({ done: t * 10, total: 100_000, clockMs: 1, buckets: [] });
    }
    expect(store.getState().progress?.fraction).toBeCloseTo(0.25);
    expect(store.getState().progress?.etaMs).toBeCloseTo(5000 + 70_000);
    store.getState().stopRequested();
  });

  it('needs 2 to 12 TTLs above 0', () => {
    expect(parseTtlList('1, 2,3')).toEqual({ ttls: [1, 2, 3] });
    expect(parseTtlList('5')).toHaveProperty('error');
    expect(parseTtlList('1, 0')).toHaveProperty('error');
    // One range in every refusal, the one the hint gives: above 0, where 0 (no expiry) is no point.
    const range = 'must be a number above 0 and at most 31,536,000 s, in steps of 0.001';
    expect(parseTtlList('1, x')).toEqual({ error: `TTL "x" ${range}` });
    expect(parseTtlList('1, 0')).toEqual({ error: `TTL "0" ${range}` });
    expect(parseTtlList('-1, 3')).toEqual({ error: `TTL "-1" ${range}` });
    expect(parseTtlList('3, 1e9')).toEqual({ error: `TTL "1e9" ${range}` });
    expect(parseTtlList('2, 2')).toEqual({ error: 'a sweep needs 2 to 12 different TTLs, got 1' });
    // A TTL the run would refuse is refused here, at the list, in the same words.
    expect(parseTtlList('0.001, 0.0025')).toEqual({ error: `TTL "0.0025" ${range}` });
    // Far finer than a millisecond, it ran as PX 1 while the table named another TTL.
    expect(parseTtlList('1, 1e-19')).toEqual({ error: `TTL "1e-19" ${range}` });
    // Commas separate the TTLs: a number written with a thousands separator is two TTLs, and
    // the refusal of the part after the comma says so rather than leave "000" unexplained.
    expect(parseTtlList('1,000, 2,000')).toEqual({
      error: `TTL "000" ${range} (commas separate the TTLs here: write 1000, not 1,000)`,
    });
    expect(parseTtlList('30, 12,000,000')).toEqual({
      error: `TTL "000" ${range} (commas separate the TTLs here: write 12000000, not 12,000,000)`,
    });
    expect(parseTtlList('0.001, 0.002')).toEqual({ ttls: [0.001, 0.002] });
  });

  it('says the sweep limit the hint gives for a long list, not a larger one', () => {
    // 300 TTLs were refused as "a sweep lists at most 256 TTLs", so 200 looked allowed; it is not.
    const ttls = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');
    expect(parseTtlList(ttls(300))).toEqual({
      error: 'a sweep needs 2 to 12 different TTLs, got a list of 300',
    });
    expect(parseTtlList(ttls(200))).toEqual({
      error: 'a sweep needs 2 to 12 different TTLs, got 200',
    });
  });
});

it('an import with a bad setting changes nothing but the notice', () => {
  const { store } = setup();
  const draft = store.getState().draft;
  expect(store.getState().configImported('bad.json', '{"ttl": -1}')).toBe(false);
  expect(store.getState().draft).toBe(draft);
  expect(store.getState().notice?.tone).toBe('error');
  expect(store.getState().configImported('ok.json', '{"ttl": 3}')).toBe(true);
  expect(store.getState().draft.ttl).toBe('3');
});

const fault: Fault = { kind: 'cache-down', startSeconds: 5, durationSeconds: 3 };

it('an import sets the settings the file names and keeps every control it does not name', () => {
  const { store } = setup();
  store.getState().fieldEdited('keys', '50');
  store.getState().fieldEdited('zipf', 'abc');
  store.getState().faultScheduled(fault);
  // Read as every default, `{"ttl": 3}` put keys back to 1000 and dropped the fault unsaid.
  expect(store.getState().configImported('ttl.json', '{"ttl": 3, "writePolicy": "ttl-only"}')).toBe(
    true,
  );
  expect(store.getState().draft).toMatchObject({
    ttl: '3',
    writePolicy: 'ttl-only',
    keys: '50',
    zipf: 'abc',
    faults: [fault],
  });
  expect(store.getState().notice).toEqual({
    tone: 'info',
    text: 'Imported ttl.json: it sets TTL and Write policy; the other controls are as they were. Press Run to run it.',
  });
  // A file that names a fault list replaces the schedule, an empty one included.
  expect(store.getState().configImported('none.json', '{"faults": []}')).toBe(true);
  expect(store.getState().draft.faults).toEqual([]);
  expect(store.getState().draft.keys).toBe('50');
  // An export names every setting: the controls are the file's.
  const all = JSON.stringify({ ...DEFAULT_WORKLOAD, keys: 9 });
  expect(store.getState().configImported('all.json', all)).toBe(true);
  expect(store.getState().draft).toEqual(draftFromConfig({ ...DEFAULT_WORKLOAD, keys: 9 }));
  expect(store.getState().notice?.text).toBe('Imported all.json. Press Run to run it.');
});

it('an import of a file that names no setting is refused and changes nothing', () => {
  const { store } = setup();
  store.getState().fieldEdited('ttl', '7');
  const draft = store.getState().draft;
  expect(store.getState().configImported('empty.json', '{}')).toBe(false);
  expect(store.getState().draft).toBe(draft);
  expect(store.getState().notice).toEqual({
    tone: 'error',
    text: 'Could not import empty.json: the file names no setting: a settings file names what it sets, like {"ttl": 60}. Nothing was changed.',
  });
});

it('an import with many bad faults lists the first five, counts the rest, and changes nothing', () => {
  const { store } = setup();
  store.getState().fieldEdited('ttl', '7');
  const draft = store.getState().draft;
  const faults = Array.from({ length: 100 }, (_, i) => ({
    kind: 'cache-down',
    startSeconds: -i - 1,
    durationSeconds: 5,
  }));
  expect(store.getState().configImported('many.json', JSON.stringify({ faults }))).toBe(false);
  const listed = [1, 2, 3, 4, 5].map(
    (n) => `faults[${n - 1}].startSeconds must be a number from 0 to 86,400, got -${n}`,
  );
  expect(store.getState().notice).toEqual({
    tone: 'error',
    text: `Could not import many.json: ${listed.join('; ')}; and 95 more. Nothing was changed.`,
  });
  expect(store.getState().draft).toBe(draft);
});

describe('the field errors on the controls', () => {
  const refusedRun = async () => {
    const fixture = setup();
    fixture.store.getState().fieldEdited('keys', '0');
    fixture.store.getState().fieldEdited('zipf', '9');
    await fixture.store.getState().runRequested();
    expect(fixture.store.getState().errors.map((e) => e.field)).toEqual(['keys', 'zipf']);
    return fixture;
  };

  it('stay under a failed import, whose problems are in its notice: the controls still hold them', async () => {
    const { store } = await refusedRun();
    expect(store.getState().configImported('bad.json', '{"ttl": -1}')).toBe(false);
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys', 'zipf']);
    expect(store.getState().notice).toEqual({
      tone: 'error',
      text: 'Could not import bad.json: ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got -1. Nothing was changed.',
    });
  });

  it('stay under a sweep refused for its TTLs: the controls still hold the values refused', async () => {
    const { store } = await refusedRun();
    await store.getState().sweepRequested('abc');
    expect(store.getState().notice?.text).toMatch(/^Sweep refused: TTL "abc"/);
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys', 'zipf']);
  });

  it('keep the TTL field marked through a sweep, which replaces it, while it holds "abc"', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('ttl', 'abc');
    await store.getState().runRequested();
    const mark = store.getState().errors;
    expect(mark.map((e) => e.field)).toEqual(['ttl']);
    const sweep = store.getState().sweepRequested('10, 20');
    await flush();
    expect(store.getState().progress).toMatchObject({ job: 'sweep' });
    expect(store.getState().errors).toEqual(mark);
    runs[0].finish();
    await flush();
    runs[1].finish();
    await sweep;
    expect(store.getState().notice?.text).toBe('Sweep finished: 2 TTLs.');
    expect(store.getState().errors).toEqual(mark);
    // Another field refused by a sweep is marked beside it.
    store.getState().fieldEdited('keys', '0');
    await store.getState().sweepRequested('10, 20');
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys', 'ttl']);
  });

  it('stay on a control edited to another bad value, saying it, and go once it is valid', async () => {
    const { store } = await refusedRun();
    store.getState().fieldEdited('zipf', '8');
    expect(store.getState().errors.map((e) => [e.field, e.text])).toEqual([
      ['keys', expect.stringContaining('got "0"')],
      ['zipf', expect.stringContaining('got "8"')],
    ]);
    store.getState().fieldEdited('zipf', '1');
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys']);
    store.getState().fieldEdited('keys', '10');
    expect(store.getState().errors).toEqual([]);
  });

  it('leave a control once it is changed: its value is no longer the one refused', async () => {
    const { store } = await refusedRun();
    store.getState().fieldEdited('keys', '10');
    expect(store.getState().errors.map((e) => e.field)).toEqual(['zipf']);
    // The alert still says what the Run refused, and lists it.
    expect(store.getState().notice?.text).toMatch(/^Run refused: 2 settings are out of range/);
    expect(store.getState().notice?.refusals?.map((e) => e.field)).toEqual(['keys', 'zipf']);
  });

  it('are not set by settings from a link: the controls do not hold them, the alert lists them', () => {
    const { store } = setup();
    expect(store.getState().settingsLoaded({ ttl: '-1' }, 'the link')).toBeNull();
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().draft.ttl).toBe('60');
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toEqual([
      'ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got "-1"',
    ]);
    // The alert says which value is in use: until 2026-12-07 it left the 60 in the field unsaid.
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one setting is out of range. The controls keep what they held: ttl 60. Nothing has run yet.',
    );
  });
});

describe('refused settings', () => {
  it('says a setting is unknown, not out of range, and that nothing ran when nothing has', () => {
    const { store } = setup();
    expect(store.getState().settingsLoaded({ foo: '1', ttl: '30' }, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one setting is unknown. Nothing has run yet.',
    );
  });

  it('says a link whose faults are no list (faults=garbage) is not a fault list, with the form, not out of range', () => {
    const { store } = setup();
    const input = queryToInput('#/lab?faults=garbage&ttl=-1');
    expect(store.getState().settingsLoaded(input, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: faults must be a list of faults, written as JSON (for example [{"kind":"cache-down","startSeconds":5,"durationSeconds":3}]), got "garbage" and one setting is out of range. The controls keep what they held: ttl 60. Nothing has run yet.',
    );
  });

  it('says a fault with a field its kind does not take is so, not that it is out of range', () => {
    const { store } = setup();
    const fault = { kind: 'db-slow', startSeconds: 5, durationSeconds: 3, factr: 50 };
    expect(store.getState().settingsLoaded({ faults: [fault] }, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one fault has a field its kind does not take. Nothing has run yet.',
    );
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toEqual([
      expect.stringContaining('factr is not a field of a fault'),
    ]);
  });

  it('refuses a file whose cache-down fault has a factor, naming it, and changes no setting', () => {
    const { store } = setup();
    expect(store.getState().configImported('ok.json', '{"ttl": 3, "requests": 700}')).toBe(true);
    const before = store.getState().draft;
    const file = JSON.stringify({
      ttl: 9,
      faults: [{ kind: 'cache-down', startSeconds: 5, durationSeconds: 3, factor: 50 }],
    });
    expect(store.getState().configImported('faults.json', file)).toBe(false);
    expect(store.getState().notice?.text).toBe(
      'Could not import faults.json: faults[0].factor is not a field of a cache-down fault (a cache-down fault has kind, startSeconds, durationSeconds; only db-slow has a factor), got 50. Nothing was changed.',
    );
    expect(store.getState().draft).toBe(before);
  });

  it('counts unknown settings apart from those out of range, and keeps the last run on screen', async () => {
    const { store, runs } = setup();
    const done = store.getState().runRequested();
    runs[0].finish();
    await done;
    store.getState().settingsLoaded({ foo: '1', bar: '2', ttl: '-1' }, 'the link');
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: 2 settings are unknown and one setting is out of range. The controls keep what they held: ttl 60. The last run stays on screen.',
    );
  });

  it.each([
    [[1, 2], '[1,2]'],
    [42, '42'],
    ['ttl=30', '"ttl=30"'],
  ])(
    'says settings that are not an object (%j) must be one, not that a setting is out of range',
    (settings, shown) => {
      const { store } = setup();
      expect(store.getState().settingsLoaded(settings, 'the link')).toBeNull();
      expect(store.getState().notice?.text).toBe(
        `Settings from the link refused: the settings must be an object, like { ttl: 30, requests: 2000 }, got ${shown}. Nothing has run yet.`,
      );
    },
  );

  it('says a value that is no number ("1 000", "0x10") is not a number, not that it is out of range', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('requests', '1 000');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: one setting is not a number. Nothing has run yet.',
    );
    store.getState().fieldEdited('keys', '0x10');
    store.getState().fieldEdited('zipf', '9');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: 2 settings are not numbers and one setting is out of range. Nothing has run yet.',
    );
    expect(runs).toHaveLength(0);
  });

  it('says "1.000" in a whole-number setting is ambiguous, not out of range', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('requests', '1.000');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: one setting is written ambiguously. Nothing has run yet.',
    );
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toEqual([
      'Requests must be a whole number from 1 to 10,000,000, written without a point and three digits after it: "1.000" reads as 1; for 1,000, write 1000 or 1,000',
    ]);
    expect(runs).toHaveLength(0);
  });

  it('says a value left out is missing, not out of range', () => {
    const { store } = setup();
    const faults = [{ kind: 'cache-down', startSeconds: 12 }];
    expect(store.getState().settingsLoaded({ faults, ttl: '-1' }, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one value is missing and one setting is out of range. The controls keep what they held: ttl 60. Nothing has run yet.',
    );
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toContain(
      'faults[0].durationSeconds is missing: it must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing)',
    );
  });

  it('counts faults out of range as faults, not as settings, however many values each has', () => {
    const { store } = setup();
    const faults = Array.from({ length: 100 }, (_, i) => ({
      kind: 'cache-down',
      startSeconds: -i - 1,
      durationSeconds: i === 0 ? -5 : 5,
    }));
    expect(store.getState().settingsLoaded({ faults }, 'the link')).toBeNull();
    expect(store.getState().notice?.refusals).toHaveLength(101);
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: 100 faults are out of range. Nothing has run yet.',
    );
    store
      .getState()
      .settingsLoaded({ faults: faults.slice(0, 1), ttl: '-1', keys: '0' }, 'the link');
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: 2 settings and one fault are out of range. The controls keep what they held: keys 1000, ttl 60. Nothing has run yet.',
    );
  });

  it('says a field left empty is missing, and runs nothing', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('ttl', ' ');
    await store.getState().runRequested();
    expect(runs).toHaveLength(0);
    expect(store.getState().notice?.text).toBe(
      'Run refused: one value is missing. Nothing has run yet.',
    );
    expect(store.getState().errors.map((e) => e.text)).toEqual([
      'TTL is missing: it must be a number from 0 to 31,536,000 s, in steps of 0.001',
    ]);
  });
});

it.each(['cache-down', 'db-slow'])(
  'an imported %s fault lasting 1e9 s is refused once, by its field and range, and changes nothing',
  (kind) => {
    const { store } = setup();
    store.getState().fieldEdited('ttl', '7');
    const draft = store.getState().draft;
    const file = JSON.stringify({ faults: [{ kind, startSeconds: 30, durationSeconds: 1e9 }] });
    expect(store.getState().configImported('long.json', file)).toBe(false);
    expect(store.getState().notice).toEqual({
      tone: 'error',
      text: 'Could not import long.json: faults[0].durationSeconds must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing), got 1000000000. Nothing was changed.',
    });
    expect(store.getState().draft).toBe(draft);
  },
);
