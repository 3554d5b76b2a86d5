import { describe, expect, it } from 'vitest';
import type { MetricsBucket } from '../engine/metrics';
import { DEFAULT_WORKLOAD, type WorkloadConfig, type WorkloadSummary } from '../engine/workload';
import { checkConfig, configToQuery, draftFromConfig } from './labConfig';
import type { LabRunner, RunResult } from './labProtocol';
import { COMPARED_PATTERNS, createLabStore } from './labStore';
import { consistencyCell, patternRows } from './consistencyText';

/** A runner that answers each run at once, echoing its config. */
function echoRunner() {
  const configs: WorkloadConfig[] = [];
  const runner: LabRunner = {
    run(config) {
      configs.push(config);
      const result: RunResult = {
        summary: { requests: 1, stopped: false, config } as WorkloadSummary,
        series: [{ t: 0, requests: 1 } as MetricsBucket],
        analyticHitRate: 0.9,
      };
      return { result: Promise.resolve(result), stop: () => undefined };
    },
  };
  return { runner, configs };
}

describe('the lab: patterns', () => {
  it('compares the patterns on the same seeded workload, one configuration each', async () => {
    const { runner, configs } = echoRunner();
    const store = createLabStore({ runner, now: () => 0 });
    await store.getState().patternsCompared();
    expect(configs.map((c) => c.pattern)).toEqual([...COMPARED_PATTERNS]);
    expect(new Set(configs.map((c) => c.seed)).size).toBe(1);
    const comparison = store.getState().comparison;
    expect(comparison.map((r) => `${r.name} ${r.config.pattern}`)).toEqual([
      'A cache-aside',
      'B write-through',
      'C write-behind',
      'D refresh-ahead',
    ]);
    expect(store.getState().notice?.text).toBe('4 patterns compared on the same seeded workload.');
  });

  it('carries the pattern in the draft, the URL and the checks', () => {
    const config = { ...DEFAULT_WORKLOAD, pattern: 'write-behind' as const };
    expect(draftFromConfig(config).pattern).toBe('write-behind');
    expect(configToQuery(config)).toBe('pattern=write-behind');
    const bad = checkConfig({ pattern: 'write-around' });
    expect(!bad.ok && bad.errors[0].text).toMatch(
      /^pattern must be one of cache-aside, read-through/,
    );
  });

  it('writes consistency as nines and write-behind figures in the summary', () => {
    const summary = {
      writes: 2000,
      consistency: { writes: 2000, within1s: 0.999, within10s: 1, within60s: 1 },
      writeBehind: {
        flushed: 1990,
        lost: 10,
        lostBy: { restart: 3, removed: 7, rowGone: 0, overwritten: 0, refused: 0 },
        meanLagMs: 1200,
        maxLagMs: 2500,
      },
      refreshes: 0,
      config: { ...DEFAULT_WORKLOAD, pattern: 'write-behind' },
    } as WorkloadSummary;
    expect(consistencyCell(summary)).toBe('3.0 / all / all nines');
    expect(Object.fromEntries(patternRows(summary))).toEqual({
      'Writes consistent (of 2,000)':
        'within 1 s 99.9% (3.0 nines); 10 s 100% (every write); 60 s 100% (every write)',
      'Write-behind: database lag': 'mean 1,200.0 ms, longest 2,500.0 ms over 1,990 flushed writes',
      'Write-behind: writes lost':
        '10 (7: the queue was evicted or deleted before their flush; 3: a cache restart emptied the queue)',
    });
  });

  // Before, writes the cache could not take were in no row: 571 writes, 359 flushed, 94 lost.
  it('names the writes the application wrote around the queue, with the overwritten among them', () => {
    const summary = {
      writes: 571,
      consistency: { writes: 571, within1s: 0.5, within10s: 0.8, within60s: 0.8 },
      writeBehind: {
        flushed: 359,
        lost: 94,
        lostBy: { restart: 0, removed: 0, rowGone: 0, overwritten: 94, refused: 0 },
        writtenAround: 212,
        meanLagMs: 2625,
        maxLagMs: 3163,
      },
      refreshes: 0,
      config: { ...DEFAULT_WORKLOAD, pattern: 'write-behind' },
    } as WorkloadSummary;
    expect(Object.fromEntries(patternRows(summary))['Write-behind: written around the queue']).toBe(
      '212 (the cache could not take them: the application wrote the database itself; the 94 overwritten are among them)',
    );
  });

  // A run stopped before the flusher wrote some acknowledged writes: those are in no share, and
  // the row says how many (as the CLI's consistency line does, by the same consistencyNotes).
  it('says how many writes a stopped run left not yet in the database', () => {
    const summary = {
      writes: 10,
      consistency: { writes: 10, within1s: 0.8, within10s: 0.8, within60s: 0.8, pending: 2 },
      writeBehind: { flushed: 8, lost: 0, meanLagMs: 500, maxLagMs: 900 },
      refreshes: 0,
      config: { ...DEFAULT_WORKLOAD, pattern: 'write-behind' },
    } as WorkloadSummary;
    expect(Object.fromEntries(patternRows(summary))['Writes consistent (of 10)']).toBe(
      'within 1 s 80.0% (0.7 nines); 10 s 80.0% (0.7 nines); 60 s 80.0% (0.7 nines). 2 of them not yet in the database (queued, or taken by the flusher and not yet written), consistent within no bound so far.',
    );
  });

  it('gives no write-behind lag for a run that flushed no write, rather than "mean 0.0 ms"', () => {
    const summary = {
      writes: 0,
      consistency: { writes: 0, within1s: 1, within10s: 1, within60s: 1 },
      writeBehind: { flushed: 0, lost: 0, meanLagMs: 0, maxLagMs: 0 },
      refreshes: 0,
      config: { ...DEFAULT_WORKLOAD, pattern: 'write-behind', readRatio: 1 },
    } as WorkloadSummary;
    expect(Object.fromEntries(patternRows(summary))['Write-behind: database lag']).toBe(
      'none: no write was flushed',
    );
  });

  it('gives no consistency figure for a run that judged no write, rather than "100% (every write)"', () => {
    const summary = {
      writes: 0,
      consistency: { writes: 0, within1s: 1, within10s: 1, within60s: 1 },
      refreshes: 0,
      config: DEFAULT_WORKLOAD,
    } as unknown as WorkloadSummary;
    expect(consistencyCell(summary)).toBe('none: no writes to judge');
    expect(Object.fromEntries(patternRows(summary))).toEqual({
      'Writes consistent (of 0)': 'none: no writes to judge',
    });
  });
});
