import { formatNumber } from './chartTheme';
import type { LabRun } from './labStore';

const pct = (v: number, digits = 2): string => `${(v * 100).toFixed(digits)}%`;

/** The summary of the run on screen: the same figures `npm run sim` prints. */
export function RunSummary({ run }: { run: LabRun }) {
  const s = run.summary;
  if (!s) return null;
  const seconds = s.virtualDurationMs / 1000;
  const rows: [string, string][] = [
    [
      'Requests',
      `${s.requests.toLocaleString('en-US')} over ${formatNumber(seconds, 1)} s virtual${s.stopped ? ' (stopped early)' : ''}`,
    ],
    ['Hit rate (measured)', pct(s.hitRate)],
    [
      'Hit rate (analytic TTL model)',
      run.analyticHitRate === null ? '–' : pct(run.analyticHitRate),
    ],
    ['DB reads/s', formatNumber(s.dbReads / Math.max(seconds, 1e-9), 1)],
    [
      'Latency p50 / p99',
      `${formatNumber(s.latencyMs.p50, 3)} ms / ${formatNumber(s.latencyMs.p99, 3)} ms`,
    ],
    [
      'Stale reads',
      `${s.staleReads.toLocaleString('en-US')} (${pct(s.staleReadRate, 3)} of reads)`,
    ],
    ['Longest staleness', `${formatNumber(s.maxStalenessMs, 3)} ms`],
    ['Evictions', s.evictions.toLocaleString('en-US')],
    ['Cache errors', s.cacheErrors.toLocaleString('en-US')],
    ['Lost invalidations', s.lostInvalidations.toLocaleString('en-US')],
    [
      'Keys cached at the end',
      `${s.cachedKeys.toLocaleString('en-US')} of ${run.config.keys.toLocaleString('en-US')} rows`,
    ],
  ];
  return (
    <table className="lab-summary" aria-label="Run summary">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
