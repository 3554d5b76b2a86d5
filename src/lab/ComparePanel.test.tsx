// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import { ComparePanel } from './ComparePanel';
import { draftFromConfig } from './labConfig';
import { comparisonCell, mountWithLab, type MountedLab } from './mountWithLab';

let mounted: MountedLab | undefined;
afterEach(() => mounted?.unmount());

describe('ComparePanel: a configuration in which no request arrived', () => {
  it('has no p99 latency to show, not 0 ms', async () => {
    const SQL = await loadSqlJsNode();
    const base: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 200, rate: 1000, keys: 50 };
    // At 0.001 requests a second the first arrival is due far past the run's 10 s.
    const empty: WorkloadConfig = { ...base, rate: 0.001, durationSeconds: 10 };
    const [a, b] = await Promise.all([runWorkload(SQL, base), runWorkload(SQL, empty)]);
    expect(b.summary.requests).toBe(0);
    const run = (id: number, name: string, config: WorkloadConfig, r: typeof a) => ({
      id,
      name,
      config,
      series: r.series,
      summary: r.summary,
      analyticHitRate: null,
    });
    mounted = mountWithLab(<ComparePanel />);
    act(() =>
      mounted?.store.setState({ comparison: [run(1, 'A', base, a), run(2, 'B', empty, b)] }),
    );
    expect(comparisonCell(mounted.container, 'A', 'p99 latency')).toMatch(/^\d[\d.,]* ms$/);
    expect(comparisonCell(mounted.container, 'B', 'p99 latency')).toBe('none: no request finished');
  });
});

describe('ComparePanel: whose programs each configuration ran', () => {
  it("names the learner's path in the baseline and ours in a row that ran ours", async () => {
    const SQL = await loadSqlJsNode();
    const config: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 200, rate: 1000, keys: 50 };
    const r = await runWorkload(SQL, config);
    const run = (id: number, name: string) => ({
      id,
      name,
      config,
      series: r.series,
      summary: r.summary,
      analyticHitRate: null,
    });
    mounted = mountWithLab(<ComparePanel />);
    act(() =>
      mounted?.store.setState({
        comparison: [{ ...run(1, 'A'), yours: { read: true, write: false } }, run(2, 'B')],
      }),
    );
    // B read "same as the baseline" though A ran the learner's read path and B ours.
    expect(comparisonCell(mounted.container, 'A', 'Settings (vs A)')).toBe(
      'baseline (programs: your read path)',
    );
    expect(comparisonCell(mounted.container, 'B', 'Settings (vs A)')).toBe('programs: ours');
  });
});

describe('ComparePanel: the fields changed since the configurations ran', () => {
  it('says what the nearest configuration ran that the fields no longer say, and not before', async () => {
    const SQL = await loadSqlJsNode();
    const config: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 200, rate: 1000, keys: 50 };
    const r = await runWorkload(SQL, config);
    mounted = mountWithLab(<ComparePanel />);
    const run = { id: 1, name: 'A', config, series: r.series, summary: r.summary };
    act(() =>
      mounted?.store.setState({
        comparison: [{ ...run, analyticHitRate: null }],
        draft: draftFromConfig(config),
      }),
    );
    const mark = mounted.container.querySelector<HTMLElement>('[data-testid="lab.comparisonMark"]');
    expect(mark?.hidden).toBe(true);
    act(() => mounted?.store.getState().fieldEdited('ttl', '5'));
    expect(mark?.hidden).toBe(false);
    expect(mark?.getAttribute('role')).toBe('status');
    expect(mark?.textContent).toBe(
      'No configuration compared ran what the fields say now: A ran TTL 60 s; the fields now say TTL 5 s. Add current settings to comparison to run them.',
    );
  });
});
