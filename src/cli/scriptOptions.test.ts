import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, envWholeNumber, parseWalkthroughArgs, readEnv } from './scriptOptions';

const IDS = ['stale-set', 'cold-read'];

describe('npm run walkthrough: arguments', () => {
  it('reads a scenario or all, --out and --url', () => {
    expect(parseWalkthroughArgs(['stale-set'], IDS)).toEqual({
      ok: true,
      ids: ['stale-set'],
      out: DEFAULT_OUT_DIR,
      url: null,
    });
    expect(
      parseWalkthroughArgs(['all', '--out', 'boards', '--url=http://127.0.0.1:4173/'], IDS),
    ).toEqual({ ok: true, ids: IDS, out: 'boards', url: 'http://127.0.0.1:4173/' });
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
    expect(error(['all', '--out', ''])).toBe('--out is missing: it must name a directory');
    expect(error([])).toBe('name a scenario or all');
    expect(error(['a', 'b'])).toBe('one scenario at a time (got 2)');
    expect(error(['all', '--colour', 'blue'])).toMatch(/--colour/);
    expect(error(['all', '--out'])).toMatch(/--out/);
  });

  it('answers any arguments with a run or a message, never an exception', () => {
    const arg = fc.oneof(
      fc.constantFrom('all', 'stale-set', '--out', '--url', '--x', '-h', '--out='),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (argv) => {
        const r = parseWalkthroughArgs(argv, IDS);
        if (r.ok) for (const id of r.ids) expect(IDS).toContain(id);
        else expect(r.error).toContain('usage: npm run walkthrough');
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
