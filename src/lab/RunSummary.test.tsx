// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import type { WorkloadHooks } from '../engine/workloadHooks';
import { analyticHitRate } from './analytic';
import type { LabRun } from './labState';
import { RunSummary } from './RunSummary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 2000, rate: 1000, keys: 200 };

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function run(hooks: WorkloadHooks = {}) {
  return runWorkload(await loadSqlJsNode(), config, hooks);
}

/** The summary's rows as the page shows them: header, value. */
function rows(labRun: LabRun): Map<string, string> {
  act(() => root.render(<RunSummary run={labRun} />));
  return new Map(
    [...container.querySelectorAll('tr')].map((tr) => [
      tr.querySelector('th')?.textContent ?? '',
      tr.querySelector('td')?.textContent ?? '',
    ]),
  );
}

const labRun = (over: Partial<LabRun>): LabRun => ({
  id: 1,
  name: 'A',
  config,
  series: [],
  summary: null,
  analyticHitRate: null,
  ...over,
});

describe('RunSummary: the keys in Redis, said as what they are', () => {
  it('while the run streams in: the keys now, not "when the requests ended"', async () => {
    const { series } = await run();
    const shown = rows(labRun({ series: series.slice(0, 1) }));
    expect(shown.get('Keys in Redis now')).toMatch(/^[\d,]+ \(the users table has 200 rows\)$/);
    expect([...shown.keys()].join('\n')).not.toMatch(/when the requests ended/);
  });

  it('a run Stop ended before its last request: the keys at the stop', async () => {
    // The first look at Stop comes before the first request; the second, 500 requests in.
    let looks = 0;
    const { summary, series } = await run({ progressEvery: 500, shouldStop: () => ++looks > 1 });
    expect(summary.stopped).toBe(true);
    expect(summary.requests).toBeGreaterThan(0);
    expect(summary.requests).toBeLessThan(config.requests);
    const shown = rows(labRun({ series, summary }));
    expect(shown.get('Keys in Redis when the run was stopped')).toBe(
      `${summary.requestWindow?.cachedKeys.toLocaleString('en-US')} (the users table has 200 rows)`,
    );
    expect([...shown.keys()].join('\n')).not.toMatch(/when the requests ended/);
  });

  it('a finished run: the keys when the requests ended', async () => {
    const { summary, series } = await run();
    const shown = rows(labRun({ series, summary }));
    expect(shown.get('Keys in Redis when the requests ended')).toBe(
      `${summary.requestWindow?.cachedKeys.toLocaleString('en-US')} (the users table has 200 rows)`,
    );
  });

  it('more keys than rows says which keys are not copies of rows (the write-behind queue)', async () => {
    const behind = { ...config, keys: 30, requests: 300, pattern: 'write-behind' as const };
    const { summary, series } = await runWorkload(await loadSqlJsNode(), behind, {});
    expect(summary.requestWindow?.cachedKeys).toBe(31);
    const shown = rows(labRun({ config: behind, series, summary }));
    expect(shown.get('Keys in Redis when the requests ended')).toBe(
      '31 (the users table has 30 rows; locks, leases and the write-behind queue are keys too, beside the copies of rows)',
    );
  });

  it('a table of one user is one row, not "1 rows"', async () => {
    const one = { ...config, keys: 1, requests: 50 };
    const { summary, series } = await runWorkload(await loadSqlJsNode(), one, {});
    const shown = rows(labRun({ config: one, series, summary }));
    expect(shown.get('Keys in Redis when the requests ended')).toBe(
      `${summary.requestWindow?.cachedKeys} (the users table has 1 row)`,
    );
  });
});

describe('RunSummary: the database reads', () => {
  it('a rate too small for one decimal is written in two significant digits, not 0/s', async () => {
    const slow = { ...config, requests: 3, rate: 0.001, readRatio: 1 };
    const { summary, series } = await runWorkload(await loadSqlJsNode(), slow, {});
    const shown = rows(labRun({ config: slow, series, summary }));
    expect(shown.get('DB reads')).toMatch(/^3 \(0\.000\d\d?\/s over the requests\)$/);
  });
});

