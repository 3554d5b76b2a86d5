import { formatNines, judgedWritesNote } from '../engine/consistency';
import type { WorkloadSummary } from '../engine/workload';

/** The consistency line every run prints. */
export function consistencyLine(s: WorkloadSummary): string {
  const c = s.consistency;
  const note = judgedWritesNote(s);
  return `  consistency   of ${c.writes} writes, consistent within 1 s ${formatNines(c.within1s)}, 10 s ${formatNines(c.within10s)}, 60 s ${formatNines(c.within60s)}${note ? `\n                ${note}` : ''}`;
}

/** The summary lines only some patterns have: write-behind's queue, refresh-ahead's reloads. */
export function patternLines(s: WorkloadSummary): string[] {
  const lines: string[] = [];
  const p = s.config.pattern;
  if (p === 'write-behind') {
    const wb = s.writeBehind;
    lines.push(
      `  write-behind  ${wb.flushed} writes flushed to the database, lag mean ${wb.meanLagMs.toFixed(1)} ms, max ${wb.maxLagMs.toFixed(1)} ms; ${wb.lost} writes lost to a cache restart`,
    );
  }
  if (p === 'refresh-ahead') lines.push(`  refresh-ahead ${s.refreshes} background reloads`);
  if (s.cdc)
    lines.push(
      `  cdc           ${s.cdc.delivered} invalidations delivered ${s.config.cdcDelayMs} ms after commit, ${s.cdc.reordered} held back, ${s.cdc.lost} dropped; ${s.cdc.logReads} reads of the change log`,
    );
  return lines;
}
