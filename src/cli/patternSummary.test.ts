// The CLI's consistency line and the lab's row tell the same notes under the shares (one
// consistencyNotes): writes lost for good, and writes the run ended on before their 60 s were over.
import { expect, it } from 'vitest';
import { DEFAULT_WORKLOAD, type WorkloadSummary } from '../engine/workload';
import { patternRows } from '../lab/consistencyText';
import { consistencyLine, FOUND_AT_LPOP, patternLines } from './patternSummary';

// The 60 s share of a run judges writes as the run left them: those lost never converge, and
// those not consistent in its last 60 s had less than 60 s. Until 2026-12-06 the lab's row gave
// the shares alone, read as a verdict over 60 s for writes that had 2.
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
  const lost = '2 of them lost before the database had them, never consistent';
  const undecided =
    '2 of them not consistent when the run ended, less than 60 s after their write: not consistent within 60 s as the run left them, though their 60 s were not over';
  expect(consistencyLine(summary)).toBe(
    '  consistency   of 10 writes, consistent within 1 s 50.0% (0.3 nines), 10 s 60.0% (0.4 nines), 60 s 60.0% (0.4 nines)\n' +
      `                ${lost}; ${undecided}`,
  );
  expect(Object.fromEntries(patternRows(summary))['Writes consistent (of 10)']).toBe(
    `within 1 s 50.0% (0.3 nines); 10 s 60.0% (0.4 nines); 60 s 60.0% (0.4 nines). ${lost}. ${undecided}.`,
  );
  // Against a real Redis the loss is found later than in a virtual run: the line says when
  // (until 2026-12-06 only the README did).
  expect(patternLines(summary, true)[0]).toMatch(new RegExp(`2 writes lost; ${FOUND_AT_LPOP}$`));
  expect(patternLines(summary)[0]).not.toContain('real Redis');
});