describe('RunSummary: the database writes', () => {
  it('the figure the CLI prints, and the buckets’ total while the run streams in', async () => {
    const { summary, series } = await run();
    expect(summary.dbWrites).toBeGreaterThan(0);
    expect(rows(labRun({ series, summary })).get('DB writes')).toBe(
      summary.dbWrites.toLocaleString('en-US'),
    );
    const first = series.slice(0, 2);
    const soFar = first[0].dbWrites + first[1].dbWrites;
    expect(soFar).toBeGreaterThan(0);
    expect(rows(labRun({ series: first })).get('DB writes')).toBe(soFar.toLocaleString('en-US'));
  });
});

describe('RunSummary: the hit rate', () => {
  it('a run with no GETs has none to show, not 0%', async () => {
    const { summary, series } = await runWorkload(await loadSqlJsNode(), {
      ...config,
      readRatio: 0,
    });
    expect(summary.hitRate).toBeNull();
    expect(rows(labRun({ series, summary })).get('Hit rate (measured)')).toBe(
      'no GETs, so no hit rate',
    );
    expect(rows(labRun({ series: series.slice(0, 1) })).get('Hit rate (measured)')).toBe(
      'no GETs, so no hit rate (so far)',
    );
  });
});

describe('RunSummary: the stale-read rate', () => {
  it('a run with no reads has none to show, not 0%, finished or streaming in', async () => {
    const { summary, series } = await runWorkload(await loadSqlJsNode(), {
      ...config,
      readRatio: 0,
    });
    expect(summary.staleReadRate).toBeNull();
    for (const run of [labRun({ series, summary }), labRun({ series: series.slice(0, 1) })])
      expect(rows(run).get('Stale reads')).toBe('0 (no reads, so no stale-read rate)');
  });
});

describe('RunSummary: shares near 0 and 100%', () => {
  it('are not rounded onto 0% beside a stale read, nor onto 100% beside a miss', async () => {
    const { summary, series } = await run();
    const reads = 2_000_000;
    const near = {
      ...summary,
      reads,
      hits: reads - 1,
      misses: 1,
      hitRate: (reads - 1) / reads,
      staleReads: 1,
      staleReadRate: 1 / reads,
    };
    const shown = rows(labRun({ series, summary: near }));
    expect(shown.get('Hit rate (measured)')).toBe('over 99.99%');
    expect(shown.get('Stale reads')).toBe('1 (under 0.001% of reads)');
    const whole = { ...near, hits: reads, misses: 0, hitRate: 1, staleReads: 0, staleReadRate: 0 };
    const exact = rows(labRun({ series, summary: whole }));
    expect(exact.get('Hit rate (measured)')).toBe('100.00%');
    expect(exact.get('Stale reads')).toBe('0 (0.000% of reads)');
  });
});

describe('RunSummary: the analytic hit rate', () => {
  it('with no reads there is none, in the model as in the measurement', async () => {
    const noReads = { ...config, readRatio: 0 };
    const { summary, series } = await runWorkload(await loadSqlJsNode(), noReads);
    const shown = rows(
      labRun({ config: noReads, series, summary, analyticHitRate: analyticHitRate(noReads) }),
    );
    expect(shown.get('Hit rate (analytic TTL model)')).toBe('none: no reads, so no hit rate');
    expect(shown.get('Hit rate (measured)')).not.toMatch(/%/);
  });

  it('with reads it is the model’s figure', () => {
    const rate = analyticHitRate(config);
    expect(rate).toBeGreaterThan(0);
    // Until the worker has it, the row says what it waits for: until 2026-12-07 a bare "–".
    expect(rows(labRun({})).get('Hit rate (analytic TTL model)')).toBe(
      'none yet: the run works it out for these settings as it starts',
    );
    expect(rows(labRun({ analyticHitRate: rate })).get('Hit rate (analytic TTL model)')).toMatch(
      /^\d+\.\d+%$/,
    );
  });

  it("beside the learner's read path it says the model takes the TTL setting, which their code may not use", () => {
    const shown = rows(
      labRun({
        config: { ...config, ttl: 60 },
        analyticHitRate: 0.9833,
        yours: { read: true, write: false },
      }),
    ).get('Hit rate (analytic TTL model)');
    expect(shown).toBe(
      '98.33%: the model takes every miss to SET with the TTL setting (TTL 60 s) and no hit to refresh it; your read path sets its own expiry, which the model does not read, so a gap between the two says what your code does, not that the run went wrong',
    );
    // Our read path and the learner's write path alone SET with the setting: the figure alone.
    const ours = rows(labRun({ analyticHitRate: 0.9833, yours: { read: false, write: true } }));
    expect(ours.get('Hit rate (analytic TTL model)')).toBe('98.33%');
  });
});

