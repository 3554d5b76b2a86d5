import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadConfig } from '../engine/workload';
import { loadSqlJsNode } from '../engine/testSim';
import { parseConfigFile } from '../lab/labConfig';
import { simHere, simProcess } from './simHere';

describe('npm run sim', () => {
  it('names the invalidations held back apart from those delivered at the lag', async () => {
    const cdcLine = async (args: string[]) => {
      const { stdout } = await simHere([
        '--requests',
        '500',
        '--keys',
        '20',
        '--read-ratio',
        '0.5',
        '--invalidation',
        'cdc',
        '--json',
        ...args,
      ]);
      const lines = stdout.trim().split('\n');
      const summary = JSON.parse(lines.at(-1) as string);
      return { line: lines.find((l) => l.startsWith('  cdc ')), cdc: summary.cdc };
    };
    // Every invalidation held back: none came at the lag (it once read "delivered 100 ms after
    // commit, N held back", N being all of them).
    const all = await cdcLine(['--cdc-delay-ms', '100', '--cdc-reorder', '1']);
    expect(all.cdc.reordered).toBe(all.cdc.delivered);
    expect(all.line).toBe(
      `  cdc           ${all.cdc.delivered} invalidations delivered: 0 at the 100 ms lag, ${all.cdc.reordered} later (held back a seeded 0.5 to 1 lag more), 0 dropped; ${all.cdc.logReads} reads of the change log`,
    );
    const none = await cdcLine([]);
    expect(none.line).toMatch(
      /^ {2}cdc {11}\d+ invalidations delivered 200 ms after commit, 0 held back, 0 dropped; /,
    );
  });

  // Until 2026-12-06 the CLI printed no model at all, and the lab's model row named only the
  // writes of a run whose refills took seconds (7.98% measured against 98.33%); it then said the
  // settings' 20,002.7 ms where the run's own refills took 18,300.6 ms on average.
  it('prints the analytic model in the lab summary’s words, slow refills named', async () => {
    const modelLine = async (args: string[]) =>
      (await simHere(['--requests', '200', ...args])).stdout
        .split('\n')
        .find((l) => l.startsWith('  model'));
    const slow = await modelLine(['--stall-chance', '1', '--stall-ms', '10000']);
    expect(slow).toMatch(
      /^ {2}model {9}analytic TTL model 98\.33%, from a model this run did not keep to .*: the writes' invalidations removed \d+ cached cop(?:y|ies) of their keys, which the model leaves out; a miss's refill \(its GET's reply, the SELECT, the SET\) took 1\d,\d{3}\.\d ms on average in this run \(its \d+ refills, from the GET's miss to the SET\), .*the model gives about \d+\.\d\d%/,
    );
    const plain = await modelLine([]);
    expect(plain).toMatch(/^ {2}model {9}analytic TTL model \d+\.\d\d%, from a model /);
    expect(plain).not.toMatch(/refill/);
  });

  it('says a 0 ms median takes no time and never stalls, beside the stall chance it names', async () => {
    const line = async (args: string[]) =>
      (await simHere(['--requests', '200', '--keys', '5', ...args])).stdout
        .split('\n')
        .find((l) => l.startsWith('  latency model'));
    const zero = ['--cache-latency', '0', '--db-latency', '0', '--db-write-latency', '0'];
    expect(await line([...zero, '--stall-chance', '1'])).toBe(
      '  latency model lognormal, p99 4x the median, stalls 1 of ops, mean 30 ms; medians Redis 0, DB read 0, DB write 0 ms (Redis, DB read, DB write at 0 ms take no time: no tail, no stall)',
    );
    // The run agrees: every request took no time, though every operation was to stall.
    const { stdout } = await simHere([
      '--requests',
      '200',
      '--keys',
      '5',
      ...zero,
      '--stall-chance',
      '1',
    ]);
    expect(stdout).toContain('latency (ms)  mean 0, p50 0, p99 0');
    expect(await line(['--db-latency', '0'])).toMatch(
      /DB write 5 ms \(DB read at 0 ms takes no time: no tail, no stall\)$/,
    );
    expect(await line(['--db-latency', '0', '--latency-model', 'constant'])).toBe(
      '  latency model constant; medians Redis 0.3, DB read 0, DB write 5 ms',
    );
    expect(await line([])).toMatch(/DB write 5 ms$/);
  });

  it('prints a summary whose last line is one JSON object with the documented fields', async () => {
    const { code, stdout } = await simProcess([
      '--requests',
      '3000',
      '--keys',
      '50',
      '--zipf',
      '0',
      '--ttl',
      '30',
      '--seed',
      '9',
      '--json',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    for (const field of [
      'requests',
      'reads',
      'writes',
      'hits',
      'misses',
      'hitRate',
      'dbReads',
      'dbWrites',
      'staleReads',
      'staleReadRate',
      'maxStalenessMs',
      'evictions',
      'cacheErrors',
      'cachedKeys',
      'latencyMs',
      'config',
    ]) {
      expect(summary).toHaveProperty(field);
    }
    expect(summary.requests).toBe(3000);
    expect(summary.reads + summary.writes).toBe(3000);
    expect(summary.hitRate).toBeCloseTo(summary.hits / summary.reads, 10);
    // Every miss reads the database once under the plain read path.
    expect(summary.dbReads).toBe(summary.misses);
    expect(summary.config).toMatchObject({ keys: 50, zipf: 0, ttl: 30, seed: 9 });
    expect(stdout).toContain('hit rate');
  }, 120_000);

  it('gives the same numbers for the same seed', async () => {
    const a = await simHere(['--requests', '2000', '--seed', '4', '--json']);
    const b = await simHere(['--requests', '2000', '--seed', '4', '--json']);
    expect(a.stdout.split('\n').at(-2)).toBe(b.stdout.split('\n').at(-2));
  });

  it('exits 2 naming the valid values for a bad value or flag', async () => {
    const bad = await simProcess(['--write-policy', 'write-behind']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--write-policy must be one of invalidate, update-cache, ttl-only, delete-first, double-delete',
    );
    const unknown = await simHere(['--colour', 'blue']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown flag "--colour" \(valid: --seed, --requests/);
    const range = await simHere(['--read-ratio', '1.5']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--read-ratio must be a number from 0 to 1, got "1.5"');
  }, 120_000);

  it('rates over the requests and keys when they ended, apart from a long CDC drain', async () => {
    const { code, stdout } = await simHere([
      '--requests',
      '3000',
      '--rate',
      '1000',
      '--invalidation',
      'cdc',
      '--cdc-delay-ms',
      '60000',
      '--json',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    const windowS = (summary.requestWindow.endMs - summary.requestWindow.startMs) / 1000;
    expect(windowS).toBeGreaterThan(2.5);
    expect(windowS).toBeLessThan(3.5);
    expect(stdout).toMatch(
      new RegExp(
        `over ${windowS.toFixed(1)} s virtual, then 60\\.\\d s draining the cache layer's background work`,
      ),
    );
    expect(stdout).toContain(`${(summary.dbReads / windowS).toFixed(1)}/s over the requests`);
    expect(stdout).toContain(
      `${summary.requestWindow.cachedKeys} keys in Redis when the requests ended (${summary.cachedKeys} after the drain)`,
    );
  });

  it('says a run with no GETs has no hit rate nor stale-read rate, and its JSON has null for both', async () => {
    const { code, stdout } = await simHere(['--requests', '2000', '--read-ratio', '0', '--json']);
    expect(code).toBe(0);
    expect(stdout).toContain('  reads         0: no GETs, so no hit rate\n');
    expect(stdout).not.toMatch(/hit rate \d/);
    expect(stdout).toContain('  staleness     0 stale reads (no reads, so no stale-read rate),');
    const line = stdout.trim().split('\n').at(-1) as string;
    expect(JSON.parse(line)).toMatchObject({
      reads: 0,
      hits: 0,
      misses: 0,
      hitRate: null,
      staleReadRate: null,
    });
    expect(parseConfigFile(line).ok).toBe(true);
  });

  it('says a run of reads only judged no write, not "100% (every write)" of none', async () => {
    const { code, stdout } = await simHere(['--requests', '2000', '--read-ratio', '1']);
    expect(code).toBe(0);
    expect(stdout).toContain('  consistency   none: no writes to judge');
    expect(stdout).not.toContain('every write');
    // Nor does it name a write policy or an invalidation that took no part (until 2026-12-07).
    expect(stdout).toContain(
      '  policy        no write ran (so no write policy took part), read mitigation none, max keys unbounded\n',
    );
  });

  it('notes each flag given that takes no part in the run, and runs it all the same', async () => {
    const ignored = await simHere([
      '--requests',
      '200',
      '--pattern',
      'read-through',
      '--read-mitigation',
      'lease',
      '--double-delete-delay-ms',
      '50',
      '--cdc-loss',
      '0.5',
    ]);
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toContain('  policy        ');
    expect(ignored.stderr).toBe(
      [
        'sim: note: --double-delete-delay-ms 50 takes no part in this run: only --write-policy double-delete waits for it\n',
        "sim: note: --read-mitigation lease takes no part in this run: it changes none of this run's read programs (the pattern's, or cdc's consumer)\n",
        'sim: note: --cdc-loss 0.5 takes no part in this run: only --invalidation cdc has a change-log consumer\n',
      ].join(''),
    );
    // Flags that take part, and defaults nobody typed, are not noted.
    const used = await simHere([
      '--requests',
      '200',
      '--write-policy',
      'double-delete',
      '--double-delete-delay-ms',
      '50',
      '--read-mitigation',
      'lease',
    ]);
    expect(used).toMatchObject({ code: 0, stderr: '' });
  });

  it('never rounds a share onto 0% or 100% it is not: a hit rate with misses is under 100%', async () => {
    // 100,000 reads of one key: a miss or two, the rest hits; 99.998% is "100.00%" at 2 places.
    const { code, stdout } = await simHere([
      '--requests',
      '100000',
      '--read-ratio',
      '1',
      '--keys',
      '1',
      '--json',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(summary.misses).toBeGreaterThan(0);
    expect(summary.hitRate).toBeGreaterThan(0.99995);
    expect(stdout).toContain('hit rate over 99.99%');
    expect(stdout).not.toContain('hit rate 100.00%');
  });

  it("prints a --json summary the lab's import takes, with the config it ran", async () => {
    const { code, stdout } = await simHere([
      '--seed',
      '3',
      '--requests',
      '2000',
      '--duration',
      '10',
      '--json',
    ]);
    expect(code).toBe(0);
    const line = stdout.trim().split('\n').at(-1) as string;
    const { config } = JSON.parse(line);
    // The summary's config names every setting: the import sets them all, as from an export.
    expect(parseConfigFile(line)).toEqual({ ok: true, config, named: Object.keys(config) });
  });

  describe('--config and --fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-config-'));
    const faults: WorkloadConfig['faults'] = [
      { kind: 'cache-down', startSeconds: 0.5, durationSeconds: 0.5 },
      { kind: 'db-slow', startSeconds: 1, durationSeconds: 0.5, factor: 5 },
    ];
    // A file as the lab exports it: every setting, faults included.
    const settings = { ...DEFAULT_WORKLOAD, requests: 3000, keys: 100, ttl: 5, seed: 4, faults };
    const file = join(dir, 'lab-settings.json');
    writeFileSync(file, JSON.stringify(settings, null, 2));
    const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) as string);

    it("runs the lab's settings file, faults and all, as runWorkload runs them", async () => {
      const { code, stdout } = await simHere(['--config', file, '--json']);
      expect(code).toBe(0);
      const { summary } = await runWorkload(await loadSqlJsNode(), settings);
      expect(lastJson(stdout)).toEqual(JSON.parse(JSON.stringify(summary)));
      expect(summary.cacheErrors).toBeGreaterThan(0);
    });

    it('takes --fault flags, repeatable, and lets flags override the file', async () => {
      const fromFlags = await simHere([
        '--requests',
        '3000',
        '--keys',
        '100',
        '--ttl',
        '5',
        '--seed',
        '4',
        '--fault',
        'cache-down:0.5:0.5',
        '--fault',
        'db-slow:1:0.5:5',
        '--json',
      ]);
      const fromFile = await simHere(['--config', file, '--json']);
      expect(lastJson(fromFlags.stdout)).toEqual(lastJson(fromFile.stdout));
      const overridden = lastJson(
        (await simHere(['--config', file, '--ttl', '9', '--fault', 'cache-restart:1:0', '--json']))
          .stdout,
      );
      expect(overridden.config).toEqual({
        ...settings,
        ttl: 9,
        faults: [{ kind: 'cache-restart', startSeconds: 1, durationSeconds: 0 }],
      });
    });

    it("refuses a file the lab's import refuses, and a large file unread", async () => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ durationSeconds: 5 }));
      const refused = await simHere(['--config', bad]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `--config ${bad}: ${(parseConfigFile('{"durationSeconds":5}') as { errors: { text: string }[] }).errors[0].text}`,
      );
      const big = join(dir, 'big.json');
      writeFileSync(big, ' '.repeat(70_000));
      const large = await simHere(['--config', big]);
      expect(large.code).toBe(2);
      expect(large.stderr).toContain(
        'the file is 70,000 bytes; a settings file is at most 65,536 bytes',
      );
      const malformed = await simHere(['--fault', 'cache-down:1']);
      expect(malformed.stderr).toContain('--fault must be kind:start:duration[:factor]');
    });
  });

  it('lists the scheduled faults in the lab’s words and marks one that starts after the run', async () => {
    const { code, stdout } = await simHere([
      '--requests',
      '20',
      '--fault',
      'cache-down:1:2',
      '--fault',
      'db-slow:0:0.01',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        '  faults        Cache down from 1 s for 2 s (after the run ends)',
        '                Database 10x slower from 0 s for 0.01 s',
        '',
      ].join('\n'),
    );
    const none = await simHere(['--requests', '20']);
    expect(none.stdout).not.toContain('faults');
  });

  it('reads a --config file saved with a byte-order mark', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sim-bom-')), 'bom.json');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ttl": 9}')]),
    );
    const { code, stdout } = await simHere(['--config', file, '--requests', '20', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string).config.ttl).toBe(9);
  });

  it('writes a database rate too small for one decimal in two significant digits, not 0.0/s', async () => {
    const { stdout } = await simHere(['--requests', '3', '--rate', '0.001', '--read-ratio', '1']);
    // 3 reads over about 4,100 s of virtual time.
    expect(stdout).toMatch(/ 3 reads \(0\.000\d\d?\/s over the requests\)/);
  });

  it('says no request arrived within a set duration, with no latency or rate rather than 0', async () => {
    // At 0.001 requests a second the first arrival is due far past the run's 10 s.
    const { code, stdout } = await simHere([
      '--requests',
      '10',
      '--rate',
      '0.001',
      '--duration',
      '10',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^cache-aside run: 0 requests: none arrived within the run's 10\.0 s of virtual time, seed 1$/m,
    );
    expect(stdout).toContain('  database      0 reads, 0 writes\n');
    expect(stdout).toContain('  latency (ms)  none: no request finished\n');
  });

  it('does not call a fault within a run in which no request arrived "after the run ends"', async () => {
    // The heading gives the run's 10 s; a fault from 2 s to 5 s falls within them.
    const { stdout } = await simHere(
      '--rate 0.001 --duration 10 --fault cache-down:2:3 --fault cache-restart:12:0'.split(' '),
    );
    expect(stdout).toContain("none arrived within the run's 10.0 s of virtual time");
    expect(stdout).toContain('  faults        Cache down from 2 s for 3 s\n');
    expect(stdout).toContain('Cache restart at 12 s (after the run ends)\n');
  });

  it('writes a run shorter than 0.05 s of virtual time in ms, not "over 0.0 s"', async () => {
    const { stdout } = await simHere(['--requests', '10', '--rate', '1000000', '--keys', '1']);
    expect(stdout).toMatch(/^cache-aside run: 10 requests over \d\.\d ms virtual, seed 1$/m);
  });

  it('groups its counts in thousands, as its --help and the lab write them; JSON stays plain', async () => {
    const { stdout } = await simHere([
      '--requests',
      '12000',
      '--rate',
      '2000',
      '--keys',
      '1500',
      '--max-keys',
      '1200',
      '--json',
    ]);
    const lines = stdout.trim().split('\n');
    const [text, json] = [lines.slice(0, -1).join('\n'), lines.at(-1) as string];
    const s = JSON.parse(json) as { reads: number; writes: number; hits: number; dbReads: number };
    expect(s.reads).toBeGreaterThan(1000);
    expect(json).toContain(`"reads":${s.reads},`);
    const grouped = (n: number) => n.toLocaleString('en-US');
    expect(text).toMatch(/^cache-aside run: 12,000 requests over /m);
    expect(text).toContain('  workload      1,500 keys, zipf 0.9, 2,000 req/s,');
    expect(text).toContain('max keys 1,200 (noeviction)');
    expect(text).toContain(`  reads         ${grouped(s.reads)}: GETs ${grouped(s.hits)} hits, `);
    expect(text).toContain(`  writes        ${grouped(s.writes)}\n`);
    expect(text).toContain(`  database      ${grouped(s.dbReads)} reads (`);
    expect(text).toContain(`  consistency   of ${grouped(s.writes)} writes`);
    // No count of four digits or more is left ungrouped (decimals such as "2329.059 ms" aside).
    expect(text).not.toMatch(/(?<![\d.,])\d{4,}(?![\d.])/);
  });

  it('groups the whole part of its decimals too (a rate, a latency past 999 ms), as the lab does', async () => {
    const { stdout } = await simHere(
      '--requests 8000 --rate 5000 --db-latency 1500 --latency-model constant --write-policy ttl-only --read-ratio 0.5 --keys 100'.split(
        ' ',
      ),
    );
    expect(stdout).toContain(' reads (1,229.7/s over the requests), ');
    expect(stdout).toMatch(/^ {2}latency \(ms\) {2}mean \d{3}\.\d{3}, p50 5, p99 1,500\.6$/m);
    expect(stdout).not.toMatch(/(?<![\d.,])\d{4,}/);
  });

  it('says one of a count in the singular', async () => {
    const { stdout } = await simHere(['--requests', '1', '--read-ratio', '0', '--keys', '1']);
    expect(stdout).toContain('run: 1 request over');
    expect(stdout).toContain('  workload      1 key, zipf');
    expect(stdout).toContain('0 reads (0.0/s over the requests), 1 write\n');
    expect(stdout).toContain('  consistency   of 1 write, consistent');
    expect(stdout).toContain('0 keys in Redis when the requests ended, 0 evictions, 0 errors');
  });

  it('says TTL 0 is no expiry, never "TTL 0 s"', async () => {
    const zero = await simHere(['--requests', '20', '--ttl', '0']);
    expect(zero.stdout).toContain('reads, no expiry (TTL 0)\n');
    expect(zero.stdout).not.toContain('TTL 0 s');
    const some = await simHere(['--requests', '20', '--ttl', '30']);
    expect(some.stdout).toContain('reads, TTL 30 s\n');
  });

  it('lists every flag with its default in --help', async () => {
    const { code, stdout } = await simHere(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--zipf\s+.*\(default 0.9\)/);
    expect(stdout).toMatch(/--eviction\s+.*\(default noeviction\)/);
    // Ranges and choices come from the schema the flags are checked against.
    expect(stdout).toMatch(/--keys\s+.*: a whole number from 1 to 1,000,000 \(default 1,000\)/);
    expect(stdout).toMatch(/--write-policy\s+.*: one of invalidate, update-cache, ttl-only/);
  });
});

