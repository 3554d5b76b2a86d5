import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { describeDifference } from './configDifference';

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
