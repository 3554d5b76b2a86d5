import { consistencyNotes, formatNines } from '../engine/consistencyNotes';
import { lostWritesCauses, writtenAroundWhy } from '../engine/patternLedger';
import type { WorkloadSummary } from '../engine/workload';
import { counted, fixedNumber, formatNumber } from '../schema/fields';
import { cdcText, NO_WRITES_JUDGED } from '../lab/consistencyText';

/** The consistency line every run prints. */
export function consistencyLine(s: WorkloadSummary): string {
  const c = s.consistency;
  const note = consistencyNotes(s).join('; ');
  // A share of no writes is no figure (null; a summary saved before said 1: "100%" of none).
  const figures =
    c.writes === 0 || c.within1s === null
      ? NO_WRITES_JUDGED
      : `of ${counted(c.writes, 'write')}, consistent within 1 s ${formatNines(c.within1s)}, 10 s ${formatNines(c.within10s)}, 60 s ${formatNines(c.within60s)}`;
  return `  consistency   ${figures}${note ? `\n                ${note}` : ''}`;
}

/**
 * Said of write-behind's lost writes against a real server: the page's checks at each step read
 * its in-browser keyspace without a command, so there a queue evicted, expired or deleted is
 * found only when a command next meets it.
 */
export const FOUND_AT_LPOP =
  "against a real Redis a queue evicted, expired or deleted is found at the flusher's next LPOP or the next RPUSH, not at the step that lost it, so the lost writes count from there";

/**
 * The summary lines only some patterns have: write-behind's queue, refresh-ahead's reloads.
 * `isServer`: the run was against a real Redis (`--redis-url`).
 */
export function patternLines(s: WorkloadSummary, isServer = false): string[] {
  const lines: string[] = [];
  const p = s.config.pattern;
  if (p === 'write-behind') {
    const wb = s.writeBehind;
    lines.push(
      `  write-behind  ${counted(wb.flushed, 'write')} flushed to the database, ${wb.flushed === 0 || wb.meanLagMs === null || wb.maxLagMs === null ? 'so no lag' : `lag mean ${fixedNumber(wb.meanLagMs, 1)} ms, max ${fixedNumber(wb.maxLagMs, 1)} ms`}; ${counted(wb.lost, 'write')} lost${wb.lostBy && wb.lost > 0 ? ` (${lostWritesCauses(wb.lostBy)})` : ''}${wb.writtenAround ? `; ${formatNumber(wb.writtenAround)} written around the queue ${writtenAroundWhy(wb.writtenAround, wb.lostBy?.overwritten ?? 0)}` : ''}${isServer && wb.lost > 0 ? `; ${FOUND_AT_LPOP}` : ''}`,
    );
  }
  if (p === 'refresh-ahead')
    lines.push(`  refresh-ahead ${counted(s.refreshes, 'background reload')}`);
  if (s.cdc) lines.push(`  cdc           ${cdcText(s.cdc, s.config.cdcDelayMs)}`);
  return lines;
}
