// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '../engine/workload';
import { RunSummary } from '../lab/RunSummary';
import { simHere } from './simHere';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The lab's summary of a run, as its rows read: header, value. */
function labRows(summary: WorkloadSummary): Map<string, string> {
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
  const rows = new Map(
    [...container.querySelectorAll('tr')].map((tr) => [
      tr.querySelector('th')?.textContent ?? '',
      tr.querySelector('td')?.textContent ?? '',
    ]),
  );
  act(() => root.unmount());
  container.remove();
  return rows;
}

/** The first group of `pattern` in `text`; null when it is not there. */
const figure = (text: string | undefined, pattern: RegExp): string | null =>
  pattern.exec(text ?? '')?.[1] ?? null;

/**
 * The same run (config and seed) in `npm run sim` and in the lab's summary: each figure both
 * print reads the same in both, as the one number it is. Until 2026-12-05 they rounded apart: a
 * 1,500.6 ms p99 read "1,501 ms" in the lab, 1,229.7 DB reads a second "1,230/s", 0.48 s of
 * requests "0.5 s" in the CLI and "479 ms" in the lab, and a stale-read rate had two decimals in
 * one and three in the other.
 */
describe('the lab summary and `npm run sim` write each figure alike', () => {
  it.each([
    ['a default workload', '--requests 2000 --keys 200 --seed 3'],
    [
      'a slow database (latencies past 999 ms)',
      '--requests 8000 --rate 5000 --db-latency 1500 --latency-model constant --write-policy ttl-only --read-ratio 0.5 --keys 100',
    ],
    [
      'stale reads under update-cache',
      '--requests 4000 --rate 2000 --keys 20 --read-ratio 0.7 --write-policy update-cache --ttl 5 --seed 5',
    ],
    ['a run of a few ms', '--requests 10 --seed 1'],
    ['a run under a second', '--requests 500 --rate 1000 --seed 2'],
    [
      'write-behind, which drains',
      '--pattern write-behind --requests 3000 --rate 500 --keys 50 --read-ratio 0.5 --seed 7',
    ],
  ])('%s', async (_name, args) => {
    const { code, stdout } = await simHere([...args.split(' '), '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!) as WorkloadSummary;
    const cli = lines.slice(0, -1).join('\n');
    const lab = labRows(summary);

    expect(figure(lab.get('Requests'), /over (.+?) virtual/)).toBe(
      figure(cli, /over (.+?) virtual/),
    );
    for (const drain of [/then (.+?) draining/, /\((.+?) in all/])
      expect(figure(lab.get('Requests'), drain)).toBe(figure(cli, drain));
    expect(lab.get('Hit rate (measured)')).toBe(figure(cli, /hit rate (\S+%)/));
    expect(figure(lab.get('DB reads'), /\((.+?)\/s over the requests/)).toBe(
      figure(cli, /reads \((.+?)\/s over the requests/),
    );
    const latency = /latency \(ms\) +mean [\d,.]+, p50 ([\d,.]+), p99 ([\d,.]+)$/m.exec(cli);
    expect(lab.get('Latency p50 / p99')).toBe(`${latency?.[1]} ms / ${latency?.[2]} ms`);
    expect(figure(lab.get('Stale reads'), /\((.+?) of reads\)/)).toBe(
      figure(cli, /stale reads? \((.+?)\), longest/),
    );
    if (summary.maxStalenessMs !== null)
      expect(lab.get('Longest staleness')).toBe(figure(cli, /longest ([\d,.]+ ms)/));
    if (summary.config.pattern === 'write-behind')
      expect(figure(lab.get('Write-behind: database lag'), /(mean [\d,.]+ ms)/)).toBe(
        figure(cli, /lag (mean [\d,.]+ ms)/),
      );
  });
});

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
    const lab = labRows(summary).get('Cache errors') ?? '';
    expect(lab).toMatch(/OOM refusals: Redis held its Max keys of 10/);
    // The same count and the same words: "N (…)" in the lab, "N errors (…)" in the CLI.
    const [, n, words] = /^([\d,]+) (\(.*\))$/.exec(lab)!;
    expect(cache).toContain(`, ${n} errors ${words}, `);
  });
});
