// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import { analyticHitRate } from './analytic';
import { ComparePanel } from './ComparePanel';
import type { LabRun } from './labState';
import { comparisonCell, mountWithLab, type MountedLab } from './mountWithLab';
import { RunSummary } from './RunSummary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let mounted: MountedLab | undefined;
afterEach(() => mounted?.unmount());

const COLUMN = 'Hit rate (analytic TTL model)';

/** The single run's summary row of the model, as the page shows it. */
function summaryModelRow(run: LabRun): string {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<RunSummary run={run} />));
  const row = [...container.querySelectorAll('tr')].find(
    (tr) => tr.querySelector('th')?.textContent === COLUMN,
  );
  const text = row?.querySelector('td')?.textContent ?? '';
  act(() => root.unmount());
  container.remove();
  return text;
}

const base: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 2000, keys: 100 };
const configs: WorkloadConfig[] = [
  { ...base, maxKeys: 10, eviction: 'noeviction' },
  { ...base, pattern: 'write-through' },
  { ...base, readRatio: 0 },
];

// The single run's summary has the analytic model's figure, with where the run did not keep to
// the model; the comparison had no such column, so two configurations side by side (a full cache
// beside write-through) showed their measured rates with nothing to read them against.
describe('the comparison’s analytic model column', () => {
  const runs: LabRun[] = [];
  beforeAll(async () => {
    const SQL = await loadSqlJsNode();
    for (const [i, config] of configs.entries()) {
      const { summary, series } = await runWorkload(SQL, config);
      runs.push({
        id: i + 1,
        name: 'ABC'[i],
        config,
        series,
        summary,
        analyticHitRate: analyticHitRate(config),
      });
    }
  });

  it('gives each configuration the model’s figure with the caveats its summary row gives', () => {
    mounted = mountWithLab(<ComparePanel />);
    act(() => mounted?.store.setState({ comparison: runs }));
    const container = mounted.container;
    for (const run of runs)
      expect(comparisonCell(container, run.name, COLUMN)).toBe(summaryModelRow(run));
    expect(comparisonCell(container, 'A', COLUMN)).toMatch(
      /Redis refused [\d,]+ commands for memory \(OOM at its Max keys of 10, under noeviction\)/,
    );
    expect(comparisonCell(container, 'B', COLUMN)).toContain(
      'Write-through ran: its writes store the new row with the TTL too',
    );
    expect(comparisonCell(container, 'C', COLUMN)).toBe('none: no reads, so no hit rate');
  });
});
