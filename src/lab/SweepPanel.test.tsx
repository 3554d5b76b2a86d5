// @vitest-environment jsdom
import { afterEach, expect, it, vi } from 'vitest';
import { DEFAULT_WORKLOAD, type WorkloadConfig } from '../engine/workload';
import type { LabStoreApi } from './labState';
import { mountWithLab, type MountedLab } from './mountWithLab';
import { SweepPanel } from './SweepPanel';

let lab: MountedLab | undefined;
afterEach(() => {
  lab?.unmount();
  vi.restoreAllMocks();
});

/** The sweep chart's caption once a sweep of `config` is on screen. */
function sweepCaption(config: WorkloadConfig, yours?: { read: boolean; write: boolean }): string {
  // recharts warns of the zero size jsdom lays the chart out at; the caption is what is read.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  lab?.unmount();
  lab = mountWithLab(<SweepPanel />);
  const store: LabStoreApi = lab.store;
  const point = (ttl: number) => ({
    ttl,
    hitRate: 0.9,
    staleReadRate: 0,
    analyticHitRate: 0.8,
    modelBreaks: [],
  });
  store.setState({ sweep: { config, ttls: [1, 5], points: [point(1), point(5)], yours } });
  lab.render(<SweepPanel />);
  return lab.container.querySelector('.lab-chart-caption')?.textContent ?? '';
}

it('the sweep beside write-behind says its measured rate can sit above the model, as the run’s chart does', () => {
  expect(sweepCaption({ ...DEFAULT_WORKLOAD, pattern: 'write-behind' })).toMatch(
    /^Write-behind ran: its writes store the row with no expiry/,
  );
  expect(sweepCaption({ ...DEFAULT_WORKLOAD, pattern: 'cache-aside' })).toMatch(
    /^Measured hit rate and stale reads at each TTL/,
  );
});