describe('RunSummary: the analytic hit rate under a pattern whose own work fills or renews keys', () => {
  // The chart and the sweep said the model is no ceiling here; the summary's row gave the
  // figure alone, as if the measured rate should stay under it.
  it.each([
    ['write-through', 'Write-through ran: its writes store the new row with the TTL too'],
    ['write-behind', 'Write-behind ran: its writes store the row with no expiry'],
    ['refresh-ahead', 'Refresh-ahead ran: a hit with less than half the TTL left reloads the row'],
  ] as const)('%s: says the model is no ceiling for the measured rate', (pattern, why) => {
    const shown = rows(labRun({ config: { ...config, pattern }, analyticHitRate: 0.9833 }));
    const row = shown.get('Hit rate (analytic TTL model)')!;
    expect(row.startsWith(`98.33%. ${why}`), row).toBe(true);
    expect(row).toMatch(/so the measured rate can sit above this figure\.$/);
    expect(row).not.toMatch(/dashed line/);
  });

  it('cache-aside and read-through: the figure alone, the model being theirs', () => {
    for (const pattern of ['cache-aside', 'read-through'] as const)
      expect(
        rows(labRun({ config: { ...config, pattern }, analyticHitRate: 0.9833 })).get(
          'Hit rate (analytic TTL model)',
        ),
      ).toBe('98.33%');
  });
});

describe('RunSummary: the analytic hit rate where the run breaks what the model assumes', () => {
  // The row gave the model's 98.33% beside a measured 2.32% under Max keys 1 with no word why;
  // only the chart's caption said the model leaves out eviction, writes and the warm-up.
  const row = async (over: Partial<WorkloadConfig>) => {
    const c = { ...config, readRatio: 1, ttl: 1, ...over };
    const result = await runWorkload(await loadSqlJsNode(), c);
    const text = rows(
      labRun({
        config: c,
        series: result.series,
        summary: result.summary,
        analyticHitRate: 0.9833,
      }),
    ).get('Hit rate (analytic TTL model)')!;
    return { text, summary: result.summary };
  };

  it('a run that keeps to it: the figure alone', async () => {
    expect((await row({})).text).toBe('98.33%');
  });

  it('Max keys evicting: says how many keys the model would have kept', async () => {
    const { text, summary } = await row({ maxKeys: 1, eviction: 'allkeys-lru' });
    expect(summary.evictions).toBeGreaterThan(0);
    expect(text).toBe(
      `98.33%, from a model this run did not keep to (each makes reads miss where the model hits): Max keys 1 evicted ${summary.evictions.toLocaleString('en-US')} keys, which the model keeps until their TTL ends.`,
    );
  });

  it('writes that invalidate: says how many, the model having none', async () => {
    const { text, summary } = await row({ readRatio: 0.9 });
    const writes = summary.requests - summary.reads;
    // Only the DELs that found a copy removed one: until 2026-12-07 every write was said to.
    const removed = summary.removedCopies!;
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBeLessThan(writes);
    expect(text).toMatch(
      new RegExp(
        `: the writes' invalidations removed ${removed.toLocaleString('en-US')} cached copies of their keys, which the model leaves out\\.$`,
      ),
    );
    // A write that stores the row instead takes nothing away from the reads.
    expect((await row({ readRatio: 0.9, writePolicy: 'update-cache' })).text).toBe('98.33%');
  });

  it('a run shorter than the TTL: says it was all warm-up, where the model is the steady state', async () => {
    const { text } = await row({ ttl: 60 });
    expect(text).toMatch(
      /: the requests lasted 2\.\d s, less than the TTL \(60 s\), so the whole run was the warm-up in which each key's first read misses; the model is the steady state after it\.$/,
    );
  });

  it('no expiry: says the model has every key cached, where the run had to fill them', async () => {
    const { text } = await row({ ttl: 0 });
    expect(text).toMatch(
      /: with no expiry the model has every key cached, and leaves out the warm-up in which each key's first read misses\.$/,
    );
  });
});

