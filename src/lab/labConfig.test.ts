import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import {
  checkConfig,
  configToQuery,
  draftFromConfig,
  checkDraft,
  describeFault,
  FIELD_GROUPS,
  fieldHint,
  parseConfigFile,
  linkProblems,
  queryToInput,
  WORKLOAD_LIMITS,
} from './labConfig';

describe('checkConfig', () => {
  it('fills defaults like the CLI', () => {
    expect(checkConfig({})).toEqual({ ok: true, config: DEFAULT_WORKLOAD });
  });

  it('reads the numbers a control holds as its hint writes them, with thousands separators', () => {
    const typed = { ...draftFromConfig(DEFAULT_WORKLOAD), requests: '1,000', rate: '10,000.5' };
    expect(checkDraft(typed)).toMatchObject({
      ok: true,
      config: { requests: 1000, rate: 10000.5 },
    });
    const refused = checkDraft({ ...draftFromConfig(DEFAULT_WORKLOAD), requests: '0' });
    expect(refused).toMatchObject({
      ok: false,
      errors: [{ field: 'requests', text: expect.stringContaining('from 1 to 10,000,000') }],
    });
    expect(
      fieldHint(FIELD_GROUPS.flatMap((g) => g.fields).find((f) => f.field === 'requests')!),
    ).toContain('1 to 10,000,000');
  });

  it.each([
    ['doubleDeleteDelayMs', '-1', 'Double-delete delay must be a number from 0 to 600,000 ms'],
    ['cacheLatency', '20000', 'Redis round trip must be a number from 0 to 10,000 ms'],
    ['dbLatency', '-1', 'DB read must be a number from 0 to 10,000 ms'],
    ['dbWriteLatency', '-1', 'DB write must be a number from 0 to 10,000 ms'],
    ['stallMs', '-1', 'Mean stall must be a number from 0 to 10,000 ms'],
    ['cdcDelayMs', '-1', 'CDC delay must be a number from 0 to 600,000 ms'],
  ] as const)('refuses %s in the unit its control shows', (field, typed, said) => {
    const spec = FIELD_GROUPS.flatMap((g) => g.fields).find((f) => f.field === field)!;
    expect(spec.unit).toBe('ms');
    const refused = checkDraft({ ...draftFromConfig(DEFAULT_WORKLOAD), [field]: typed });
    expect(refused).toMatchObject({
      ok: false,
      errors: [{ field, text: `${said}, got "${typed}"` }],
    });
  });

  it('says the unit in the refusal of every field whose control shows one in ms', () => {
    const draft = draftFromConfig(DEFAULT_WORKLOAD);
    for (const spec of FIELD_GROUPS.flatMap((g) => g.fields).filter((f) => f.unit === 'ms')) {
      const refused = checkDraft({ ...draft, [spec.field]: '-1' });
      expect(refused).toMatchObject({
        ok: false,
        errors: [{ field: spec.field, text: expect.stringMatching(/ to [\d,]+ ms, got "-1"$/) }],
      });
    }
  });

  it('names each bad field with its range', () => {
    const r = checkConfig({ keys: 0, zipf: 'x', durationSeconds: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        {
          field: 'durationSeconds',
          text: expect.stringMatching(/^durationSeconds must be 0 or from 10 to 86,400 s, got 5$/),
        },
        { field: 'keys', text: 'keys must be a whole number from 1 to 1,000,000, got 0' },
        { field: 'zipf', text: 'zipf must be a number from 0 to 5, got "x"', isNotNumber: true },
      ]);
    }
  });

  it('refuses a run longer than 24 h of virtual time, marking requests', () => {
    const r = checkConfig({ requests: 1_000_000, rate: 1 });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'requests', text: expect.stringMatching(/^requests \/ rate is 1,000,000 s/) },
      ],
    });
  });

  it('bounds the faults of a run', () => {
    const fault = { kind: 'cache-restart', startSeconds: 1, durationSeconds: 0 };
    expect(checkConfig({ faults: Array(100).fill(fault) }).ok).toBe(true);
    const r = checkConfig({ faults: Array(101).fill(fault) });
    // How many, not the list itself: "got [{"kind":"cache-restart","startSeconds":1,...".
    expect(!r.ok && r.errors[0].text).toBe('faults must hold at most 100 items, got 101');
    const kind = checkConfig({ faults: [{ kind: 'meteor', startSeconds: 1 }] });
    expect(!kind.ok && kind.errors[0].text).toMatch(
      /^faults\[0\]\.kind must be a fault of kind cache-down, cache-restart or db-slow/,
    );
  });
});

