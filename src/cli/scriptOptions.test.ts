import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OUT_DIR,
  envScriptArgs,
  envWholeNumber,
  parseWalkthroughArgs,
  readEnv,
  walkthroughHelp,
} from './scriptOptions';
import { storyboardFolder } from './walkthroughSettings';

const IDS = ['stale-set', 'cold-read'];

describe('npm run walkthrough: arguments', () => {
  it('reads a scenario or all, --out and --url', () => {
    expect(parseWalkthroughArgs(['stale-set'], IDS)).toEqual({
      ok: true,
      help: false,
      ids: ['stale-set'],
      out: DEFAULT_OUT_DIR,
      url: null,
      settings: [],
    });
    expect(
      parseWalkthroughArgs(['all', '--out', 'boards', '--url=http://127.0.0.1:4173/'], IDS),
    ).toEqual({
      ok: true,
      help: false,
      ids: IDS,
      out: 'boards',
      url: 'http://127.0.0.1:4173/',
      settings: [],
    });
  });

  it("says a flag without its value in this command's words, not Node's", () => {
    const error = (argv: string[]) => {
      const r = parseWalkthroughArgs(argv, IDS);
      return 'error' in r ? r.error.split('\n')[0] : null;
    };
    expect(error(['stale-set', '--out'])).toBe('--out needs a value');
    expect(error(['stale-set', '--out', '--url', 'x'])).toBe(
      '--out needs a value, and the next argument is a flag (a value that starts with a dash is written --out=VALUE)',
    );
    expect(error(['stale-set', '--colour'])).toBe('unknown flag "--colour"');
  });

  const LEASE = {
    key: 'readMitigation',
    param: 'mitigation',
    label: 'read mitigation',
    value: 'lease',
  };

  it('reads --set by the name a setting has in the settings or in links, as the page would', () => {
    for (const set of ['readMitigation=lease', 'mitigation=lease', ' mitigation = lease '])
      expect(parseWalkthroughArgs(['stale-set', '--set', set], IDS)).toMatchObject({
        ok: true,
        ids: ['stale-set'],
        settings: [LEASE],
      });
    // In links' order, each value as a link gives it.
    expect(
      parseWalkthroughArgs(['all', '--set=ttl=05', '--set', 'writePolicy=double-delete'], IDS),
    ).toMatchObject({
      ok: true,
      settings: [
        { key: 'writePolicy', param: 'policy', value: 'double-delete' },
        { key: 'ttlSeconds', param: 'ttl', value: '5' },
      ],
    });
  });

  it('refuses a --set naming the setting and what it takes, as the page does', () => {
    const error = (argv: string[]) => {
      const r = parseWalkthroughArgs(argv, IDS);
      return r.ok ? '' : r.error.split('\n')[0];
    };
    expect(error(['stale-set', '--set', 'readMitigation=leases'])).toBe(
      '--set readMitigation: the read mitigation must be one of none, lease, versioned-fill, single-flight, early-refresh, got "leases"',
    );
    expect(error(['stale-set', '--set', 'ttl=-1'])).toBe(
      '--set ttl: the TTL must be a whole number from 0 (no expiry) to 2,592,000 s, got "-1"',
    );
    // What a scenario needs: stale-set's script has two actors.
    expect(error(['all', '--set', 'actors=1'])).toMatch(
      /^--set actors: the actors must be from 2 to 4 in the scenario "[^"]+" \(its script uses actors A and B\), got "1"$/,
    );
    expect(parseWalkthroughArgs(['cold-read', '--set', 'actors=1'], IDS).ok).toBe(true);
    expect(error(['stale-set', '--set', 'colour=blue'])).toMatch(
      /^--set names no setting "colour": the settings are seed, writePolicy \(policy\), doubleDeleteDelayMs \(ddelay\), readMitigation \(mitigation\), /,
    );
    expect(error(['stale-set', '--set', 'lease'])).toBe(
      '--set must be NAME=VALUE, like --set readMitigation=lease, got "lease"',
    );
    expect(error(['stale-set', '--set', 'ttl=5', '--set', 'ttlSeconds=6'])).toBe(
      'the TTL is given twice (--set ttl=5, then --set ttlSeconds=6): give it once',
    );
  });

  it('reads --link: a sandbox link copied from the page gives the scenario and its settings', () => {
    const link = 'http://127.0.0.1:4173/?scenario=stale-set&mitigation=lease&step=3&present=1';
    expect(parseWalkthroughArgs(['--link', link], IDS)).toMatchObject({
      ok: true,
      ids: ['stale-set'],
      settings: [LEASE],
    });
    expect(
      parseWalkthroughArgs(['stale-set', '--link', link, '--set', 'ttl=5'], IDS),
    ).toMatchObject({ ok: true, settings: [LEASE, { key: 'ttlSeconds', value: '5' }] });
    const error = (argv: string[]) => {
      const r = parseWalkthroughArgs(argv, IDS);
      return r.ok ? '' : r.error.split('\n')[0];
    };
    expect(error(['cold-read', '--link', link])).toBe(
      '--link opens stale-set, not cold-read: leave the scenario out, or give a link to it',
    );
    expect(error(['--link', link, '--set', 'mitigation=none'])).toBe(
      "the read mitigation is given twice (--link's mitigation=lease, then --set mitigation=none): give it once",
    );
    expect(error(['--link', 'http://127.0.0.1:4173/?scenario=stale-set&ttl=abc'])).toBe(
      '--link: bad ttl "abc": must be a whole number from 0 (no expiry) to 2,592,000 s. The page would open this link without those parts and say so; a storyboard refuses them, so it never plays settings the link did not mean: fix or drop them',
    );
    // Stray or misspelt parameters are named, each one, and refused.
    expect(
      error(['--link', 'http://127.0.0.1:4173/?scenario=stale-set&mitigaton=lease&utm_source=x']),
    ).toBe(
      '--link: unknown parameter "mitigaton"; unknown parameter "utm_source". The page would open this link without those parts and say so; a storyboard refuses them, so it never plays settings the link did not mean: fix or drop them',
    );
    // A parameter given twice: the page uses the first, and the refusal says that is the page.
    expect(
      error([
        '--link',
        'http://127.0.0.1:4173/?scenario=stale-set&mitigation=lease&mitigation=none',
      ]),
    ).toBe(
      '--link: "mitigation" given 2 times: the first, "lease", used. The page would open this link without those parts and say so; a storyboard refuses them, so it never plays settings the link did not mean: fix or drop them',
    );
    expect(error(['--link', 'http://127.0.0.1:4173/?mitigation=lease'])).toMatch(
      /^--link names no scenario \(free play has no storyboard\)/,
    );
    expect(error(['--link', 'http://127.0.0.1:4173/#/lab?requests=10'])).toBe(
      '--link is a link to the workload lab: a storyboard plays a scenario',
    );
    // A quiz link: its id opens the scenario; quiz mode a handout cannot ask is refused, not dropped.
    expect(
      parseWalkthroughArgs(
        ['--link', 'http://127.0.0.1:4173/?scenario=race-reader-and-writer'],
        IDS,
      ),
    ).toMatchObject({ ok: true, ids: ['stale-set'] });
    expect(
      error(['--link', 'http://127.0.0.1:4173/?scenario=race-reader-and-writer&step=2&quiz=1']),
    ).toBe(
      '--link asks for quiz mode (quiz=1): a storyboard is a handout that asks no questions and names the scenario by its own title, so it does not play quiz mode: drop quiz=1',
    );
    expect(error(['--link', 'stale-set'])).toMatch(
      /^--link must be a sandbox link copied from the page/,
    );
    expect(error(['--link', 'http://127.0.0.1:4173/?scenario=stale-set&run=x'])).toMatch(
      /^--link: the run in the link could not be restored .*it starts from the beginning\. The page would open this link without those parts/,
    );
    expect(
      error([
        '--link',
        'http://127.0.0.1:4173/?scenario=stale-set#code=eJyrVkrOSSxSsgpKTUvNSy4pSk1RqgUAQ3gGfw',
      ]),
    ).toMatch(
      /^--link carries "#code=.*" after its #: code of your own, which a storyboard does not play/,
    );
    // A run of its own is refused, named as the page names what it did: here Redis taken down
    // after step 3 (stale-set's link from the page), not a console line or a read.
    expect(
      error(['--link', 'http://127.0.0.1:4173/?scenario=stale-set&run=1.WzMsWyJ1IiwwXSwzXQ']),
    ).toBe(
      '--link holds a run of its own (Redis taken down): a storyboard plays the scenario step by step; copy the link before those, or name the settings with --set',
    );
    // A slide's anchor or a chat's fragment: the page opens the link without it, and no code.
    expect(error(['--link', 'http://127.0.0.1:4173/?scenario=stale-set#slide-3'])).toBe(
      '--link carries "#slide-3" after its #, a part the page does not read (code comes after #code=, the workload lab after #/lab): drop it',
    );
  });

  it('answers --help (or -h) with or without a scenario, listing every option it parses', () => {
    for (const argv of [['--help'], ['-h'], ['stale-set', '--out', 'x', '--help']])
      expect(parseWalkthroughArgs(argv, IDS)).toEqual({ ok: true, help: true });
    const help = walkthroughHelp(IDS);
    expect(help).toContain(
      'Usage: npm run walkthrough -- <scenario-id|all> [--out DIR] [--url URL] [--set NAME=VALUE] [--link LINK]',
    );
    for (const line of [
      /^ {2}<scenario-id\|all> +one scenario, or all of them: stale-set, cold-read$/m,
      /^ {2}--out DIR +.*\(default storyboards\)$/m,
      /^ {2}--url URL +/m,
      /^ {2}--set NAME=VALUE +play under this setting/m,
      /^ {2}--link LINK +play the scenario and settings of a sandbox link/m,
      // Each setting --set takes, with what its schema accepts.
      /^ {2}readMitigation \(mitigation\) +must be one of none, lease, /m,
      /^ {2}ttlSeconds \(ttl\) +must be a whole number from 0 \(no expiry\) to 2,592,000 s$/m,
      /^ {2}-h, --help +this text$/m,
    ])
      expect(help).toMatch(line);
    expect(help).toMatch(/Exits with 0 when done, 2 on a bad argument/);
    // A flag it does not take is still refused beside --help.
    expect(parseWalkthroughArgs(['--help', '--colour'], IDS).ok).toBe(false);
  });

  it('refuses an option given twice, naming both values, as npm run sim does', () => {
    const r = parseWalkthroughArgs(
      ['stale-set', '--out', 'a', '--url=http://127.0.0.1:1/', '--out=b', '--url', 'http://x:2'],
      IDS,
    );
    expect(r.ok ? [] : r.error.split('\n').slice(0, 2)).toEqual([
      '--out is given twice ("a", then "b"): give it once',
      '--url is given twice ("http://127.0.0.1:1/", then "http://x:2"): give it once',
    ]);
    // The same value twice is still two answers to one question.
    expect(parseWalkthroughArgs(['all', '--out', 'a', '--out', 'a'], IDS).ok).toBe(false);
  });

  it('refuses an --out with a file in the way, naming the flag and the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'walkthrough-out-'));
    try {
      const file = join(dir, 'boards.json');
      writeFileSync(file, '{}');
      // One sentence, the path said once ("(/tmp/x is a file), got "/tmp/x"" said it twice).
      const said = (out: string) => {
        const r = parseWalkthroughArgs(['all', '--out', out], IDS);
        return r.ok ? '' : r.error.split('\n')[0];
      };
      expect(said(file)).toBe(`--out must name a directory, and "${file}" is a file`);
      expect(said(join(file, 'boards'))).toBe(
        `--out must name a directory, and "${join(file, 'boards')}" is under "${file}", which is a file`,
      );
      // A file where the scenario's own folder goes is refused before anything is built.
      writeFileSync(join(dir, 'stale-set'), 'x');
      const inTheWay = parseWalkthroughArgs(['all', '--out', dir], IDS);
      expect(inTheWay.ok ? '' : inTheWay.error.split('\n')[0]).toBe(
        `--out "${dir}" holds a file where the storyboard of stale-set goes (${join(dir, 'stale-set')}): move it or name another folder`,
      );
      expect(parseWalkthroughArgs(['cold-read', '--out', dir], IDS).ok).toBe(true);
      rmSync(join(dir, 'stale-set'));
      // A folder, there or still to make, is taken; trying that it can be made leaves nothing.
      for (const out of [dir, join(dir, 'new', 'boards')])
        expect(parseWalkthroughArgs(['all', '--out', out], IDS)).toMatchObject({ ok: true, out });
      expect(readdirSync(dir)).toEqual(['boards.json']);
      // Folders that take no new folder or file are refused at once, in the system's words.
      expect(said('/proc/boards/new')).toBe(
        `--out "/proc/boards/new" is not a folder files can be written into (ENOENT: no such file or directory, mkdir '/proc/boards'): name another folder`,
      );
      expect(said('/sys/boards')).toMatch(/^--out "\/sys\/boards" is not a folder .* \(EPERM: /);
      expect(said('/dev/null/boards')).toBe(
        `--out must name a directory, and "/dev/null/boards" is under "/dev/null", which is a file`,
      );
      chmodSync(dir, 0o555);
      const readOnly = parseWalkthroughArgs(['all', '--out', join(dir, 'boards')], IDS);
      chmodSync(dir, 0o755);
      // Root writes into a folder whatever its mode says: only others are refused there.
      if (process.getuid?.() !== 0) expect(readOnly.ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a variant's storyboard has a folder of its own, named by its settings, so it replaces no other", () => {
    const folderOf = (argv: string[]) => {
      const r = parseWalkthroughArgs(argv, IDS);
      if (!r.ok || r.help) throw new Error(r.ok ? 'help' : r.error);
      return r.ids.map((id) => storyboardFolder(id, r.settings));
    };
    expect(folderOf(['stale-set'])).toEqual(['stale-set']);
    expect(folderOf(['stale-set', '--set', 'mitigation=lease'])).toEqual([
      'stale-set--readMitigation-lease',
    ]);
    // In links' order whatever the order typed, each value as a link gives it.
    expect(folderOf(['all', '--set', 'ttl=05', '--set', 'policy=double-delete'])).toEqual([
      'stale-set--writePolicy-double-delete--ttlSeconds-5',
      'cold-read--writePolicy-double-delete--ttlSeconds-5',
    ]);
    expect(
      folderOf(['--link', 'http://127.0.0.1:4173/?scenario=stale-set&mitigation=lease&step=3']),
    ).toEqual(['stale-set--readMitigation-lease']);
    // A file in the variant's folder is in its way; one in the default storyboard's is not.
    const dir = mkdtempSync(join(tmpdir(), 'walkthrough-out-'));
    try {
      writeFileSync(join(dir, 'stale-set'), 'x');
      expect(
        parseWalkthroughArgs(['stale-set', '--out', dir, '--set', 'mitigation=lease'], IDS).ok,
      ).toBe(true);
      writeFileSync(join(dir, 'stale-set--readMitigation-lease'), 'x');
      const inTheWay = parseWalkthroughArgs(
        ['stale-set', '--out', dir, '--set', 'mitigation=lease'],
        IDS,
      );
      expect(inTheWay.ok ? '' : inTheWay.error.split('\n')[0]).toBe(
        `--out "${dir}" holds a file where the storyboard of stale-set goes (${join(dir, 'stale-set--readMitigation-lease')}): move it or name another folder`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help says where a variant goes', () => {
    expect(walkthroughHelp(IDS).replace(/\s+/g, ' ')).toContain(
      'goes into a folder of its own, named by its settings (stale-set--readMitigation-lease)',
    );
  });

  it('refuses with the argument named and what it takes', () => {
    const error = (argv: string[]) => {
      const r = parseWalkthroughArgs(argv, IDS);
      return r.ok ? '' : r.error.split('\n')[0];
    };
    expect(error(['nope'])).toBe(
      'the scenario must be one of all, stale-set, cold-read, got "nope"',
    );
    expect(error(['all', '--url', 'javascript:alert(1)'])).toBe(
      '--url must be an http:// or https:// address of the page, with no ? or #, like http://127.0.0.1:4173, got "javascript:alert(1)"',
    );
    // The page's own address: the walkthrough adds each scenario's query to it.
    for (const url of [
      'http://127.0.0.1:4173/?present=1',
      'http://127.0.0.1:4173/#/lab',
      'http://127.0.0.1:4173?scenario=stale-set',
    ])
      expect(error(['all', '--url', url])).toMatch(/^--url must be .* with no \? or #/);
    // A port out of range is a bad argument (exit 2), not an address where nothing answered.
    for (const url of ['http://127.0.0.1:99999/', 'http://127.0.0.1:0', 'http://[::1/'])
      expect(error(['all', '--url', url])).toBe(
        `--url must be an address a browser can open, its port from 1 to 65535, got "${url}"`,
      );
    expect(error(['all', '--out', ''])).toBe('--out is missing: it must name a directory');
    expect(error([])).toBe('name a scenario or all');
    expect(error(['a', 'b'])).toBe('one scenario at a time (got 2)');
    expect(error(['all', '--colour', 'blue'])).toMatch(/--colour/);
    expect(error(['all', '--out'])).toMatch(/--out/);
  });

  it('answers any arguments with a run or a message, never an exception', () => {
    const arg = fc.oneof(
      fc.constantFrom(
        'all',
        'stale-set',
        '--out',
        '--url',
        '--x',
        '-h',
        '--out=',
        '--set',
        'ttl=5',
        '--link',
        'http://h/?scenario=cold-read',
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (argv) => {
        const r = parseWalkthroughArgs(argv, IDS);
        if (!r.ok) expect(r.error).toContain('usage: npm run walkthrough');
        else if (!r.help) for (const id of r.ids) expect(IDS).toContain(id);
      }),
      { numRuns: 300 },
    );
  });
});

describe('environment variables of npm run bench and npm run lab-heap', () => {
  const schemas = { BENCH_ROUNDS: envWholeNumber(1, 100, 3) };

  it('takes the default when unset and a whole number in range when set', () => {
    expect(readEnv(schemas, {})).toEqual({ BENCH_ROUNDS: 3 });
    expect(readEnv(schemas, { BENCH_ROUNDS: '7', OTHER: 'x' })).toEqual({ BENCH_ROUNDS: 7 });
  });

  it('answers arguments, which neither script reads, rather than ignore them', () => {
    // `npm run bench -- --help` ran the million-request benchmark, its argument unread.
    expect(envScriptArgs('bench', [], schemas)).toBeNull();
    expect(envScriptArgs('bench', ['--help'], schemas)).toEqual({
      code: 0,
      text: [
        'Usage: [VARIABLE=value ...] npm run bench',
        '',
        'Takes no arguments; these environment variables set it:',
        '  BENCH_ROUNDS  a whole number from 1 to 100 (default 3)',
      ].join('\n'),
    });
    expect(envScriptArgs('bench', ['--rounds', '5'], schemas)).toEqual({
      code: 2,
      text: 'bench: takes no arguments, got "--rounds 5"; set BENCH_ROUNDS in the environment instead (npm run bench -- --help says more)',
    });
  });

  it('refuses a value out of range, naming the variable and the range', () => {
    expect(() => readEnv(schemas, { BENCH_ROUNDS: 'lots' })).toThrow(
      'BENCH_ROUNDS must be a whole number from 1 to 100, got "lots"',
    );
    expect(() => readEnv(schemas, { BENCH_ROUNDS: '0' })).toThrow(/from 1 to 100, got "0"/);
  });

  it('answers any text with a number in range or a message naming the variable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        try {
          const { BENCH_ROUNDS } = readEnv(schemas, { BENCH_ROUNDS: text });
          expect(Number.isInteger(BENCH_ROUNDS) && BENCH_ROUNDS >= 1 && BENCH_ROUNDS <= 100).toBe(
            true,
          );
        } catch (e) {
          expect((e as Error).message).toMatch(
            /^BENCH_ROUNDS (is missing: it )?must be a whole number from 1 to 100/,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
