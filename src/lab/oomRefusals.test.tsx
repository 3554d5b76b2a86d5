// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import {
  DEFAULT_WORKLOAD,
  runWorkload,
  type WorkloadConfig,
  type WorkloadSummary,
} from '../engine/workload';
import { analyticHitRate } from './analytic';
import type { LabRun } from './labState';
import { RunSummary } from './RunSummary';
import { runEndedText } from './runNotice';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The summary's rows as the page shows them: header, value. */
function rows(run: LabRun): Map<string, string> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<RunSummary run={run} />));
  const shown = new Map(
    [...container.querySelectorAll('tr')].map((tr) => [
      tr.querySelector('th')?.textContent ?? '',
      tr.querySelector('td')?.textContent ?? '',
    ]),
  );
  act(() => root.unmount());
  container.remove();
  return shown;
}

const full: WorkloadConfig = {
  ...DEFAULT_WORKLOAD,
  requests: 3000,
  keys: 100,
  maxKeys: 10,
  eviction: 'noeviction',
};
// The same, with Redis down for a while: some errors are refusals, the others unreachable.
const fullThenDown: WorkloadConfig = {
  ...full,
  faults: [{ kind: 'cache-down', startSeconds: 1, durationSeconds: 0.5 }],
};

async function labRun(config: WorkloadConfig): Promise<LabRun> {
  const { summary, series } = await runWorkload(await loadSqlJsNode(), config);
  return { id: 1, name: 'A', config, series, summary, analyticHitRate: analyticHitRate(config) };
}

// Under noeviction with Max keys, Redis refuses every SET past the limit with its OOM error. The
// lab said only "cache errors (commands Redis refused or could not be reached for)", as of Redis
// being down, and its model row did not say that the model fills the cache at every miss.
describe('a full cache under noeviction: its cache errors named as OOM refusals', () => {
  let onlyFull: LabRun;
  let mixed: LabRun;
  beforeAll(async () => {
    [onlyFull, mixed] = await Promise.all([labRun(full), labRun(fullThenDown)]);
  });

  it('the summary says every error was a refusal for memory, and what that did', () => {
    const s = onlyFull.summary as WorkloadSummary;
    expect(s.oomRefusals).toBe(s.cacheErrors);
    expect(rows(onlyFull).get('Cache errors')).toBe(
      `${s.cacheErrors.toLocaleString('en-US')} (all OOM refusals: Redis held its Max keys of 10 and, under noeviction, refused each command that would add a key; the requests went on with the database, a read still returning its row, but no copy was kept)`,
    );
  });

  it('the summary says how many of the errors were refusals when the others were not', () => {
    const s = mixed.summary as WorkloadSummary;
    const oom = s.oomRefusals ?? 0;
    expect(oom).toBeGreaterThan(0);
    expect(oom).toBeLessThan(s.cacheErrors);
    expect(rows(mixed).get('Cache errors')).toBe(
      `${s.cacheErrors.toLocaleString('en-US')} (${oom.toLocaleString('en-US')} of them OOM refusals: Redis held its Max keys of 10 and, under noeviction, refused each command that would add a key; the requests went on with the database, a read still returning its row, but no copy was kept; the other ${(s.cacheErrors - oom).toLocaleString('en-US')} commands Redis refused otherwise or could not be reached for)`,
    );
  });

  it('the model row says the run did not keep to a model that fills the cache at every miss', () => {
    const s = onlyFull.summary as WorkloadSummary;
    expect(rows(onlyFull).get('Hit rate (analytic TTL model)')).toContain(
      `Redis refused ${s.oomRefusals?.toLocaleString('en-US')} commands for memory (OOM at its Max keys of 10, under noeviction), so their copies were not kept, where the model fills the cache at every miss`,
    );
  });

  it('the status line names the refusals, and does not hedge the hit rate on GETs Redis left unanswered', () => {
    const s = onlyFull.summary as WorkloadSummary;
    const text = runEndedText(s);
    expect(text).toContain(
      `; ${s.cacheErrors.toLocaleString('en-US')} cache errors (all OOM refusals: Redis held its Max keys of 10 and, under noeviction, refused each command that would add a key; the requests went on with the database, a read still returning its row, but no copy was kept).`,
    );
    expect(text).not.toContain('of the GETs Redis answered');
    expect(runEndedText(mixed.summary as WorkloadSummary)).toMatch(
      / cache errors \([\d,]+ of them OOM refusals: .*; the other [\d,]+ commands Redis refused otherwise or could not be reached for\); [\d,]+ reads? got no answer to a GET/,
    );
  });
});