describe('RunSummary: the virtual time the requests took', () => {
  it('under a second, in ms, not "0 s"', async () => {
    // 30 requests at 1,000 a second take about 30 ms of virtual time.
    const shortConfig = { ...config, requests: 30 };
    const result = await runWorkload(await loadSqlJsNode(), shortConfig);
    const shown = rows(
      labRun({ config: shortConfig, series: result.series, summary: result.summary }),
    ).get('Requests');
    expect(shown).toMatch(/^30 over [1-9]\d(\.\d)? ms virtual$/);
  });

  it('from a second on, in s', async () => {
    const result = await run();
    expect(
      rows(labRun({ series: result.series, summary: result.summary })).get('Requests'),
    ).toMatch(/^2,000 over 2(\.\d)? s virtual$/);
  });
});

describe('RunSummary: a run in which no request arrived', () => {
  it('says none arrived within its duration, and shows no latency rather than 0 ms', async () => {
    // At 0.001 requests a second the first arrival is due far past the run's 10 s.
    const emptyConfig = { ...config, requests: 10, rate: 0.001, durationSeconds: 10 };
    const result = await runWorkload(await loadSqlJsNode(), emptyConfig);
    expect(result.summary.requests).toBe(0);
    const shown = rows(
      labRun({ config: emptyConfig, series: result.series, summary: result.summary }),
    );
    expect(shown.get('Requests')).toBe("0: none arrived within the run's 10.0 s of virtual time");
    expect(shown.get('Latency p50 / p99')).toBe('none: no request finished');
    // Until 2026-12-07 the model's figure stood alone ("0.54%"), as if there were a run to
    // hold it against.
    const withModel = rows(
      labRun({
        config: emptyConfig,
        series: result.series,
        summary: result.summary,
        analyticHitRate: analyticHitRate(emptyConfig),
      }),
    );
    expect(withModel.get('Hit rate (analytic TTL model)')).toMatch(
      /^\d+\.\d\d% for these settings, with no measured rate to hold it against: no request arrived within the run's 10\.0 s$/,
    );
    for (const value of withModel.values()) expect(value).not.toMatch(/NaN|Infinity|^$/);
  });
});

describe('RunSummary: a run stopped before its first request', () => {
  it('says so, rather than "0 over 0 s virtual" and keys "when the requests ended"', async () => {
    const result = await runWorkload(await loadSqlJsNode(), config, { shouldStop: () => true });
    expect(result.summary.requestWindow).toBeNull();
    const shown = rows(labRun({ series: result.series, summary: result.summary }));
    expect(shown.get('Requests')).toBe('0: stopped before the first request');
    expect([...shown.keys()].join('\n')).not.toMatch(/when the requests ended/);
    expect(shown.get('Keys in Redis')).toBe(
      'none: stopped before the first request, so nothing was cached (the users table has 200 rows)',
    );
    const withModel = rows(
      labRun({
        series: result.series,
        summary: result.summary,
        analyticHitRate: analyticHitRate(config),
      }),
    );
    expect(withModel.get('Hit rate (analytic TTL model)')).toMatch(
      /^\d+\.\d\d% for these settings, with no measured rate to hold it against: the run was stopped before any request finished$/,
    );
    for (const value of withModel.values()) expect(value).not.toMatch(/NaN|Infinity|^$/);
  });
});

