// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '../engine/workload';
import { RunSummary } from '../lab/RunSummary';
import { simHere } from './simHere';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The lab summary's "Cache errors" row for this run. */
function labCacheErrors(summary: WorkloadSummary): string {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const run = {
    id: 1,
    name: 'A',
    config: summary.config,
    series: [],
    summary,
    analyticHitRate: null,
  };
  act(() => root.render(<RunSummary run={run} />));
  const row = [...container.querySelectorAll('tr')].find(
    (tr) => tr.querySelector('th')?.textContent === 'Cache errors',
  );
  const text = row?.querySelector('td')?.textContent ?? '';
  act(() => root.unmount());
  container.remove();
  return text;
}

// `npm run sim` printed "N errors" for a full cache under noeviction, as for Redis being down;
// the lab's summary now names the OOM refusals among them, and the CLI says them in its words.
describe('`npm run sim` names the OOM refusals among its cache errors, as the lab does', () => {
  it.each([
    ['a full cache', '--requests 2000 --keys 100 --max-keys 10 --eviction noeviction --seed 3'],
    [
      'a full cache, then Redis down',
      '--requests 2000 --keys 100 --max-keys 10 --eviction noeviction --seed 3 --fault cache-down:1:0.5',
    ],
  ])('%s', async (_name, args) => {
    const { code, stdout } = await simHere([...args.split(' '), '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!) as WorkloadSummary;
    expect(summary.oomRefusals).toBeGreaterThan(0);
    const cache = lines.find((l) => l.startsWith('  cache '));
    const lab = labCacheErrors(summary);
    expect(lab).toMatch(/OOM refusals: Redis held its Max keys of 10/);
    // The same count and the same words: "N (…)" in the lab, "N errors (…)" in the CLI.
    const [, n, words] = /^([\d,]+) (\(.*\))$/.exec(lab)!;
    expect(cache).toContain(`, ${n} errors ${words}, `);
  });
});
