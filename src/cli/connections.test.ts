import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import { FIELD_GROUPS, fieldHint } from '../lab/labConfig';
import { simHelp } from './args';

const runWith = async (connections: number) => {
  const config: WorkloadConfig = { ...DEFAULT_WORKLOAD, requests: 1000, keys: 50, connections };
  const { summary, series } = await runWorkload(await loadSqlJsNode(), config);
  return { summary: { ...summary, config: undefined }, series };
};

// Until 2026-12-06 Connections 1, 4 and 64 gave identical runs and neither the lab's hint nor
// --help said so: each command draws its own latency, whatever connection it goes on, so the
// setting names the app processes (INFO counts them) and sizes a run against a real Redis only.
describe('connections, in virtual time', () => {
  it('changes no figure of a run: 1 and 64 give the same summary and series', async () => {
    const one = await runWith(1);
    const many = await runWith(64);
    expect(many.summary).toEqual(one.summary);
    expect(many.series).toEqual(one.series);
  });

  it('says so in the lab’s hint and in --help', () => {
    const spec = FIELD_GROUPS.flatMap((g) => g.fields).find((f) => f.field === 'connections');
    const said =
      'in virtual time each command draws its own latency, whatever connection it goes on, so this changes no figure of a run; against a real Redis (npm run sim -- --redis-url) the run opens this many';
    expect(spec && fieldHint(spec)).toContain(said);
    expect(simHelp()).toMatch(
      /--connections\s+.*in virtual time each command draws its own latency/,
    );
  });
});