describe('the lab URL', () => {
  it('carries only what differs from the defaults, faults included, and reads back', () => {
    const config = {
      ...DEFAULT_WORKLOAD,
      ttl: 5,
      writePolicy: 'update-cache' as const,
      faults: [{ kind: 'cache-down' as const, startSeconds: 3, durationSeconds: 2 }],
    };
    const query = configToQuery(config);
    expect(query).toMatch(/^ttl=5&writePolicy=update-cache&faults=/);
    const input = queryToInput(`#/lab?${query}`);
    expect(input && checkConfig(input)).toEqual({ ok: true, config });
  });

  it('uses the first of a repeated setting, as the sandbox does, and names it', () => {
    const hash = '#/lab?requests=200&ttl=30&ttl=40';
    expect(queryToInput(hash)).toEqual({ requests: '200', ttl: '30' });
    expect(linkProblems(hash)).toEqual(['"ttl" given 2 times: the first, "30", used']);
    expect(linkProblems('#/lab?requests=200&ttl=30')).toEqual([]);
  });

  it('has no settings without a query', () => {
    expect(queryToInput('#/lab')).toBeNull();
  });
});

describe('parseConfigFile', () => {
  it('accepts settings and a CLI summary with its config', () => {
    expect(parseConfigFile('{"ttl": 9}')).toMatchObject({ ok: true, config: { ttl: 9 } });
    expect(parseConfigFile('{"hitRate": 0.5, "config": {"keys": 7}}')).toMatchObject({
      ok: true,
      config: { keys: 7 },
    });
  });

  it('reads a file saved with a UTF-8 byte-order mark', () => {
    expect(parseConfigFile('\uFEFF{"ttl": 9}')).toMatchObject({ ok: true, config: { ttl: 9 } });
  });

  it('explains what is wrong', () => {
    expect(parseConfigFile('[1]')).toEqual({
      ok: false,
      errors: [{ field: null, text: 'expected a JSON object of settings, like {"ttl": 60}' }],
    });
    const broken = parseConfigFile('{');
    expect(!broken.ok && broken.errors[0].text).toMatch(/^not valid JSON/);
    const unknown = parseConfigFile('{"tll": 5}');
    expect(!unknown.ok && unknown.errors[0].text).toMatch(/^unknown setting "tll"/);
  });

  it('refuses a file that names no setting, rather than read it as every default', () => {
    // `{}` checked as settings is every default: imported, it reset every control in silence.
    const none = 'the file names no setting: a settings file names what it sets, like {"ttl": 60}';
    for (const file of ['{}', ' { } ', '{"hitRate": 0.5, "config": {}}'])
      expect(parseConfigFile(file), file).toEqual({
        ok: false,
        errors: [{ field: null, text: none }],
      });
    // An empty file (or only a byte-order mark and blanks) said "not valid JSON (Unexpected end
    // of JSON input)", which leaves the user looking for a syntax error in nothing.
    for (const file of ['', '  \n', '\uFEFF'])
      expect(parseConfigFile(file), JSON.stringify(file)).toEqual({
        ok: false,
        errors: [
          {
            field: null,
            text: 'the file is empty: a settings file names what it sets, like {"ttl": 60}',
          },
        ],
      });
    // What a file names is said, so an import can set those and keep the others.
    expect(parseConfigFile('{"ttl": 9, "faults": []}')).toMatchObject({
      ok: true,
      named: ['ttl', 'faults'],
    });
    expect(parseConfigFile('{"hitRate": 0.5, "config": {"keys": 7}}')).toMatchObject({
      named: ['keys'],
    });
  });

  it('says in words that a binary file is not text, not echo its bytes', () => {
    // A PNG's first bytes as the browser's File.text() decodes them: the refusal quoted them
    // ("Unexpected token '\uFFFD', "\uFFFDPNG\r\n\u001a..." is not valid JSON").
    const png = new TextDecoder().decode(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
    );
    const notText =
      'the file is not text (it holds bytes no text file has: an image or another binary file?); a settings file is JSON text, like {"ttl": 60}';
    for (const file of [png, '\u0000\u0001\u0002abc', '{"ttl": 5\u0007}'])
      expect(parseConfigFile(file), JSON.stringify(file)).toEqual({
        ok: false,
        errors: [{ field: null, text: notText }],
      });
    // A file saved as UTF-16 (by Notepad, PowerShell's > ) is told how to save it.
    const utf16 = new TextDecoder().decode(
      new Uint8Array([0xff, 0xfe, ...[...'{"ttl": 5}'].flatMap((c) => [c.charCodeAt(0), 0])]),
    );
    expect(parseConfigFile(utf16)).toEqual({
      ok: false,
      errors: [
        {
          field: null,
          text: 'the file is saved as UTF-16 text; a settings file is UTF-8 JSON text, like {"ttl": 60}: save it as UTF-8',
        },
      ],
    });
  });

  it('says how to keep the summary line of a whole `npm run sim -- --json` printout', () => {
    // `npm run sim -- --json > summary.json` saves npm's header and the readable summary before
    // the JSON line: refused as "Unexpected token '>'", with nothing said of the line to keep.
    const line = JSON.stringify({ requests: 2000, hitRate: 0.5, config: { ttl: 7 } });
    const printout = `\n> cache-aside-lab@0.1.0 sim\n> tsx src/cli/sim.ts --json\n\ncache-aside run: 2,000 requests\n${line}\n`;
    const refused = parseConfigFile(printout);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors[0].text).toMatch(
      /^not valid JSON \(.*\): it holds npm run sim's printout before its --json summary, which is the last line: keep that line alone \(npm run sim -- \.\.\. --json \| tail -n 1 > summary\.json\)$/s,
    );
    // The line alone imports; other text that is no JSON is told nothing more.
    expect(parseConfigFile(line)).toMatchObject({ ok: true, config: { ttl: 7 } });
    expect(!parseConfigFile('{').ok && parseConfigFile('x\n{"ttl": 5}')).toMatchObject({
      errors: [{ text: expect.not.stringContaining('npm run sim') }],
    });
  });

  it('refuses a "config" that holds no object of settings as such, not as unknown or doubled', () => {
    // A CLI summary keeps its settings under "config"; one holding something else is named.
    for (const [file, got] of [
      ['{"config": null}', 'null'],
      ['{"config": 5}', '5'],
      ['{"config": null, "ttl": 5}', 'null'],
      ['{"hitRate": 0.5, "config": ["ttl", 5]}', '["ttl",5]'],
    ]) {
      expect(parseConfigFile(file), file).toEqual({
        ok: false,
        errors: [
          {
            field: null,
            text: `"config" must hold the settings as an object, like {"config": {"ttl": 60}}, got ${got}`,
          },
        ],
      });
    }
  });

  it('refuses a setting given twice, naming both values, rather than run the last in silence', () => {
    expect(parseConfigFile('{"ttl": 1, "keys": 5, "ttl": 60}')).toEqual({
      ok: false,
      errors: [{ field: null, text: '"ttl" is given twice (1, then 60): give it once' }],
    });
    const summary = parseConfigFile(
      `{"hitRate": 0.5, "config": {"keys": 7, "zipf": 0.9, "keys": "${'9'.repeat(80)}"}}`,
    );
    expect(!summary.ok && summary.errors.map((e) => e.text)).toEqual([
      `"config.keys" is given twice (7, then "${'9'.repeat(36)}…): give it once`,
    ]);
  });

  it('refuses a "__proto__" setting as unknown, not "Imported" with it dropped', () => {
    for (const file of [
      '{"__proto__": {"ttl": 5}}',
      '{"hitRate": 0.5, "config": {"__proto__": {"ttl": 5}}}',
    ]) {
      const r = parseConfigFile(file);
      expect(r.ok, file).toBe(false);
      expect(!r.ok && r.errors[0].text).toMatch(/^unknown setting "__proto__"/);
    }
  });

  it('says each refusal once: a seed too large to be a whole number in JavaScript', () => {
    const r = parseConfigFile('{"seed": 1e20}');
    expect(!r.ok && r.errors.map((e) => e.text)).toEqual([
      'seed must be a whole number from 0 to 4,294,967,295, got 1e20',
    ]);
  });

  it('refuses a whole-number setting given with a fraction a double rounds away, not runs another', () => {
    const refusal = (r: ReturnType<typeof checkConfig>) => !r.ok && r.errors.map((e) => e.text);
    // The nearest double is 4294967295: the run used a seed nobody gave, without a word.
    expect(
      refusal(checkDraft({ ...draftFromConfig(DEFAULT_WORKLOAD), seed: '4294967295.0000001' })),
    ).toEqual(['Seed must be a whole number from 0 to 4,294,967,295, got "4294967295.0000001"']);
    expect(refusal(parseConfigFile('{"keys": 1.0000000000000001}'))).toEqual([
      'keys must be a whole number from 1 to 1,000,000, got 1.0000000000000001',
    ]);
    // Whole numbers however written are taken, and a real-number setting takes the nearest double.
    const ok = checkConfig(
      queryToInput('#/lab?seed=7.0&keys=1e3&requests=2.5e3&ttl=30.000000000000001'),
    );
    expect(ok.ok && [ok.config.seed, ok.config.keys, ok.config.requests, ok.config.ttl]).toEqual([
      7, 1000, 2500, 30,
    ]);
  });

  it('refuses "1.000" in a whole-number setting from a file, a link and the form alike', () => {
    const refusal = (r: ReturnType<typeof checkConfig>) => !r.ok && r.errors.map((e) => e.text);
    const said =
      'must be a whole number from 1 to 10,000,000, written without a point and three digits after it: "1.000" reads as 1; for 1,000, write 1000 or 1,000';
    // JSON has no thousands separators: a file is told the digits alone.
    expect(refusal(parseConfigFile('{"requests": 1.000}'))).toEqual([
      `requests ${said.replace(' or 1,000', '')}`,
    ]);
    expect(refusal(checkConfig(queryToInput('#/lab?requests=1.000')))).toEqual([
      `requests ${said}`,
    ]);
    expect(
      refusal(checkDraft({ ...draftFromConfig(DEFAULT_WORKLOAD), requests: '1.000' })),
    ).toEqual([`Requests ${said}`]);
  });

  it('quotes a number as the file, the link or the form gave it, not as a double rounds it', () => {
    // 2^53 + 1: a double holds 2^53, and the refusal quoted 9007199254740992, a seed nobody gave.
    const refusal = (r: ReturnType<typeof checkConfig>) => !r.ok && r.errors.map((e) => e.text);
    const range = 'must be a whole number from 0 to 4,294,967,295';
    expect(refusal(parseConfigFile('{"seed": 9007199254740993}'))).toEqual([
      `seed ${range}, got 9007199254740993`,
    ]);
    expect(refusal(parseConfigFile('{"config": {"seed": 1e400}}'))).toEqual([
      `seed ${range}, got 1e400`,
    ]);
    expect(refusal(checkConfig(queryToInput('#/lab?seed=9007199254740993')))).toEqual([
      `seed ${range}, got "9007199254740993"`,
    ]);
    expect(
      refusal(checkDraft({ ...draftFromConfig(DEFAULT_WORKLOAD), seed: '9007199254740993' })),
    ).toEqual([`Seed ${range}, got "9007199254740993"`]);
    const fault = '{"kind":"cache-restart","startSeconds":1e400,"durationSeconds":0}';
    expect(
      refusal(checkConfig(queryToInput(`#/lab?faults=[${encodeURIComponent(fault)}]`))),
    ).toEqual(['faults[0].startSeconds must be a number from 0 to 86,400, got 1e400']);
    // What is accepted is the number it is.
    const ok = parseConfigFile('{"seed": 7.0, "ttl": 1.5e1}');
    expect(ok.ok && [ok.config.seed, ok.config.ttl]).toEqual([7, 15]);
  });

  it('refuses a number a file writes as text, naming the setting and its range; a link still reads text', () => {
    // A JSON file's number is a JSON number: "30" was imported as TTL 30, where the automation
    // API refuses a number given as text. A link's values are text by nature and still parse.
    const refusal = (r: ReturnType<typeof checkConfig>) => !r.ok && r.errors.map((e) => e.text);
    expect(parseConfigFile('{"ttl": "30"}')).toEqual({
      ok: false,
      errors: [
        {
          field: 'ttl',
          text: 'ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, written without quotes, got "30"',
        },
      ],
    });
    expect(refusal(parseConfigFile('{"config": {"requests": "1,000"}}'))).toEqual([
      'requests must be a whole number from 1 to 10,000,000, written without quotes, got "1,000"',
    ]);
    const fault = '{"kind": "db-slow", "startSeconds": "5", "durationSeconds": 3, "factor": "10"}';
    expect(refusal(parseConfigFile(`{"faults": [${fault}]}`))).toEqual([
      'faults[0].startSeconds must be a number from 0 to 86,400, written without quotes, got "5"',
      'faults[0].factor must be a number from 1 to 1,000, written without quotes, got "10"',
    ]);
    // Text that is no number is refused as before.
    expect(refusal(parseConfigFile('{"ttl": "abc"}'))).toEqual([
      'ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got "abc"',
    ]);
    expect(checkConfig(queryToInput('#/lab?ttl=30'))).toMatchObject({
      ok: true,
      config: { ttl: 30 },
    });
  });

  it('refuses a file over 64 KiB without parsing it', () => {
    const big = parseConfigFile({ bytes: 50 * 1024 * 1024 });
    expect(!big.ok && big.errors[0].text).toBe(
      'the file is 52,428,800 bytes; a settings file is at most 65,536 bytes (64 KiB)',
    );
    expect(parseConfigFile(' '.repeat(70_000)).ok).toBe(false);
  });

  it('refuses a small file of deeply nested lists with a message, not a stack overflow', () => {
    // 40 KB, under the size limit: naming the value it got used to overflow the stack (the CLI's
    // `sim --config` died with "RangeError: Maximum call stack size exceeded").
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expect(parseConfigFile(`{"ttl": ${nested}}`)).toEqual({
      ok: false,
      errors: [
        {
          field: 'ttl',
          text: 'ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got a list',
        },
      ],
    });
    const fault = parseConfigFile(`{"faults": [${nested}]}`);
    expect(!fault.ok && fault.errors[0].text).toBe(
      'faults[0] must be a fault of kind cache-down, cache-restart or db-slow, got a list',
    );
  });
});

