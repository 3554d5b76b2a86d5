// Redis' glob (`stringmatchlen` in util.c), matched in linear time.
//
// Redis matches bytes with a backtracking recursion; a pattern such as `*a*a*a...*b` against a
// long run of `a` takes exponential time there unless pruned, and a regular expression built
// from the pattern backtracks the same way. Here the pattern becomes a list of tokens and the
// string is run through them as a set of positions (an NFA simulation): at most
// pattern x string steps, whatever the pattern.

const utf8Encoder = new TextEncoder();

type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'byte'; byte: number }
  | {
      kind: 'class';
      negated: boolean;
      singles: number[];
      /** Bytes given with a backslash, which Redis compares as they are even without letter case. */
      escaped: number[];
      /** In order (lower bound first), signed. */
      ranges: [number, number][];
    };

/** Redis gives up (no match) past this many nested `*` (util.c's protection, CVE-2022-36021). */
const MAX_STAR_NESTING = 1000;

/** Splits a pattern's bytes into tokens exactly as `stringmatchlen` reads them. */
function tokenize(p: Uint8Array): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === 0x2a /* * */) {
      while (i + 1 < p.length && p[i + 1] === 0x2a) i++;
      tokens.push({ kind: 'star' });
      i++;
    } else if (c === 0x3f /* ? */) {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === 0x5b /* [ */) {
      i++;
      const negated = p[i] === 0x5e; /* ^ */
      if (negated) i++;
      const singles: number[] = [];
      const escaped: number[] = [];
      const ranges: [number, number][] = [];
      for (;;) {
        const left = p.length - i;
        if (p[i] === 0x5c /* \ */ && left >= 2) {
          escaped.push(p[i + 1]);
          i += 2;
        } else if (left > 0 && p[i] === 0x5d /* ] */) {
          i++;
          break;
        } else if (left === 0) {
          break; // an unterminated class runs to the end of the pattern
        } else if (left >= 3 && p[i + 1] === 0x2d /* - */) {
          const a = signed(p[i]);
          const b = signed(p[i + 2]);
          ranges.push(a <= b ? [a, b] : [b, a]);
          i += 3;
        } else {
          singles.push(p[i]);
          i++;
        }
      }
      tokens.push({ kind: 'class', negated, singles, escaped, ranges });
    } else if (c === 0x5c /* \ */ && i + 1 < p.length) {
      tokens.push({ kind: 'byte', byte: p[i + 1] });
      i += 2;
    } else {
      tokens.push({ kind: 'byte', byte: c });
      i++;
    }
  }
  return tokens;
}

/**
 * A byte as C's `char` holds it on the machines Redis runs on (signed): Redis compares a range's
 * bounds and the byte that way, so a byte of a UTF-8 sequence (0x80 to 0xFF) sorts below ASCII
 * and `[a-é]` matches `A` (0x41, between 0xC3 read as -61 and `a`), not `z`.
 */
const signed = (byte: number): number => (byte > 127 ? byte - 256 : byte);

/** C's `tolower` in the "C" locale: ASCII letters only (a signed byte stays as it is). */
const tolower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

function matchesByte(t: Token, b: number, nocase: boolean): boolean {
  const fold = nocase ? tolower : (c: number) => c;
  switch (t.kind) {
    case 'any':
      return true;
    case 'byte':
      return fold(t.byte) === fold(b);
    case 'class': {
      const sb = fold(signed(b));
      // Redis lowers a range's bounds after putting them in order: without case, `[A-_]` runs
      // from `a` down to `_` and holds nothing.
      const hit =
        t.escaped.includes(b) ||
        t.singles.some((c) => fold(c) === fold(b)) ||
        t.ranges.some(([lo, hi]) => sb >= fold(lo) && sb <= fold(hi));
      return hit !== t.negated;
    }
    case 'star':
      return false;
  }
}

/**
 * Compiles a Redis glob pattern (KEYS, SCAN MATCH) into a predicate with Redis' semantics:
 * `*` any run of bytes, `?` one byte, `[abc]`, `[^a-z]` (a reversed range is swapped, `\`
 * escapes inside), `\x` a literal x; an unterminated `[` runs to the end; the empty string
 * matches only the empty pattern (KEYS and SCAN treat a lone `*` as "everything" before
 * matching). Bytes are the strings' UTF-8. Time: pattern length x string length at most.
 * `nocase` (CONFIG GET's patterns) folds ASCII letters as `stringmatchlen`'s nocase does, which
 * is not the same as lowering the pattern first: see `matchesByte`.
 */
export function compileGlob(
  pattern: string,
  { nocase = false }: { nocase?: boolean } = {},
): (text: string) => boolean {
  const tokens = tokenize(utf8Encoder.encode(pattern));
  const n = tokens.length;
  // Which star each token is (1-based), for Redis' nesting limit; trailing stars never recurse.
  const starIndex: number[] = [];
  let stars = 0;
  for (const t of tokens) starIndex.push(t.kind === 'star' ? ++stars : 0);
  const isDeadStar = (i: number) => starIndex[i] > MAX_STAR_NESTING && i !== n - 1;

  const current = new Uint8Array(n + 1);
  const next = new Uint8Array(n + 1);
  /** Adds position i and everything reachable from it without consuming a byte. */
  const close = (set: Uint8Array, i: number) => {
    while (i <= n && !set[i]) {
      set[i] = 1;
      if (i < n && tokens[i].kind === 'star' && !isDeadStar(i)) i++;
      else break;
    }
  };

  return (text: string): boolean => {
    const s = utf8Encoder.encode(text);
    if (s.length === 0) return pattern.length === 0;
    current.fill(0);
    close(current, 0);
    for (const b of s) {
      next.fill(0);
      let alive = false;
      for (let i = 0; i < n; i++) {
        if (!current[i]) continue;
        const t = tokens[i];
        if (t.kind === 'star') {
          if (isDeadStar(i)) continue;
          close(next, i);
          alive = true;
        } else if (matchesByte(t, b, nocase)) {
          close(next, i + 1);
          alive = true;
        }
      }
      if (!alive) return false;
      current.set(next);
    }
    return current[n] === 1;
  };
}

/** One-off match; compile once with {@link compileGlob} to test many strings. */
export function globMatch(pattern: string, text: string): boolean {
  return compileGlob(pattern)(text);
}
