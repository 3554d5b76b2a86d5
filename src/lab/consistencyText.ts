import { consistencyNotes, formatNines, nines } from '../engine/consistencyNotes';
import { lostWritesCauses, writtenAroundWhy } from '../engine/patternLedger';
import type { WorkloadSummary } from '../engine/workload';
import { counted, fixedNumber, formatNumber } from '../schema/fields';

/** Nines of a share, short: "3.0", or "all" when every write was consistent. */
const shortNines = (share: number): string => (share >= 1 ? 'all' : `${nines(share).toFixed(1)}`);

/**
 * Said where a run judged no write: a share of no writes is no figure (the tracker reports 1,
 * which read "100% (every write)" of none).
 */
export const NO_WRITES_JUDGED = 'none: no writes to judge';

/** The comparison table's cell: nines within 1 s / 10 s / 60 s. */
export function consistencyCell(s: WorkloadSummary): string {
  const c = s.consistency;
  if (!c) return '–';
  if (c.writes === 0 || c.within1s === null) return NO_WRITES_JUDGED;
  return `${shortNines(c.within1s)} / ${shortNines(c.within10s)} / ${shortNines(c.within60s)} nines`;
}

/**
 * The invalidations delivered and when: the lag after commit, except those held back (a seeded
 * 0.5 to 1 lag more), which are delivered too once a run drains, later than the lag.
 */
function deliveredText(delivered: number, reordered: number, delayMs: number): string {
  const lag = `${formatNumber(delayMs)} ms after commit`;
  if (reordered === 0 || reordered > delivered)
    return `${counted(delivered, 'invalidation')} delivered ${lag}, ${formatNumber(reordered)} held back`;
  return `${counted(delivered, 'invalidation')} delivered: ${formatNumber(delivered - reordered)} at the ${formatNumber(delayMs)} ms lag, ${formatNumber(reordered)} later (held back a seeded 0.5 to 1 lag more)`;
}

/** What the change log's consumer did: the CLI's `cdc` line and the lab's summary row. */
export function cdcText(cdc: NonNullable<WorkloadSummary['cdc']>, delayMs: number): string {
  // A DEL that failed (Redis down) was sent and not delivered: its copy stays as a dropped one's.
  const failed = cdc.failed
    ? `, ${formatNumber(cdc.failed)} not delivered (Redis refused or could not be reached for the DEL)`
    : '';
  return `${deliveredText(cdc.delivered, cdc.reordered, delayMs)}${failed}, ${formatNumber(cdc.lost)} dropped; ${counted(cdc.logReads, 'read')} of the change log`;
}

/** The run summary's rows for the pattern's own figures. */
export function patternRows(s: WorkloadSummary): [string, string][] {
  const rows: [string, string][] = [];
  const c = s.consistency;
  if (c) {
    const note = consistencyNotes(s).join('. ');
    rows.push([
      `Writes consistent (of ${c.writes.toLocaleString('en-US')})`,
      c.writes === 0 || c.within1s === null
        ? `${NO_WRITES_JUDGED}${note ? `. ${note}.` : ''}`
        : `within 1 s ${formatNines(c.within1s)}; 10 s ${formatNines(c.within10s)}; 60 s ${formatNines(c.within60s)}${note ? `. ${note}.` : ''}`,
    ]);
  }
  if (s.config.pattern === 'write-behind' && s.writeBehind) {
    const wb = s.writeBehind;
    rows.push([
      'Write-behind: database lag',
      // A lag of no flushed write is no figure, not 0 ms.
      wb.flushed === 0 || wb.meanLagMs === null || wb.maxLagMs === null
        ? 'none: no write was flushed'
        : `mean ${fixedNumber(wb.meanLagMs, 1)} ms, longest ${fixedNumber(wb.maxLagMs, 1)} ms over ${wb.flushed.toLocaleString('en-US')} flushed writes`,
    ]);
    const causes = wb.lostBy && wb.lost > 0 ? ` (${lostWritesCauses(wb.lostBy)})` : '';
    rows.push(['Write-behind: writes lost', `${wb.lost.toLocaleString('en-US')}${causes}`]);
    // Neither flushed nor lost: written by the application itself while the cache could not
    // take them, so the three add up to the writes that reached the database or were lost.
    if (wb.writtenAround !== undefined && wb.writtenAround > 0)
      rows.push([
        'Write-behind: written around the queue',
        `${wb.writtenAround.toLocaleString('en-US')} ${writtenAroundWhy(wb.writtenAround, wb.lostBy?.overwritten ?? 0)}`,
      ]);
  }
  if (s.config.pattern === 'refresh-ahead')
    rows.push(['Refresh-ahead: background reloads', s.refreshes.toLocaleString('en-US')]);
  if (s.cdc) rows.push(['Change log (CDC) consumer', cdcText(s.cdc, s.config.cdcDelayMs)]);
  return rows;
}
