import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { WorkloadSummary } from '../src/engine/workload';
import { expect, test } from './fixtures';

// Under noeviction with Max keys, every SET past the limit is refused with Redis' OOM error. The
// page and `npm run sim` counted those as "cache errors (commands Redis refused or could not be
// reached for)", as Redis being down; both now say how many were refusals for memory, from the
// same count.
test('a full cache under noeviction: the lab and the CLI name its OOM refusals from one count', async ({
  lab,
  api,
}) => {
  const args = ['--requests', '3000', '--keys', '100', '--max-keys', '10', '--seed', '5'];
  const cli = promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/sim.ts', '--json', '--eviction', 'noeviction', ...args],
    { encoding: 'utf8' },
  );
  cli.catch(() => undefined);
  await lab.open();
  const summary = await api.lab.run({
    requests: 3000,
    keys: 100,
    maxKeys: 10,
    eviction: 'noeviction',
    seed: 5,
  });
  const { stdout } = await cli;
  const expected = JSON.parse(stdout.trim().split('\n').at(-1) as string) as WorkloadSummary;
  expect(summary).toEqual(expected);
  expect(expected.oomRefusals).toBe(expected.cacheErrors);
  const n = expected.cacheErrors.toLocaleString('en-US');
  const words =
    '(all OOM refusals: Redis held its Max keys of 10 and, under noeviction, refused each command that would add a key; the requests went on with the database, a read still returning its row, but no copy was kept)';
  await expect(lab.summaryValue('Cache errors')).toHaveText(`${n} ${words}`);
  await expect(lab.status).toContainText(`; ${n} cache errors ${words}.`);
  expect(stdout).toContain(`, ${n} errors ${words}, `);
  await expect(lab.summaryValue('Hit rate (analytic TTL model)')).toContainText(
    `Redis refused ${n} commands for memory (OOM at its Max keys of 10, under noeviction), so their copies were not kept, where the model fills the cache at every miss`,
  );
});
