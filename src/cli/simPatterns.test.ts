import { describe, expect, it } from 'vitest';
import { simHere } from './simHere';

/** `npm run sim ... --json` in this process: the summary's text, and its last line's JSON. */
async function sim(args: string[]): Promise<{ text: string; summary: Record<string, unknown> }> {
  const { code, stdout, stderr } = await simHere([...args, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n');
  return { text: lines.slice(0, -1).join('\n'), summary: JSON.parse(lines.at(-1) as string) };
}

const small = ['--requests', '2000', '--keys', '100', '--read-ratio', '0.8', '--seed', '5'];

describe('npm run sim --pattern', () => {
  it('reports consistency within 1 s, 10 s and 60 s, and the pattern ranks as it should', async () => {
    const ttlOnly = await sim([...small, '--write-policy', 'ttl-only']);
    const through = await sim([...small, '--pattern', 'write-through']);
    expect(Object.keys(through.summary.consistency as object).sort()).toEqual([
      'within10s',
      'within1s',
      'within60s',
      'writes',
    ]);
    // Under ttl-only a stale copy stays until its TTL, longer than the run had left after many
    // writes: those are not consistent within 60 s as the run left them, their 60 s not over.
    expect(Object.keys(ttlOnly.summary.consistency as object).sort()).toEqual([
      'undecided',
      'within10s',
      'within1s',
      'within60s',
      'writes',
    ]);
    expect(ttlOnly.text).toMatch(
      /\d of them not consistent when the run ended, less than 60 s after their write/,
    );
    const c = (s: Record<string, unknown>) => s.consistency as Record<string, number>;
    expect(c(ttlOnly.summary).within1s).toBeLessThan(0.2);
    expect(c(through.summary).within1s).toBe(1);
    expect(through.text).toMatch(/^write-through run: 2,000 requests/);
    expect(through.text).toContain('consistent within 1 s 100% (every write)');
  }, 120_000);

  it('write-behind with no write flushed gives no lag, rather than "mean 0.0 ms"', async () => {
    const { text } = await sim([
      '--requests',
      '200',
      '--read-ratio',
      '1',
      '--pattern',
      'write-behind',
    ]);
    expect(text).toContain(
      '  write-behind  0 writes flushed to the database, so no lag; 0 writes lost\n',
    );
  }, 120_000);

  it('write-behind prints its lag and its lost writes', async () => {
    const { text, summary } = await sim([...small, '--pattern', 'write-behind']);
    // A lag of a second and more is grouped as the counts are ("1,136.6 ms").
    expect(text).toMatch(
      /write-behind +\d+ writes flushed to the database, lag mean \d{1,3}(,\d{3})*\.\d ms, max \d{1,3}(,\d{3})*\.\d ms;/,
    );
    const wb = summary.writeBehind as Record<string, number>;
    expect(wb.flushed).toBe(summary.writes);
    expect(wb.lost).toBe(0);
    expect(wb.meanLagMs).toBeGreaterThan(0);
  }, 120_000);

  it('write-behind names what lost its writes: evictions, with no restart', async () => {
    const { text, summary } = await sim([
      ...small,
      ...['--pattern', 'write-behind', '--max-keys', '20', '--eviction', 'allkeys-lru'],
    ]);
    const wb = summary.writeBehind as { lost: number; lostBy: Record<string, number> };
    expect(wb.lost).toBeGreaterThan(0);
    expect(wb.lostBy).toEqual({
      restart: 0,
      removed: wb.lost,
      rowGone: 0,
      overwritten: 0,
      refused: 0,
    });
    expect(text).toContain(
      `; ${wb.lost} writes lost (the queue was evicted or deleted before their flush)`,
    );
    expect(text).not.toContain('restart');
  }, 120_000);
});

it("says the change log's invalidations that failed (Redis down) were not delivered", async () => {
  // Until 2026-12-05 the line said "383 invalidations delivered 200 ms after commit, 0 dropped"
  // beside 17 lost invalidations: the DELs sent while Redis was down counted as delivered.
  const { text, summary } = await sim(
    '--invalidation cdc --requests 2000 --keys 20 --read-ratio 0.8 --fault cache-down:0.5:1 --seed 3'.split(
      ' ',
    ),
  );
  const cdc = summary.cdc as { delivered: number; failed: number; lost: number };
  expect(cdc.failed).toBeGreaterThan(0);
  expect(cdc.delivered + cdc.failed + cdc.lost).toBe(summary.writes);
  expect(text).toMatch(
    new RegExp(
      `^ {2}cdc {11}${cdc.delivered.toLocaleString('en-US')} invalidations delivered 200 ms after commit, 0 held back, ${cdc.failed} not delivered \\(Redis refused or could not be reached for the DEL\\), 0 dropped;`,
      'm',
    ),
  );
});
