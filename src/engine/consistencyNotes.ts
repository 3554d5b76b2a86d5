// How a run's consistency figures are told: shares as nines, and the notes on what the shares
// leave out or do not settle (see consistency.ts for how writes are judged).
import type { WorkloadSummary } from './workloadSummary';
import { type ConsistencySummary, judgedWritesNote } from './consistency';

/** A share as nines: 0.999 is 3 (Infinity when every write was consistent). */
export function nines(share: number): number {
  return share >= 1 ? Infinity : -Math.log10(1 - share);
}

/** "99.9% (3.0 nines)", "100% (every write)". */
export function formatNines(share: number): string {
  if (share >= 1) return '100% (every write)';
  const pct = share * 100;
  const text = pct >= 99 ? pct.toFixed(3).replace(/0+$/, '').replace(/\.$/, '') : pct.toFixed(1);
  return `${text}% (${nines(share).toFixed(1)} nines)`;
}

/**
 * What the shares leave out, when they leave some out: write-behind writes the database did not
 * have yet (the run stopped before their flush), judged consistent within no bound. Null when
 * there were none.
 */
export function pendingWritesNote(c: ConsistencySummary): string | null {
  const n = c.pending ?? 0;
  if (n === 0) return null;
  return `${n.toLocaleString('en-US')} of them not yet in the database (queued, or taken by the flusher and not yet written), consistent within no bound so far`;
}

/**
 * What the shares settle for good, when some writes are lost: lost before the database had them
 * (write-behind's queue lost them), they never converge. Null when none was lost.
 */
export function lostWritesNote(c: ConsistencySummary): string | null {
  const n = c.lost ?? 0;
  if (n === 0) return null;
  return `${n.toLocaleString('en-US')} of them lost before the database had them, never consistent`;
}

/**
 * What the 60 s share does not settle: writes not consistent as the run left them whose 60 s
 * were not over when it ended (a command after it might still have made them so). Null when
 * there were none.
 */
export function undecidedWritesNote(c: ConsistencySummary): string | null {
  const n = c.undecided ?? 0;
  if (n === 0) return null;
  return `${n.toLocaleString('en-US')} of them not consistent when the run ended, less than 60 s after their write: not consistent within 60 s as the run left them, though their 60 s were not over`;
}

/**
 * The notes on a run's consistency figures, in the order the CLI and the lab tell them: writes
 * not yet in the database, lost, undecided at the end, and judged writes that are not the run's.
 * Empty when there is nothing to note (or no figures: a summary saved before they existed).
 */
export function consistencyNotes(s: WorkloadSummary): string[] {
  const c = s.consistency;
  if (!c) return [];
  return [
    pendingWritesNote(c),
    lostWritesNote(c),
    undecidedWritesNote(c),
    judgedWritesNote(s),
  ].filter((n) => n !== null);
}
