import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { describeDifference, settingsCell } from './configDifference';

describe("describeDifference: double-delete's delay", () => {
  const base = { ...DEFAULT_WORKLOAD, writePolicy: 'double-delete' } as const;

  it('names a delay that differs under double-delete as a difference of the run', () => {
    expect(describeDifference({ ...base, doubleDeleteDelayMs: 50 }, base)).toBe(
      'doubleDeleteDelayMs 50',
    );
  });

  it('names it unused where no double-delete waits: another policy, or a pattern without one', () => {
    const invalidate = { ...base, writePolicy: 'invalidate' } as const;
    expect(describeDifference({ ...invalidate, doubleDeleteDelayMs: 50 }, invalidate)).toBe(
      'as the baseline (doubleDeleteDelayMs 50: unused in this run)',
    );
    const writeThrough = { ...base, pattern: 'write-through' } as const;
    expect(describeDifference({ ...writeThrough, doubleDeleteDelayMs: 50 }, writeThrough)).toBe(
      'as the baseline (doubleDeleteDelayMs 50: unused in this run)',
    );
  });

  it('names an unused one after the settings that take part, not leaving it out', () => {
    // Before, "ttl 10" alone: the delay changed beside it was not said.
    const invalidate = { ...base, writePolicy: 'invalidate' } as const;
    expect(
      describeDifference({ ...invalidate, ttl: 10, doubleDeleteDelayMs: 50 }, invalidate),
    ).toBe('ttl 10 (doubleDeleteDelayMs 50: unused in this run)');
  });
});

describe('describeDifference: whose programs ran', () => {
  const base = DEFAULT_WORKLOAD;
  const read = { read: true, write: false };

  it('names the programs when a row ran others than the baseline, the settings being the same', () => {
    // A ran the learner's read path, B ours: B's row said "same as the baseline" beside a hit
    // rate of 79% against A's 1%.
    expect(describeDifference(base, base, undefined, read)).toBe('programs: ours');
    expect(describeDifference(base, base, read)).toBe('programs: your read path');
    expect(describeDifference({ ...base, ttl: 5 }, base, { read: true, write: true })).toBe(
      'programs: your read and write paths, ttl 5',
    );
  });

  it('says nothing of the programs when both ran the same paths', () => {
    expect(describeDifference(base, base, read, read)).toBe('same as the baseline');
    expect(describeDifference(base, base)).toBe('same as the baseline');
  });
});

describe("settingsCell: a comparison row's settings", () => {
  const a = { name: 'A', config: DEFAULT_WORKLOAD };
  const b = { name: 'B', config: { ...DEFAULT_WORKLOAD, ttl: 30 } };

  it('says a row that repeats an earlier one is the same as it, not only how it differs from A', () => {
    const c = { name: 'C', config: { ...DEFAULT_WORKLOAD, ttl: 30 } };
    expect([a, b, c].map((_, i, runs) => settingsCell(runs, i))).toEqual([
      'baseline',
      'ttl 30',
      'ttl 30: the same settings as B',
    ]);
    // Over other programs the same settings are another run.
    const yours = { ...c, yours: { read: true, write: false } };
    expect(settingsCell([a, b, yours], 2)).toBe('programs: your read path, ttl 30');
  });
});
