// INCRBYFLOAT's arithmetic as redis-server does it on x86-64: C's `long double`, the x87 80-bit
// format (a 64-bit significand), read with glibc's `strtold`, added, and printed with `%.17Lf`
// then trimmed. A JavaScript double would answer `INCRBYFLOAT k 0.1` three times with
// 0.30000000000000004 where Redis answers 0.3, so the values are exact binary fractions in
// BigInt, rounded to 64 bits as the FPU rounds them (to nearest, ties to even).

/** A finite long double: (-1)^neg × m × 2^e, m below 2^64 (0 for zero). */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
}

const SIGNIFICAND_BITS = 64;
/** The exponent of the smallest subnormal, 2^-16445. */
const MIN_EXPONENT = -16445;
/** Values from 2^16384 up are infinite. */
const MAX_BINARY_EXPONENT = 16384;
/** Redis' MAX_LONG_DOUBLE_CHARS: `string2ld` refuses a string of this length or more. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/**
 * Rounds the exact positive fraction num/den to a long double; 'inf' past its range, and a zero
 * significand when it underflows.
 */
function round(num: bigint, den: bigint): { m: bigint; e: number } | 'inf' {
  let e = Math.max(bitLength(num) - bitLength(den) - SIGNIFICAND_BITS, MIN_EXPONENT);
  const quotient = (exp: number) => {
    const n = exp < 0 ? num << BigInt(-exp) : num;
    const d = exp > 0 ? den << BigInt(exp) : den;
    return { q: n / d, r: n % d, d };
  };
  let { q, r, d } = quotient(e);
  if (q >= 1n << 64n) ({ q, r, d } = quotient(++e));
  if (2n * r > d || (2n * r === d && (q & 1n) === 1n)) q++;
  if (q === 1n << 64n) {
    q = 1n << 63n;
    e++;
  }
  if (q !== 0n && bitLength(q) + e > MAX_BINARY_EXPONENT) return 'inf';
  return { m: q, e };
}

/** The exact fraction a long double is. */
function fraction(x: LongDouble): { num: bigint; den: bigint } {
  return x.e >= 0 ? { num: x.m << BigInt(x.e), den: 1n } : { num: x.m, den: 1n << BigInt(-x.e) };
}

/**
 * Redis' `string2ld`: the string as `strtold` reads it, or null where Redis answers "value is
 * not a valid float" (empty, 5,120 characters or more, a blank first, anything `strtold` leaves
 * unread, NaN, or a value out of range: past the largest long double or under the smallest, to
 * zero). Infinity is a valid float here (INCRBYFLOAT then refuses the sum).
 */
export function parseLongDouble(text: string): LongDouble | 'inf' | '-inf' | null {
  // Redis also checks that strtold read every byte, so a NUL byte anywhere is not a float.
  if (
    text.length === 0 ||
    text.includes('\0') ||
    new TextEncoder().encode(text).length >= MAX_LONG_DOUBLE_CHARS
  )
    return null;
  const sign = /^[+-]/.test(text) ? text[0] : '';
  const body = text.slice(sign.length);
  const neg = sign === '-';
  if (/^(inf|infinity)$/i.test(body)) return neg ? '-inf' : 'inf';
  let digits: string;
  let base: 10n | 16n;
  let scale: bigint; // a power of `radix` below
  let radix: 10n | 2n;
  const hex = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(body);
  const dec = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(body);
  if (hex && (hex[1] + (hex[2] ?? '')).length > 0) {
    digits = hex[1] + (hex[2] ?? '');
    base = 16n;
    radix = 2n;
    scale = BigInt(hex[3] ?? '0') - 4n * BigInt((hex[2] ?? '').length);
  } else if (dec && (dec[1] + (dec[2] ?? '')).length > 0) {
    digits = dec[1] + (dec[2] ?? '');
    base = 10n;
    radix = 10n;
    scale = BigInt(dec[3] ?? '0') - BigInt((dec[2] ?? '').length);
  } else return null;
  // BigInt reads thousands of digits at once; a loop over them would take quadratic time.
  const n = BigInt(base === 16n ? `0x${digits}` : digits);
  if (n === 0n) return { neg, m: 0n, e: 0 };
  // Out of range whatever the digits: no need to build a power of ten with a billion digits.
  const magnitude = Number(scale) * (radix === 10n ? Math.log2(10) : 1) + bitLength(n);
  if (magnitude > MAX_BINARY_EXPONENT + 2) return null;
  if (magnitude < MIN_EXPONENT - 2) return null;
  const power = radix ** (scale < 0n ? -scale : scale);
  const rounded = scale < 0n ? round(n, power) : round(n * power, 1n);
  if (rounded === 'inf' || rounded.m === 0n) return null;
  return { neg, ...rounded };
}

/** a + b in long double arithmetic: 'inf' (either sign) when it overflows. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | 'inf' {
  const fa = fraction(a);
  const fb = fraction(b);
  const den = fa.den > fb.den ? fa.den : fb.den;
  const num =
    (a.neg ? -1n : 1n) * fa.num * (den / fa.den) + (b.neg ? -1n : 1n) * fb.num * (den / fb.den);
  // An exact zero sum is +0 when rounding to nearest (-0 + -0 stays -0).
  if (num === 0n) return { neg: a.neg && b.neg, m: 0n, e: 0 };
  const rounded = round(num < 0n ? -num : num, den);
  return rounded === 'inf' ? 'inf' : { neg: num < 0n, ...rounded };
}

/**
 * Redis' `ld2string` in LD_STR_HUMAN mode: `%.17Lf` (the exact value rounded to 17 decimals,
 * ties to even), then trailing zeros and a trailing point dropped, and "-0" written "0".
 */
export function formatLongDouble(x: LongDouble): string {
  const { num, den } = fraction(x);
  const scaled = num * 10n ** 17n;
  let q = scaled / den;
  const r = scaled % den;
  if (2n * r > den || (2n * r === den && (q & 1n) === 1n)) q++;
  const digits = q.toString().padStart(18, '0');
  let text = `${x.neg ? '-' : ''}${digits.slice(0, -17)}.${digits.slice(-17)}`;
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}