describe('RunSummary: a stopped run counts the requests that finished', () => {
  it('names the requests in flight at the stop apart, and its hit rate is its hits over its GETs', async () => {
    const slow = { ...config, requests: 20_000, rate: 2000, keys: 1000, dbLatency: 200 };
    let reports = 0;
    const result = await runWorkload(await loadSqlJsNode(), slow, {
      progressEvery: 500,
      shouldStop: () => ++reports > 2,
    });
    const s = result.summary;
    expect(s.inFlight).toBeGreaterThan(0);
    const shown = rows(labRun({ config: slow, series: result.series, summary: s }));
    expect(shown.get('Requests')).toMatch(
      new RegExp(
        `^${s.requests.toLocaleString('en-US')} over .* \\(stopped early; ${s.inFlight.toLocaleString('en-US')} more in flight at the stop, not counted\\)$`,
      ),
    );
    expect(shown.get('Hit rate (measured)')).toBe(
      `${((100 * s.hits) / (s.hits + s.misses)).toFixed(2)}%`,
    );
    expect(s.inFlightDbReads).toBeGreaterThan(0);
    expect(shown.get('DB reads')).toMatch(
      new RegExp(
        `^${s.dbReads.toLocaleString('en-US')} \\([\\d,.]+/s over the requests; ${s.inFlightDbReads?.toLocaleString('en-US')} more by the requests in flight, not counted\\)$`,
      ),
    );
  });
});

describe('RunSummary: figures of no sample', () => {
  it('says there was no stale read, not "0 ms" of staleness', async () => {
    const readsOnly = { ...config, requests: 200, readRatio: 1 };
    const result = await runWorkload(await loadSqlJsNode(), readsOnly);
    expect(result.summary.staleReads).toBe(0);
    const shown = rows(
      labRun({ config: readsOnly, series: result.series, summary: result.summary }),
    );
    expect(shown.get('Longest staleness')).toBe('none: no stale read');
  });

  it('says no stale read so far while the run streams in', async () => {
    const readsOnly = { ...config, requests: 200, readRatio: 1 };
    const { series } = await runWorkload(await loadSqlJsNode(), readsOnly);
    const shown = rows(labRun({ config: readsOnly, series: series.slice(0, 1) }));
    expect(shown.get('Longest staleness')).toBe('none: no stale read so far');
  });

  it('says no request arrived, rather than "0 keys in Redis when the requests ended"', async () => {
    const emptyConfig = { ...config, requests: 10, rate: 0.001, durationSeconds: 10 };
    const result = await runWorkload(await loadSqlJsNode(), emptyConfig);
    const shown = rows(
      labRun({ config: emptyConfig, series: result.series, summary: result.summary }),
    );
    expect([...shown.keys()].join('\n')).not.toMatch(/when the requests ended/);
    expect(shown.get('Keys in Redis')).toBe(
      'none: no request arrived, so nothing was cached (the users table has 200 rows)',
    );
  });
});

describe('RunSummary: invalidation from the change log', () => {
  it("says what the consumer delivered, held back and dropped, as the CLI's cdc line does", async () => {
    const cdc = {
      ...config,
      invalidation: 'cdc' as const,
      cdcDelayMs: 50,
      cdcReorder: 0.2,
      cdcLoss: 0.1,
      readRatio: 0.5,
    };
    const { summary, series } = await runWorkload(await loadSqlJsNode(), cdc, {});
    const c = summary.cdc;
    if (!c) throw new Error('a cdc run reports its consumer');
    expect(c.reordered).toBeGreaterThan(0);
    expect(c.lost).toBeGreaterThan(0);
    const shown = rows(labRun({ config: cdc, series, summary }));
    expect(shown.get('Lost invalidations')).toBe(
      `${summary.lostInvalidations.toLocaleString('en-US')} (the change log's consumer dropped ${c.lost.toLocaleString('en-US')}: a drop counts only when an older copy stayed cached and no later change's DEL removed it)`,
    );
    expect(shown.get('Change log (CDC) consumer')).toBe(
      `${c.delivered.toLocaleString('en-US')} invalidations delivered: ${(c.delivered - c.reordered).toLocaleString('en-US')} at the 50 ms lag, ${c.reordered.toLocaleString('en-US')} later (held back a seeded 0.5 to 1 lag more), ${c.lost.toLocaleString('en-US')} dropped; ${c.logReads.toLocaleString('en-US')} reads of the change log`,
    );
  });

  it('a run whose application invalidates has no consumer row', async () => {
    const { summary, series } = await run();
    expect([...rows(labRun({ series, summary })).keys()]).not.toContain(
      'Change log (CDC) consumer',
    );
  });
});
