// A console command reads the keys it names before and after it runs, to tell whether it changed
// them, and every snapshot asks each cached value which user's row it holds. Beside a value of a
// megabyte, both used to read all of it each time: JSON.stringify of the value (twice a command)
// and a scan of it for "version":. A replay of a thousand `COPY big kN` took the page 8.5 s on Back.
import { afterEach, expect, it, vi } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { Simulation } from './simulation';

afterEach(() => {
  vi.restoreAllMocks();
});

const MB = 1_000_000;

it('a command beside a 1 MB value neither writes the value out as text nor scans it', async () => {
  const sim = Simulation.create(await loadSqlJsNode(), { actors: ['A'], rows: 10 });
  // A value no other test file makes: the files of a worker share it (vite.config.ts), and a
  // spy on String.prototype sees every call made while it is on, theirs too.
  const big = `keyStates.test ${'x'.repeat(MB)}`;
  const bigJson = JSON.stringify(big);
  await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'big', big] });
  await sim.snapshot();
  const stringify = vi.spyOn(JSON, 'stringify');
  // Where each scan of this value came from, should one come (a failure then names it).
  const scans: string[] = [];
  const scan = String.prototype.lastIndexOf;
  vi.spyOn(String.prototype, 'lastIndexOf').mockImplementation(function (this: string, ...args) {
    if (String(this) === big) scans.push(new Error('scanned').stack ?? '');
    return scan.apply(this, args);
  });
  for (let i = 0; i < 3; i++)
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['COPY', 'big', `k${i}`] });
  const { cache } = await sim.snapshot();
  expect(stringify.mock.results.filter((r) => r.value === big || r.value === bigJson)).toEqual([]);
  expect(scans).toEqual([]);
  // The copies are there, whole.
  expect(cache.filter((e) => e.key.startsWith('k')).map((e) => [e.key, e.value.length])).toEqual(
    [0, 1, 2].map((i) => [`k${i}`, big.length]),
  );
});

it('a command that changes a key is still told apart from one that leaves it as it was', async () => {
  const sim = Simulation.create(await loadSqlJsNode(), { actors: ['A'], rows: 10 });
  const run = async (...argv: string[]) =>
    ((await sim.dispatch({ type: 'redis', actor: 'console', argv })) as { hasChanged?: boolean })
      .hasChanged;
  expect(await run('SET', 'big', 'x'.repeat(MB))).toBe(true);
  // The same value again, made anew: nothing changed.
  expect(await run('SET', 'big', 'x'.repeat(MB))).toBe(false);
  expect(await run('GET', 'big')).toBe(false);
  expect(await run('SET', 'big', 'y'.repeat(MB))).toBe(true);
  expect(await run('EXPIRE', 'big', '100')).toBe(true);
  expect(await run('RPUSH', 'list', 'a')).toBe(true);
  expect(await run('RPUSH', 'list', 'b')).toBe(true);
  expect(await run('LRANGE', 'list', '0', '-1')).toBe(false);
});
