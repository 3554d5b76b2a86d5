import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { checkConfig, parseConfigFile, queryToInput } from '../lab/labConfig';
import { parseSimArgs, simHelp } from './args';

describe('parseSimArgs', () => {
  it('reads --flag value and --flag=value into a checked config', () => {
    expect(parseSimArgs(['--keys', '50', '--zipf=0', '--json'])).toEqual({
      ok: true,
      config: { ...DEFAULT_WORKLOAD, keys: 50, zipf: 0 },
      given: ['keys', 'zipf'],
      json: true,
      help: false,
      redisUrl: undefined,
      wallSeconds: 20,
    });
  });

  it('names each flag and its range, from the schema', () => {
    expect(parseSimArgs(['--keys', '2.5', '--read-ratio', '1.5', '--wall-seconds', '0'])).toEqual({
      ok: false,
      errors: [
        '--keys must be a whole number from 1 to 1,000,000, got "2.5"',
        '--read-ratio must be a number from 0 to 1, got "1.5"',
        '--wall-seconds must be a number from 1 to 3,600, got "0"',
        '--wall-seconds works only with --redis-url (it paces a run against a real Redis)',
      ],
    });
  });

  it('refuses a TTL finer than a millisecond, which would run as another TTL than the one shown', () => {
    // Sent as PX in whole milliseconds: 0.0001 s ran as PX 1 while the summary said 0.0001 s.
    expect(parseSimArgs(['--ttl', '0.0001'])).toEqual({
      ok: false,
      errors: ['--ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got "0.0001"'],
    });
    expect(parseSimArgs(['--ttl', '1.5004'])).toMatchObject({ ok: false });
    expect(parseSimArgs(['--ttl', '0.3'])).toMatchObject({ ok: true, config: { ttl: 0.3 } });
    expect(checkConfig({ ...DEFAULT_WORKLOAD, ttl: 2.675 })).toMatchObject({ ok: true });
  });

  it('refuses a TTL far finer than a millisecond too, which ran as PX 1 under "TTL 0 s"', () => {
    // zod's multipleOf takes a value within a rounding error of 0 steps as a multiple: 1e-25
    // ran as PX 1 while the summary said "TTL 0 s", and 1e-19 as "TTL 0.0000000000000000001 s".
    const range = 'must be a number from 0 to 31,536,000 s, in steps of 0.001';
    for (const ttl of ['1e-25', '0.0000000000000000001', '-1e-20'])
      expect(parseSimArgs(['--ttl', ttl])).toEqual({
        ok: false,
        errors: [`--ttl ${range}, got "${ttl}"`],
      });
    expect(checkConfig({ ...DEFAULT_WORKLOAD, ttl: 1e-19 })).toMatchObject({ ok: false });
    // A double reads 1e-400 as 0: it ran with no expiry, from a flag or a file alike.
    expect(parseSimArgs(['--ttl', '1e-400'])).toEqual({
      ok: false,
      errors: [`--ttl ${range}, got "1e-400"`],
    });
    expect(parseConfigFile('{"ttl": 1e-400}')).toEqual({
      ok: false,
      errors: [{ field: 'ttl', text: `ttl ${range}, got 1e-400` }],
    });
    expect(parseSimArgs(['--ttl', '0'])).toMatchObject({ ok: true, config: { ttl: 0 } });
    expect(parseSimArgs(['--ttl', '0.001'])).toMatchObject({ ok: true, config: { ttl: 0.001 } });
  });

  it("takes double-delete's delay from 0 to 600,000 ms, default 500, and refuses it outside", () => {
    expect(parseSimArgs([])).toMatchObject({ ok: true, config: { doubleDeleteDelayMs: 500 } });
    for (const [given, taken] of [
      ['0', 0],
      ['2.5', 2.5],
      ['600,000', 600_000],
    ] as const)
      expect(parseSimArgs(['--double-delete-delay-ms', given])).toMatchObject({
        ok: true,
        config: { doubleDeleteDelayMs: taken },
      });
    for (const given of ['-1', '600001', 'soon'])
      expect(parseSimArgs(['--double-delete-delay-ms', given])).toEqual({
        ok: false,
        errors: [`--double-delete-delay-ms must be a number from 0 to 600,000 ms, got "${given}"`],
      });
    // The lab's check, from the same schema.
    expect(checkConfig({ doubleDeleteDelayMs: 1e6 })).toEqual({
      ok: false,
      errors: [
        {
          field: 'doubleDeleteDelayMs',
          text: 'doubleDeleteDelayMs must be a number from 0 to 600,000 ms, got 1000000',
        },
      ],
    });
    expect(simHelp()).toContain('a number from 0 to 600,000 ms (default 500)');
  });

  it('refuses --wall-seconds without --redis-url rather than ignore it', () => {
    expect(parseSimArgs(['--wall-seconds', '5'])).toEqual({
      ok: false,
      errors: ['--wall-seconds works only with --redis-url (it paces a run against a real Redis)'],
    });
    expect(
      parseSimArgs(['--wall-seconds', '5', '--redis-url', 'redis://127.0.0.1:6379']),
    ).toMatchObject({ ok: true, wallSeconds: 5 });
  });

  it('reports flags without their value, values without their flag, and values on switches', () => {
    expect(parseSimArgs(['extra', '--json=yes', '--keys'])).toEqual({
      ok: false,
      errors: ['unexpected argument "extra"', '--json takes no value', '--keys needs a value'],
    });
    // A flag right after a flag that wants a value is not taken as that value: `--seed --json`
    // was "--seed must be a whole number ..., got "--json"", and `--seed --requests 10` only
    // "unexpected argument "10"", naming neither the flag without its value nor the fix.
    const noValue = (flag: string) =>
      `${flag} needs a value, and the next argument is a flag (a value that starts with a dash is written ${flag}=VALUE)`;
    expect(parseSimArgs(['--seed', '--requests', '10'])).toEqual({
      ok: false,
      errors: [noValue('--seed')],
    });
    // `--` ends the flags: until 2026-12-07 `--seed -- 5` said only "unexpected argument "5"".
    expect(parseSimArgs(['--seed', '--', '5'])).toEqual({
      ok: false,
      errors: [
        '--seed has no value: "--" ends the flags, so what follows it is no flag\'s value (write --seed 5)',
        'unexpected argument "5"',
      ],
    });
    expect(parseSimArgs(['--config', '--json', '--fault', '--ttl=5'])).toEqual({
      ok: false,
      errors: [noValue('--config'), noValue('--fault')],
    });
    const unknown = parseSimArgs(['--colour', 'blue']);
    expect(unknown).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^unknown flag "--colour" \(valid: --seed, --requests/)],
    });
    // A setting written as a settings file and lab.run() name it is told the flag it stands for.
    expect(parseSimArgs(['--readRatio', '0.5', '--durationSeconds=60'])).toEqual({
      ok: false,
      errors: [
        'unknown flag "--readRatio": the flag is --read-ratio (readRatio is how a settings file names it)',
        'unknown flag "--durationSeconds": the flag is --duration (durationSeconds is how a settings file names it)',
      ],
    });
  });

  it('refuses a flag given twice rather than run one of its values in silence', () => {
    // A lab link's repeated setting runs its first value and says so; the CLI ran the last
    // (`--requests 5 --requests 7` ran 7 requests), a different run for the same line, unsaid.
    expect(parseSimArgs(['--requests', '5', '--requests=7', '--ttl', '1', '--ttl', '1'])).toEqual({
      ok: false,
      errors: [
        '--requests is given twice ("5", then "7"): give it once',
        '--ttl is given twice ("1", then "1"): give it once',
      ],
    });
    expect(parseSimArgs(['--fault', 'cache-down:1:1', '--fault', 'cache-down:3:1'])).toMatchObject({
      ok: true,
    });
  });

  it('refuses a flag without a value given twice, as the README says only --fault repeats', () => {
    expect(parseSimArgs(['--json', '--json'])).toEqual({
      ok: false,
      errors: ['--json is given twice: give it once'],
    });
    expect(parseSimArgs(['-h', '--help', '--json'])).toEqual({
      ok: false,
      errors: ['--help is given twice (-h, then --help): give it once'],
    });
    expect(parseSimArgs(['--json', '--requests', '5'])).toMatchObject({ ok: true, json: true });
  });

  it('reports a --fault that does not parse beside the other flags, not instead of them', () => {
    expect(parseSimArgs(['--fault', 'bad', '--keys', '0'])).toEqual({
      ok: false,
      errors: [
        '--fault must be kind:start:duration[:factor] or cache-restart:start (for example cache-down:5:3, db-slow:5:3:10 or cache-restart:5), got "bad"',
        '--keys must be a whole number from 1 to 1,000,000, got "0"',
      ],
    });
  });

  it('takes a cache restart at its start alone, as the instant it is, and with the :0 duration too', () => {
    const restart = [{ kind: 'cache-restart', startSeconds: 5, durationSeconds: 0 }];
    expect(parseSimArgs(['--fault', 'cache-restart:5'])).toMatchObject({
      ok: true,
      config: { faults: restart },
    });
    expect(parseSimArgs(['--fault', 'cache-restart:5:0'])).toMatchObject({
      ok: true,
      config: { faults: restart },
    });
    // A length given a restart is refused, not dropped: until 2026-12-07 cache-restart:5:3 ran
    // as a restart at 5 s, and nothing said the 3 s went unused.
    expect(parseSimArgs(['--fault', 'cache-restart:5:3'])).toEqual({
      ok: false,
      errors: [
        '--fault "cache-restart:5:3": a restart is an instant and takes no duration (cache-restart:5, or cache-restart:5:0), got 3',
      ],
    });
    // Only a restart has no length: a cache-down fault without one is refused, as before.
    expect(parseSimArgs(['--fault', 'cache-down:5'])).toMatchObject({ ok: false });
    expect(simHelp()).toContain(
      'a restart is an instant: cache-restart:start, or cache-restart:start:0',
    );
  });

  it('checks --redis-url', () => {
    expect(parseSimArgs(['--redis-url', 'redis://127.0.0.1:6390/2'])).toMatchObject({
      ok: true,
      redisUrl: 'redis://127.0.0.1:6390/2',
    });
    expect(parseSimArgs(['--redis-url=http://x'])).toEqual({
      ok: false,
      errors: ['--redis-url must be redis://host:port or redis://host:port/db, got "http://x"'],
    });
  });

  it('refuses the run lengths the lab refuses, in the same words', () => {
    const cases: [string[], Record<string, unknown>][] = [
      [['--duration', '5'], { durationSeconds: '5' }],
      [['--duration', '0.0001'], { durationSeconds: '0.0001' }],
      [['--duration', '86401'], { durationSeconds: '86401' }],
      [['--requests', '5000', '--rate', '0.001'], { requests: '5000', rate: '0.001' }],
    ];
    for (const [argv, input] of cases) {
      const cli = parseSimArgs(argv);
      const lab = checkConfig(input);
      expect(cli.ok).toBe(false);
      expect(lab.ok).toBe(false);
      if (cli.ok || lab.ok) continue;
      // The same message; only the field's name differs (the flag, the setting).
      expect(cli.errors).toEqual(
        lab.errors.map((e) =>
          e.text.replace(/^durationSeconds (.*), got (.*)$/, '--duration $1, got $2'),
        ),
      );
    }
    // "1.000", a thousand in some languages, is refused as a file and the lab refuse it.
    expect(parseSimArgs(['--requests', '1.000'])).toMatchObject({
      ok: false,
      errors: [
        '--requests must be a whole number from 1 to 10,000,000, written without a point and three digits after it: "1.000" reads as 1; for 1,000, write 1000 or 1,000',
      ],
    });
    // Named once, as the flag: not "--duration must be ... (run length)".
    expect(parseSimArgs(['--duration', '5'])).toMatchObject({
      ok: false,
      errors: ['--duration must be 0 or from 10 to 86,400 s, got "5"'],
    });
    expect(parseSimArgs(['--duration', '10']).ok).toBe(true);
    expect(parseSimArgs(['--requests', '5000', '--rate', '0.001', '--duration', '3600']).ok).toBe(
      true,
    );
    expect(simHelp()).toMatch(/--duration\s+.*: 0 or from 10 to 86,400 s \(default 0\)/);
  });

  it('reckons no run length from a request count it refused', () => {
    // 1e20 requests drew "requests / rate is 100,000,000,000,000,000 s of virtual time" beside
    // the count's own refusal: a second problem derived from a value already refused.
    expect(parseSimArgs(['--requests', '99999999999999999999'])).toEqual({
      ok: false,
      errors: [
        '--requests must be a whole number from 1 to 10,000,000, got "99999999999999999999"',
      ],
    });
  });

  it('refuses a --config file that gives a setting twice, as it refuses a flag given twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-args-'));
    const file = join(dir, 'twice.json');
    writeFileSync(file, '{"requests": 5, "requests": 7}');
    expect(parseSimArgs(['--config', file])).toEqual({
      ok: false,
      errors: [`--config ${file}: "requests" is given twice (5, then 7): give it once`],
    });
  });

  it("refuses a --config file that writes a number as text, as the lab's import does", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-args-'));
    const file = join(dir, 'text.json');
    writeFileSync(file, '{"ttl": "30"}');
    expect(parseSimArgs(['--config', file])).toEqual({
      ok: false,
      errors: [
        `--config ${file}: ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, written without quotes, got "30"`,
      ],
    });
    expect(parseSimArgs(['--ttl', '30'])).toMatchObject({ ok: true, config: { ttl: 30 } });
  });

  it('refuses a --config file whose cache-down fault has a factor, as --fault refuses one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-args-'));
    const file = join(dir, 'down.json');
    const fault = { kind: 'cache-down', startSeconds: 5, durationSeconds: 3, factor: 50 };
    writeFileSync(file, JSON.stringify({ requests: 20000, faults: [fault] }));
    expect(parseSimArgs(['--config', file])).toEqual({
      ok: false,
      errors: [
        `--config ${file}: faults[0].factor is not a field of a cache-down fault (a cache-down fault has kind, startSeconds, durationSeconds; only db-slow has a factor), got 50`,
      ],
    });
    expect(parseSimArgs(['--fault', 'cache-down:5:3:50'])).toMatchObject({
      ok: false,
      errors: ['--fault "cache-down:5:3:50": only db-slow takes a factor'],
    });
  });

  it('reads no more of a --config stream than a settings file may hold', () => {
    // A pipe (`--config <(yes)`, /dev/stdin, /dev/zero) has no size to check first: it was read
    // to its end, and /dev/zero took 16 GB in a minute. Here a writer sends 70,000 bytes and
    // keeps the pipe open 3 s: the whole of it was read, and refused only once it closed.
    const dir = mkdtempSync(join(tmpdir(), 'sim-args-'));
    const fifo = join(dir, 'settings.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(fifo)}, 'w');
       try { fs.writeSync(fd, Buffer.alloc(70000, 32)); } catch {}
       setTimeout(() => {}, 3000);`,
    ]);
    try {
      expect(parseSimArgs(['--config', fifo])).toEqual({
        ok: false,
        errors: [
          `--config ${fifo}: it holds more than 65,536 bytes; a settings file is at most 65,536 bytes (64 KiB)`,
        ],
      });
    } finally {
      writer.kill();
    }
  });

  it('gives a db-slow fault without a factor the same default from a flag and from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-args-'));
    const file = join(dir, 'slow.json');
    const fault = { kind: 'db-slow', startSeconds: 12, durationSeconds: 3 };
    writeFileSync(file, JSON.stringify({ requests: 20000, faults: [fault] }));
    const slow = [{ ...fault, factor: 10 }];
    expect(parseSimArgs(['--config', file])).toMatchObject({ ok: true, config: { faults: slow } });
    expect(parseSimArgs(['--fault', 'db-slow:12:3'])).toMatchObject({
      ok: true,
      config: { faults: slow },
    });
    expect(simHelp()).toContain("db-slow's factor defaults to 10");
  });

  it('names a --fault as typed, and its parts as the flag calls them', () => {
    expect(parseSimArgs(['--fault', 'cache-down:-1:2', '--fault', 'db-slow:1:2:abc'])).toEqual({
      ok: false,
      errors: [
        '--fault "cache-down:-1:2": start (s) must be a number from 0 to 86,400, got "-1"',
        '--fault "db-slow:1:2:abc": factor must be a number from 1 to 1,000, got "abc"',
      ],
    });
    expect(parseSimArgs(['--fault', 'cache-down:1:0'])).toEqual({
      ok: false,
      errors: [
        '--fault "cache-down:1:0": duration (s) must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing), got "0"',
      ],
    });
    expect(parseSimArgs(['--fault', 'flood:1:2'])).toEqual({
      ok: false,
      errors: [
        '--fault "flood:1:2": kind must be one of cache-down, cache-restart, db-slow, got "flood"',
      ],
    });
  });
});

describe('sim --help', () => {
  // Until 2026-12-07 neither --help nor the README said which forms a number flag takes.
  it('says which forms a number takes, and every number flag and the lab link read them alike', () => {
    expect(simHelp()).toContain(
      'A number is written in decimal, with an optional sign, point and exponent (1000, 1e3, 2.5, 10., +10, " 10"), and commas only between groups of three digits (1,000); 0x10, 1_000 and Infinity are refused',
    );
    const valueOf = (r: ReturnType<typeof checkConfig>, key: string) =>
      r.ok ? (r.config as unknown as Record<string, number>)[key] : 'refused';
    for (const [form, n] of [
      ['1e3', 1000],
      ['1e1', 10],
      [' 10', 10],
      ['10.', 10],
      ['+10', 10],
      ['1,000', 1000],
      ['0x10', 'refused'],
      ['1_000', 'refused'],
      ['Infinity', 'refused'],
    ] as const)
      for (const key of ['requests', 'keys', 'ttl', 'rate', 'seed']) {
        const flag = parseSimArgs([`--${key}`, form, '--duration', '10']);
        expect(
          flag.ok && !flag.help
            ? (flag.config as unknown as Record<string, number>)[key]
            : 'refused',
          `--${key} ${form}`,
        ).toBe(n);
        const link = checkConfig(
          queryToInput(`#/lab?${key}=${encodeURIComponent(form)}&durationSeconds=10`) ?? {},
        );
        expect(valueOf(link, key), `#/lab?${key}=${form}`).toBe(n);
      }
  });

  const flagLines = () =>
    simHelp()
      .split('\n')
      .filter((l) => l.startsWith('  --'));

  it('writes every range and default in the schema words and numbers its refusals use', () => {
    const help = simHelp();
    expect(help).toMatch(/--seed\s+.*: a whole number from 0 to 4,294,967,295 \(default 1\)$/m);
    expect(help).toMatch(
      /--requests\s+.*at most 86,400 s\): a whole number from 1 to 10,000,000 \(default 100,000\)$/m,
    );
    expect(help).toMatch(
      /--ttl\s+.*: a number from 0 to 31,536,000 s, in steps of 0\.001 \(default 60\)$/m,
    );
    expect(help).toMatch(
      /--pattern\s+.*: one of cache-aside, read-through, write-through, write-behind, refresh-ahead \(default cache-aside\)$/m,
    );
    expect(help).toMatch(/--wall-seconds\s+.*: a number from 1 to 3,600 \(default 20\)$/m);
    // The wait starts at the UPDATE, as the policy line says: the two DELs are further apart.
    expect(help).toMatch(
      /--double-delete-delay-ms\s+double-delete: ms from its UPDATE to its second DEL .*: a number from 0 to 600,000 ms \(default 500\)$/m,
    );
    // One format: no "min..max", no "a | b", no number of four digits or more without separators.
    for (const line of flagLines()) {
      expect(line).not.toMatch(/\d\.\.\d| \| /);
      expect(line).not.toMatch(/(?<![\d.,])\d{4,}/);
    }
  });

  it('answers --help whatever the other flags hold, but still refuses a flag it does not have', () => {
    // Asked for help, the user is shown it: the values beside it are not read (git does the same).
    for (const argv of [
      ['--help', '--keys', '0'],
      ['--ttl', 'soon', '-h'],
      ['--config', '/nonexistent/settings.json', '--help'],
    ])
      expect(parseSimArgs(argv)).toEqual({ ok: true, help: true });
    expect(parseSimArgs(['--help', '--colour', 'blue'])).toMatchObject({ ok: false });
    expect(parseSimArgs(['--help', '--keys'])).toEqual({
      ok: false,
      errors: ['--keys needs a value'],
    });
  });

  it('says each range as a refusal of that flag says it', () => {
    for (const [flag, value] of [
      ['--keys', '0'],
      ['--pattern', 'nope'],
      ['--ttl', '-1'],
    ] as const) {
      const refused = parseSimArgs([flag, value]);
      const said = /must be (.*), got/.exec(refused.ok ? '' : refused.errors[0])?.[1];
      expect(said).toBeDefined();
      expect(flagLines().find((l) => l.startsWith(`  ${flag} `))).toContain(`: ${said} (default `);
    }
  });
});
