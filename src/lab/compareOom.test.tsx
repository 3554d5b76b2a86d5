// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import {
  DEFAULT_WORKLOAD,
  runWorkload,
  type WorkloadConfig,
  type WorkloadSummary,
} from '../engine/workload';
import type { MetricsBucket } from '../engine/metrics';
import { seriesToCsv } from './chartData';
import { ComparePanel } from './ComparePanel';
import { comparisonCell, mountWithLab, type MountedLab } from './mountWithLab';

let mounted: MountedLab | undefined;
afterEach(() => mounted?.unmount());

const base: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 2000, keys: 100, maxKeys: 10 };
const full: WorkloadConfig = { ...base, eviction: 'noeviction' };
const lru: WorkloadConfig = { ...base, eviction: 'allkeys-lru' };
const fullThenDown: WorkloadConfig = {
  ...full,
  faults: [{ kind: 'cache-down', startSeconds: 1, durationSeconds: 0.5 }],
};

// Until 2026-12-06 the comparison's Cache errors column and the series CSV counted a full
// cache's refusals as they counted Redis being down: noeviction beside allkeys-lru read "1,495"
// against "0" with no word why, and the CSV had no column to tell them apart.
describe('a full cache’s OOM refusals, in the comparison and the CSV', () => {
  const ran: { summary: WorkloadSummary; series: MetricsBucket[] }[] = [];
  beforeAll(async () => {
    const SQL = await loadSqlJsNode();
    for (const c of [full, lru, fullThenDown]) ran.push(await runWorkload(SQL, c));
  });

  it('the comparison says which of each configuration’s cache errors were OOM refusals', () => {
    const run = (id: number, name: string, config: WorkloadConfig) => ({
      id,
      name,
      config,
      ...ran[id - 1],
      analyticHitRate: null,
    });
    mounted = mountWithLab(<ComparePanel />);
    act(() =>
      mounted?.store.setState({
        comparison: [run(1, 'A', full), run(2, 'B', lru), run(3, 'C', fullThenDown)],
      }),
    );
    const [a, , c] = ran.map((r) => r.summary);
    const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
    expect(comparisonCell(mounted.container, 'A', 'Cache errors')).toBe(
      `${n(a.cacheErrors)} (all OOM refusals)`,
    );
    expect(comparisonCell(mounted.container, 'B', 'Cache errors')).toBe('0');
    expect(comparisonCell(mounted.container, 'C', 'Cache errors')).toBe(
      `${n(c.cacheErrors)} (${n(c.oomRefusals)} OOM refusals)`,
    );
  });

  it('the CSV has an oomRefusals column beside cacheErrors, adding up to the summary', () => {
    const { summary, series } = ran[2];
    const [header, ...rows] = seriesToCsv(series).trim().split('\n');
    const columns = header.split(',');
    const at = columns.indexOf('oomRefusals');
    expect(at).toBe(columns.indexOf('cacheErrors') + 1);
    const sum = rows.reduce((n, r) => n + Number(r.split(',')[at]), 0);
    expect(sum).toBe(summary.oomRefusals);
  });
});
