import { describe, expect, it } from 'vitest';
import { parseTtlList } from './sweepTtls';
import { bucketAt, flush, setup } from './fakeLabRunner';

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
