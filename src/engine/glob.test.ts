import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatch } from './glob';
import { cpuMs } from '../cli/cpuTime';

/** C's `tolower` in the "C" locale: ASCII letters only. */
const tolower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/**
 * Redis 7.0's `stringmatchlen` (util.c), transcribed line for line over bytes, with its nesting
 * limit, `skipLongerMatches` and `nocase` (CONFIG GET's patterns): the reference the linear
 * matcher must agree with.
 */
function redisStringMatch(pattern: Uint8Array, string: Uint8Array, nocase = false): boolean {
  const skip = { longer: false };
  const impl = (p: number, pl: number, s: number, sl: number, nesting: number): boolean => {
    if (nesting > 1000) return false;
    while (pl && sl) {
      switch (pattern[p]) {
        case 0x2a: {
          while (pl && pattern[p + 1] === 0x2a) {
            p++;
            pl--;
          }
          if (pl === 1) return true;
          while (sl) {
            if (impl(p + 1, pl - 1, s, sl, nesting + 1)) return true;
            if (skip.longer) return false;
            s++;
            sl--;
          }
          skip.longer = true;
          return false;
        }
        case 0x3f:
          s++;
          sl--;
          break;
        case 0x5b: {
          p++;
          pl--;
          const not = pattern[p] === 0x5e;
          if (not) {
            p++;
            pl--;
          }
          let match = false;
          for (;;) {
            if (pattern[p] === 0x5c && pl >= 2) {
              p++;
              pl--;
              // An escaped byte is compared as it is, nocase or not.
              if (pattern[p] === string[s]) match = true;
            } else if (pl > 0 && pattern[p] === 0x5d) {
              break;
            } else if (pl === 0) {
              p--;
              pl++;
              break;
            } else if (pl >= 3 && pattern[p + 1] === 0x2d) {
              // C's char is signed: bytes above 0x7F compare as negative numbers.
              let start = (pattern[p] << 24) >> 24;
              let end = (pattern[p + 2] << 24) >> 24;
              if (start > end) [start, end] = [end, start];
              let c = (string[s] << 24) >> 24;
              // nocase lowers the bounds after they were put in order, and the byte.
              if (nocase) [start, end, c] = [tolower(start), tolower(end), tolower(c)];
              p += 2;
              pl -= 2;
              if (c >= start && c <= end) match = true;
            } else if (
              nocase ? tolower(pattern[p]) === tolower(string[s]) : pattern[p] === string[s]
            ) {
              match = true;
            }
            p++;
            pl--;
          }
          if (not) match = !match;
          if (!match) return false;
          s++;
          sl--;
          break;
        }
        case 0x5c:
          if (pl >= 2) {
            p++;
            pl--;
          }
        // falls through
        default:
          if (nocase ? tolower(pattern[p]) !== tolower(string[s]) : pattern[p] !== string[s])
            return false;
          s++;
          sl--;
      }
      p++;
      pl--;
      if (sl === 0) {
        while (pattern[p] === 0x2a) {
          p++;
          pl--;
        }
        break;
      }
    }
    return pl === 0 && sl === 0;
  };
  return impl(0, pattern.length, 0, string.length, 0);
}

const utf8 = new TextEncoder();
const reference = (pattern: string, text: string, nocase = false) =>
  redisStringMatch(utf8.encode(pattern), utf8.encode(text), nocase);

describe('compileGlob: Redis glob semantics in linear time', () => {
  it('agrees with Redis stringmatchlen on random patterns and strings (property)', () => {
    const patternChar = fc.constantFrom('a', 'b', '*', '?', '[', ']', '^', '-', '\\', 'é');
    const textChar = fc.constantFrom('a', 'b', '-', ']', '\\', '*', 'é', 'z');
    fc.assert(
      fc.property(
        fc.string({ unit: patternChar, maxLength: 8 }),
        fc.string({ unit: textChar, maxLength: 8 }),
        (pattern, text) => {
          expect(globMatch(pattern, text)).toBe(reference(pattern, text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with Redis stringmatchlen without letter case too, as CONFIG GET matches (property)', () => {
    // Letters on both sides of the case gap (`[A-_]`, `[P-a]`), escapes, and ASCII folded by
    // JavaScript only (the Kelvin sign).
    const patternChar = fc.constantFrom(
      'a',
      'P',
      'p',
      'A',
      '_',
      '*',
      '?',
      '[',
      ']',
      '^',
      '-',
      '\\',
      'K',
    );
    const textChar = fc.constantFrom('a', 'A', 'p', 'P', '_', '`', 'k', 'K');
    fc.assert(
      fc.property(
        fc.string({ unit: patternChar, maxLength: 8 }),
        fc.string({ unit: textChar, maxLength: 6 }),
        (pattern, text) => {
          expect(compileGlob(pattern, { nocase: true })(text)).toBe(reference(pattern, text, true));
        },
      ),
      { numRuns: 3000 },
    );
    // Redis puts a range's bounds in order before lowering them: `[A-_]` becomes a..`_`, empty.
    expect(compileGlob('m[A-_]x', { nocase: true })('max')).toBe(false);
    expect(compileGlob('[\\P]', { nocase: true })('p')).toBe(false);
    expect(compileGlob('[P-Q]', { nocase: true })('p')).toBe(true);
  });

  it('knows the corner cases: escapes, negated and reversed classes, bytes, the empty string', () => {
    expect(globMatch('x\\*y', 'x*y')).toBe(true);
    expect(globMatch('x\\*y', 'xay')).toBe(false);
    expect(globMatch('[^h]*', 'hello')).toBe(false);
    expect(globMatch('[^h]*', 'world')).toBe(true);
    expect(globMatch('[z-a]', 'q')).toBe(true);
    expect(globMatch('[abc', 'b')).toBe(true); // an unterminated class runs to the end
    expect(globMatch('?', 'é')).toBe(false); // é is two bytes
    expect(globMatch('??', 'é')).toBe(true);
    expect(globMatch('*', '')).toBe(false); // KEYS * never matches: it lists every key instead
    expect(globMatch('', '')).toBe(true);
  });

  it('gives up past 1000 nested stars, as Redis does', () => {
    const many = `${'*a'.repeat(1001)}*`;
    expect(globMatch(many, 'a'.repeat(1001))).toBe(false);
    const fewer = `${'*a'.repeat(999)}*`;
    expect(globMatch(fewer, 'a'.repeat(999))).toBe(true);
  });

  it('finishes a pathological pattern against 40 a at once', () => {
    const match = compileGlob(`${'*a'.repeat(20)}*b`);
    const started = cpuMs();
    expect(match('a'.repeat(40))).toBe(false);
    expect(cpuMs() - started).toBeLessThan(50);
  });
});
