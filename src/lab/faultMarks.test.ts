import { describe, expect, it } from 'vitest';
import type { Fault } from '../engine/workload';
import { comparedFaults, faultMarks, isWithinRun } from './faultMarks';

const down: Fault = { kind: 'cache-down', startSeconds: 5, durationSeconds: 3 };
const slow: Fault = { kind: 'db-slow', startSeconds: 2, durationSeconds: 4, factor: 10 };

describe('comparedFaults', () => {
  it('marks a fault the runs share once, naming them all, and one run’s fault as its own', () => {
    const marked = comparedFaults([
      { name: 'A', config: { faults: [down] } },
      { name: 'B', config: { faults: [{ ...down }, slow] } },
      { name: 'C', config: { faults: [{ ...slow, factor: 20 }] } },
    ]);
    expect(marked).toEqual([
      { fault: down, runs: 'A, B' },
      { fault: slow, runs: 'B' },
      { fault: { ...slow, factor: 20 }, runs: 'C' },
    ]);
  });

  it('has nothing to mark when no run has a fault', () => {
    expect(comparedFaults([{ name: 'A', config: { faults: [] } }])).toEqual([]);
  });

  it('prints the labels of faults close in time on rows of their own', () => {
    const late: Fault = { kind: 'db-slow', startSeconds: 8, durationSeconds: 4, factor: 10 };
    const marks = faultMarks(comparedFaults([{ name: 'A', config: { faults: [down, late] } }]), {
      ms: 1000,
      label: 's',
    } as never);
    const offsets = marks.map((m) => (m.props as { label: { offset: number } }).label.offset);
    expect(new Set(offsets).size).toBe(2);
  });
});

describe('isWithinRun', () => {
  it('keeps the faults a run of 60 s lived through, and drops one after its end or of 0 s', () => {
    const restart: Fault = { kind: 'cache-restart', startSeconds: 30, durationSeconds: 0 };
    expect(isWithinRun(down, 60_000)).toBe(true);
    expect(isWithinRun(restart, 60_000)).toBe(true);
    expect(isWithinRun({ ...down, startSeconds: 60 }, 60_000)).toBe(false);
    expect(isWithinRun({ ...down, durationSeconds: 0 }, 60_000)).toBe(false);
  });

  it('leaves out of a comparison’s marks a fault after that run’s end', () => {
    const late: Fault = { ...down, startSeconds: 86_399 };
    const marked = comparedFaults([
      { name: 'A', config: { faults: [down, late] }, summary: { virtualDurationMs: 10_000 } },
    ]);
    expect(marked).toEqual([{ fault: down, runs: 'A' }]);
  });
});