it('a draft of a config checks back to the same config', () => {
  const config = { ...DEFAULT_WORKLOAD, zipf: 1.2, readRatio: 0.5 };
  expect(checkDraft(draftFromConfig(config))).toEqual({ ok: true, config });
});

describe('a rate out of range', () => {
  it.each(['0', '0.0001'])(
    'is refused once, as the rate, not again as the run length (%s)',
    (rate) => {
      const r = checkConfig({ rate });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['rate']);
    },
  );
});

describe('settings that would be dropped without a word', () => {
  it('a file with settings both under "config" and beside it is refused, naming them', () => {
    const r = parseConfigFile(JSON.stringify({ ttl: 31, config: { keys: 77 } }));
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          field: null,
          text: 'the file holds settings both under "config" and beside it (ttl): keep one place',
        },
      ],
    });
    // A CLI summary's own "requests" (how many ran) is not a setting beside its config.
    expect(parseConfigFile(JSON.stringify({ requests: 10, config: { keys: 77 } }))).toMatchObject({
      ok: true,
      config: { keys: 77 },
    });
  });

  it('a link naming __proto__ is refused as an unknown setting', () => {
    const input = queryToInput('#/lab?__proto__=1');
    expect(input).not.toBeNull();
    const r = checkConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].text).toMatch(/__proto__/);
  });

  it('a link naming a 10,000-character setting quotes its first 57 characters, as for any value', () => {
    const r = checkConfig(queryToInput(`#/lab?${'x'.repeat(10_000)}`));
    expect(!r.ok && r.errors[0].text).toMatch(
      new RegExp(`^unknown setting "${'x'.repeat(57)}\\.\\.\\."`),
    );
    expect(!r.ok && r.errors[0].text.length).toBeLessThan(400);
  });
});

