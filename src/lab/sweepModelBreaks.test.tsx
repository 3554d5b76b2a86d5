// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload } from '../engine/workload';
import { analyticHitRate } from './analytic';
import type { LabRunner } from './labProtocol';
import { createLabStore } from './labStore';
import { mountWithLab, type MountedLab } from './mountWithLab';
import { SweepPanel } from './SweepPanel';

/** Runs each configuration with the engine itself, here, as the worker would. */
const engineRunner: LabRunner = {
  run(config, listener) {
    const result = (async () => {
      const analytic = analyticHitRate(config);
      listener.onStart(analytic);
      const { summary, series } = await runWorkload(await loadSqlJsNode(), config);
      return { summary, series, analyticHitRate: analytic };
    })();
    return { result, stop: () => undefined };
  },
};

let lab: MountedLab | undefined;
afterEach(() => {
  lab?.unmount();
  vi.restoreAllMocks();
});

/** The sweep's table, row by row (its cells' text), and its chart's caption. */
async function sweep(over: Partial<typeof DEFAULT_WORKLOAD>, ttls: string) {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const store = createLabStore({ runner: engineRunner, now: () => 0 });
  expect(store.getState().settingsLoaded(over, 'the test', true)).not.toBeNull();
  await act(() => store.getState().sweepRequested(ttls));
  lab = mountWithLab(<SweepPanel />);
  lab.render(<SweepPanel />, store);
  const table = lab.container.querySelector('table[aria-label="Sweep results"]');
  return {
    header: [...(table?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent),
    rows: [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.children].map((c) => c.textContent ?? ''),
    ),
    caption: lab.container.querySelector('.lab-chart-caption')?.textContent ?? '',
  };
}

// The single run's model row says where the run did not keep to the model (modelBreaks.ts); the
// sweep's analytic column gave its figure at every TTL with no word, even where the run evicted,
// was all warm-up or had its fills refused.
describe('the TTL sweep says, row by row, where its run did not keep to the model', () => {
  it('names a full cache’s refusals and a run shorter than the TTL, each at its own row', async () => {
    const { header, rows, caption } = await sweep(
      { requests: 2000, keys: 100, maxKeys: 10, eviction: 'noeviction', readRatio: 1 },
      '1, 60',
    );
    expect(header.at(-1)).toBe('Where the model does not hold');
    expect(rows).toHaveLength(2);
    const [short, long] = rows.map((r) => r.at(-1) ?? '');
    expect(short).toMatch(
      /^Redis refused [\d,]+ commands for memory \(OOM at its Max keys of 10, under noeviction\), so their copies were not kept, where the model fills the cache at every miss$/,
    );
    expect(long).toMatch(
      /^Redis refused [\d,]+ commands for memory .*; the requests lasted 2\.0 s, less than the TTL \(60 s\)/,
    );
    expect(caption).toContain(
      'At TTL 1 s and 60 s the run did not keep to the model (the table’s last column says how), so its measured rate there may sit below the line for reasons the model leaves out.',
    );
  });

  // Until 2026-12-06 refills of seconds went unnamed: the model takes a refill to be instant.
  it('names refills slow against the gaps between a key’s reads, at the TTLs they cost', async () => {
    const { rows } = await sweep(
      { requests: 300, readRatio: 1, latencyModel: 'constant', dbLatency: 10_000 },
      '60, 3600',
    );
    expect(rows.map((r) => r.at(-1))).toEqual([
      expect.stringMatching(
        /^a miss's refill \(its GET's reply, the SELECT, the SET\) took 10,000\.3 ms on average in this run \(its 300 refills, from the GET's miss to the SET\), where the model takes it to be instant: .*the model gives about \d+\.\d\d%/,
      ),
      // At an hour's TTL 10 s of refill costs the model less than a point.
      expect.not.stringMatching(/refill/),
    ]);
  });

  it('says a row kept to the model when it did', async () => {
    const NONE =
      'none: no eviction, OOM refusal, write removing a copy, slow refill or run shorter than the TTL';
    const { rows, caption } = await sweep(
      { requests: 2000, keys: 20, readRatio: 1, rate: 200 },
      '1, 2',
    );
    expect(rows.map((r) => r.at(-1))).toEqual([NONE, NONE]);
    expect(caption).not.toContain('did not keep to the model');
  });

  // Until 2026-12-07 a sweep of writes only was told its runs kept to a model that gave them no
  // figure ("none: no eviction, ... write removing a copy", beside 3,000 writes).
  it('says a row with no reads, or no GET Redis answered, has no model to hold', async () => {
    const { rows } = await sweep({ requests: 300, readRatio: 0 }, '1, 2');
    expect(rows.map((r) => r.slice(2))).toEqual([
      ['none: no reads', 'none: no reads', 'none: no reads, so no model figure'],
      ['none: no reads', 'none: no reads', 'none: no reads, so no model figure'],
    ]);
    lab?.unmount();
    const down = await sweep(
      {
        requests: 300,
        faults: [{ kind: 'cache-down', startSeconds: 0, durationSeconds: 10 }],
      },
      '1, 2',
    );
    expect(down.rows[0][1]).toBe('none: no GET Redis answered');
    expect(down.rows[0].at(-1)).toBe(
      'none: Redis answered no GET, so no measured rate to hold against it',
    );
  });
});
