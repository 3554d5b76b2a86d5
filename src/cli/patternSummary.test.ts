// The CLI's consistency line says what the lab's row says under the shares: writes lost for good,
// and writes the run ended on before their 60 s were over (`src/lab/labPatterns.test.ts`).
import { expect, it } from 'vitest';
import { DEFAULT_WORKLOAD, type WorkloadSummary } from '../engine/workload';
import { consistencyLine } from './patternSummary';

it('says how many writes are lost for good and how many the run ended on before their 60 s', () => {
  const summary = {
    writes: 10,
    consistency: {
      writes: 10,
      within1s: 0.5,
      within10s: 0.6,
      within60s: 0.6,
      lost: 2,
      undecided: 2,
    },
    writeBehind: { flushed: 8, lost: 2, meanLagMs: 500, maxLagMs: 900 },
    refreshes: 0,
    config: { ...DEFAULT_WORKLOAD, pattern: 'write-behind' },
  } as WorkloadSummary;
  expect(consistencyLine(summary)).toBe(
    '  consistency   of 10 writes, consistent within 1 s 50.0% (0.3 nines), 10 s 60.0% (0.4 nines), 60 s 60.0% (0.4 nines)\n' +
      '                2 of them lost before the database had them, never consistent; 2 of them not consistent when the run ended, less than 60 s after their write: not consistent within 60 s as the run left them, though their 60 s were not over',
  );
});
