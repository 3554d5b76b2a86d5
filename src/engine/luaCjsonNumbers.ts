// Numbers as lua-cjson reads and writes them: C's `strtod` (hex, `inf`, `nan`, `+1`) and
// `%.Ng`, on the bytes of Lua's strings (see luaCjson.ts).

export const cInt = (d: number): number =>
  d >= -2147483648 && d < 2147483648 ? Math.trunc(d) : -2147483648;

// ===== Numbers =====

/**
 * The significant digits of `x` (> 0, finite) to `precision` places and its decimal exponent,
 * rounded as glibc's printf rounds: to nearest, a tie to even (JavaScript's rounds a tie up).
 */

function roundedDigits(x: number, precision: number): { digits: string; exp: number } {
  const [m, e] = x.toExponential(precision - 1).split('e');
  let digits = m.replace('.', '');
  let exp = Number(e);
  // A tie can only be a value whose exact decimal ends in a 5 just after the last digit kept.
  if (!x.toExponential(precision).split('e')[0].endsWith('5')) return { digits, exp };
  const [exactM, exactE] = x.toExponential(100).split('e');
  const exact = exactM.replace('.', '');
  if (exact[precision] === '5' && /^0*$/.test(exact.slice(precision + 1))) {
    const kept = exact.slice(0, precision);
    if (Number(kept[precision - 1]) % 2 === 0) {
      digits = kept;
      exp = Number(exactE);
    }
  }
  return { digits, exp };
}

/** C's `%.<precision>g` of `d`, as glibc writes it (inf, -inf, nan; -0). */
export function formatG(d: number, precision: number): string {
  if (Number.isNaN(d)) return '-nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const p = Math.max(1, precision);
  // A whole number of at most `p` digits is written as it is (the common case, made quick).
  if (Number.isInteger(d) && Math.abs(d) < 10 ** p) return String(d);
  const { digits, exp } = roundedDigits(Math.abs(d), p);
  const sign = d < 0 ? '-' : '';
  const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0*$/, '') : s);
  if (exp < -4 || exp >= p) {
    const mantissa = trim(`${digits[0]}.${digits.slice(1)}`);
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return sign + trim(`0.${'0'.repeat(-exp - 1)}${digits}`);
  return sign + trim(`${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`);
}

export const isDigit = (c: number) => c >= 48 && c <= 57;

export const isHexDigit = (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);

const lower = (c: number) => (c >= 65 && c <= 90 ? c | 0x20 : c);

/** Whether `data` at `at` starts with `word` (ASCII, case ignored). */
export function startsWithFolded(data: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++)
    if (lower(data[at + i] ?? 0) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * glibc's `strtod` at `start` (no leading space: a token starts there): the number and where it
 * ended; the end is `start` when nothing there reads as a number. Decimal, hexadecimal (`0x1p3`),
 * `inf`, `infinity` and `nan`, each after an optional sign.
 */
export function strtod(data: Uint8Array, start: number): { value: number; end: number } {
  const at = (i: number) => data[i] ?? 0;
  let i = start;
  let negative = false;
  if (at(i) === 45 || at(i) === 43) negative = at(i++) === 45;
  const signed = (v: number) => (negative ? -v : v);
  if (startsWithFolded(data, i, 'inf')) {
    const end = startsWithFolded(data, i + 3, 'inity') ? i + 8 : i + 3;
    return { value: signed(Infinity), end };
  }
  if (startsWithFolded(data, i, 'nan')) {
    let end = i + 3;
    if (at(end) === 40) {
      let j = end + 1;
      while (isDigit(at(j)) || (lower(at(j)) >= 97 && lower(at(j)) <= 122) || at(j) === 95) j++;
      if (at(j) === 41) end = j + 1;
    }
    return { value: NaN, end };
  }
  if (
    at(i) === 48 &&
    lower(at(i + 1)) === 120 &&
    (isHexDigit(at(i + 2)) || (at(i + 2) === 46 && isHexDigit(at(i + 3))))
  )
    return hexNumber(data, i + 2, negative);
  const digitsFrom = i;
  while (isDigit(at(i))) i++;
  let digits = i - digitsFrom;
  if (at(i) === 46) {
    i++;
    const fractionFrom = i;
    while (isDigit(at(i))) i++;
    digits += i - fractionFrom;
  }
  if (digits === 0) return { value: 0, end: start };
  if (lower(at(i)) === 101) {
    let j = i + 1;
    if (at(j) === 43 || at(j) === 45) j++;
    if (isDigit(at(j))) {
      while (isDigit(at(j))) j++;
      i = j;
    }
  }
  const text = String.fromCharCode(...data.subarray(digitsFrom, i));
  return { value: signed(Number(text.startsWith('.') ? `0${text}` : text)), end: i };
}

/** A hexadecimal number's digits from `from` (after `0x`), with a binary exponent (`p3`). */
function hexNumber(
  data: Uint8Array,
  from: number,
  negative: boolean,
): { value: number; end: number } {
  const at = (i: number) => data[i] ?? 0;
  let i = from;
  let mantissa = 0n;
  let exp = 0;
  while (isHexDigit(at(i)))
    mantissa = mantissa * 16n + BigInt(parseInt(String.fromCharCode(at(i++)), 16));
  if (at(i) === 46) {
    i++;
    while (isHexDigit(at(i))) {
      mantissa = mantissa * 16n + BigInt(parseInt(String.fromCharCode(at(i++)), 16));
      exp -= 4;
    }
  }
  if (lower(at(i)) === 112) {
    let j = i + 1;
    let expNegative = false;
    if (at(j) === 43 || at(j) === 45) expNegative = at(j++) === 45;
    if (isDigit(at(j))) {
      let e = 0;
      while (isDigit(at(j))) e = Math.min(e * 10 + at(j++) - 48, 100_000);
      exp += expNegative ? -e : e;
      i = j;
    }
  }
  const value = Number(mantissa) * 2 ** exp;
  return { value: negative ? -value : value, end: i };
}