describe('fieldHint', () => {
  const specs = FIELD_GROUPS.flatMap((g) => g.fields);
  const shown = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it.each(Object.entries(WORKLOAD_LIMITS))(
    '%s: its control shows the range its schema accepts',
    (field, { min, max }) => {
      const spec = specs.find((s) => s.field === field);
      expect(spec, `no control for ${field}`).toBeDefined();
      // "min to max", or a run length's "0, or 10 to 86,400 s": both ends as the schema has them.
      const range = new RegExp(
        `^${literal(shown(min))}(, or [\\d,.]+)? to ${literal(shown(max))}(?![\\d,.])`,
      );
      expect(fieldHint(spec!)).toMatch(range);
    },
  );

  it('keeps what a value means after the range', () => {
    const hint = (field: string) => fieldHint(specs.find((s) => s.field === field)!);
    expect(hint('zipf')).toBe('0 to 5; 0 is uniform');
    expect(hint('ttl')).toBe('0 to 31,536,000 s; 0 = no expiry');
    expect(hint('maxKeys')).toBe('0 to 1,000,000; 0 = unbounded');
    expect(hint('durationSeconds')).toBe(
      '0, or 10 to 86,400 s (24 h) of virtual time; 0 runs until the requests are done',
    );
  });
});

// Before, "Cache down from 1 s for 86399 s": every other count of seconds here is grouped.
it('a fault is listed with its seconds grouped as counts are, its decimals as given', () => {
  expect(describeFault({ kind: 'cache-down', startSeconds: 1, durationSeconds: 86_399 })).toBe(
    'Cache down from 1 s for 86,399 s',
  );
  expect(describeFault({ kind: 'cache-restart', startSeconds: 12_345.5, durationSeconds: 0 })).toBe(
    'Cache restart at 12,345.5 s',
  );
  expect(
    describeFault({ kind: 'db-slow', startSeconds: 0, durationSeconds: 0.01, factor: 1000 }),
  ).toBe('Database 1,000x slower from 0 s for 0.01 s');
});