describe('npm run sim: figures of no sample', () => {
  it('gives null in JSON, and "none" in the text, for what a run in which no request arrived did not measure', async () => {
    // At 0.001 requests a second the first arrival is due far past the run's 10 s.
    const { code, stdout } = await simHere(
      '--requests 10 --rate 0.001 --duration 10 --pattern write-behind --json'.split(' '),
    );
    expect(code).toBe(0);
    const s = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(s.requests).toBe(0);
    // The run covered its 10 s; no request was served in them, so there is no window of requests.
    expect(s.virtualDurationMs).toBe(10_000);
    expect(s.requestWindow).toBeNull();
    expect(s.latencyMs).toBeNull();
    expect(s.maxStalenessMs).toBeNull();
    expect(s.consistency).toEqual({ writes: 0, within1s: null, within10s: null, within60s: null });
    expect(s.writeBehind).toMatchObject({ flushed: 0, meanLagMs: null, maxLagMs: null });
    expect(stdout).toContain('longest none (no stale read)');
    expect(stdout).toContain('  cache         no keys in Redis: no request arrived, 0 evictions,');
    expect(stdout).not.toContain('0 keys in Redis when the requests ended');
  });

  it('says there was no stale read rather than "longest 0.000 ms"', async () => {
    const { stdout } = await simHere(['--requests', '20', '--read-ratio', '1', '--json']);
    const s = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(s.staleReads).toBe(0);
    expect(s.maxStalenessMs).toBeNull();
    expect(stdout).toContain(
      '  staleness     0 stale reads (0.000%), longest none (no stale read); 0 stale fills\n',
    );
  });
});
