// Redis runs scripts on Lua 5.1, whose every number is a double; fengari is Lua 5.3, with a
// second kind of number, an integer, which fengari keeps in 32 bits and wraps: a script summing
// three 1,000,000,000s answered -1,294,967,296 (Redis: 3000000000), `65536 * 65536` 0. Its
// numbers also printed as Lua 5.3's: `tostring(3.0)` was "3.0" (Redis: "3"), `2^53`
// "9007199254741000.0" (Redis: "9.007199254741e+15"), `1/0` "Infinity" (Redis: "inf").
//
// So in this thread fengari's values are told integers no more: every number is a double, its
// arithmetic is a double's, and its text is Lua 5.1's `%.14g`. fengari exports no module that
// has its value class (see `boundConcatOperator` in luaBudget.ts), which is reached through a
// value on a stack, and changed once.

import { formatG } from './luaCjsonNumbers';

/** The methods of fengari's value class this changes. */
export interface LuaValueClass {
  type: number;
  value: unknown;
  ttisinteger(this: LuaValueClass): boolean;
  ttisfloat(this: LuaValueClass): boolean;
  ttnov(this: LuaValueClass): number;
  setsvalue(this: LuaValueClass, ts: { realstring: Uint8Array; hash: unknown }): void;
}

/** Lua's LUA_TNUMBER, the type of both kinds of number (`ttnov`). */
const LUA_TNUMBER = 3;

/**
 * A double as Lua 5.1 (Redis') writes it: C's `%.14g`, with glibc's inf and nan, and its rounding
 * of a tie to even (`100000000000025` is `1.0000000000002e+14`; JavaScript's rounds it up).
 */
export function lua51NumberText(d: number): string {
  // 0/0 on x86-64 is a NaN with its sign set, which glibc prints "-nan": what Redis answers.
  return formatG(d, 14);
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * Makes every number of fengari's, in this thread, a Lua 5.1 double: no value is an integer
 * (its arithmetic, for loops and constant folding are a double's; a value fengari made an
 * integer still holds a JavaScript number, now read as a double), and a number made text is
 * written as Lua 5.1 writes it. `setsvalue` is where fengari stores a number's text in the
 * number's own place (`luaO_tostring`, which `tostring`, `..` and `string.format('%s')` reach),
 * so the text is rewritten there when it is that number's.
 */
export function numbersAsLua51(proto: LuaValueClass): void {
  proto.ttisinteger = () => false;
  proto.ttisfloat = function () {
    return this.ttnov() === LUA_TNUMBER;
  };
  const store = proto.setsvalue;
  proto.setsvalue = function (ts) {
    if (
      this.ttnov() === LUA_TNUMBER &&
      typeof this.value === 'number' &&
      ts.realstring.length < 40
    ) {
      const n = this.value;
      const written = text.decode(ts.realstring);
      // fengari's own text of this number (its "3.0", "Infinity", "-nan"), not a string stored
      // over a stack slot a number was left in.
      const isThisNumber = Number.isNaN(n)
        ? /nan/i.test(written)
        : Number(written) === n || Math.abs(Number(written) - n) <= Math.abs(n) * 1e-12;
      if (isThisNumber) {
        ts.realstring = utf8.encode(lua51NumberText(n));
        ts.hash = null;
      }
    }
    store.call(this, ts);
  };
}

const isCSpace = (c: number | undefined): boolean =>
  c === 32 || (c !== undefined && c >= 9 && c <= 13);

/** C's `isspace` run from `i`: where it ends. */
function skipSpace(s: Uint8Array, i: number): number {
  let j = i;
  while (isCSpace(s[j])) j++;
  return j;
}

/** The value of a digit of base up to 36, or 36 when the byte is none. */
function digitValue(c: number | undefined): number {
  if (c === undefined) return 36;
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 122) return lower - 87;
  return 36;
}

/**
 * glibc's `strtod` of `s` from its start: the number and where it stopped (0 when nothing read
 * as one). Spaces first, a sign, then `inf`/`infinity`/`nan`, a hexadecimal (`0x1.8p3`) or a
 * decimal with its exponent.
 */
function strtod(s: Uint8Array): { value: number; end: number } {
  let i = skipSpace(s, 0);
  let sign = 1;
  if (s[i] === 43 || s[i] === 45) sign = s[i++] === 45 ? -1 : 1;
  const rest = String.fromCharCode(...s.subarray(i, i + 8)).toLowerCase();
  if (rest.startsWith('inf'))
    return { value: sign * Infinity, end: i + (rest.startsWith('infinity') ? 8 : 3) };
  if (rest.startsWith('nan')) {
    let end = i + 3;
    if (s[end] === 40) {
      let j = end + 1;
      while (digitValue(s[j]) < 36 || s[j] === 95) j++;
      if (s[j] === 41) end = j + 1;
    }
    return { value: NaN, end };
  }
  if (s[i] === 48 && (s[i + 1] | 0x20) === 120) {
    let j = i + 2;
    let mantissa = 0n;
    let digits = 0;
    let exponent = 0;
    for (; digitValue(s[j]) < 16; j++, digits++)
      mantissa = mantissa * 16n + BigInt(digitValue(s[j]));
    if (s[j] === 46)
      for (j++; digitValue(s[j]) < 16; j++, digits++, exponent -= 4)
        mantissa = mantissa * 16n + BigInt(digitValue(s[j]));
    // "0x" with no digit after it is the 0 before the x.
    if (digits === 0) return { value: sign * 0, end: i + 1 };
    if ((s[j] | 0x20) === 112) {
      let k = j + 1;
      let expSign = 1;
      if (s[k] === 43 || s[k] === 45) expSign = s[k++] === 45 ? -1 : 1;
      const start = k;
      let e = 0;
      while (s[k] >= 48 && s[k] <= 57) e = Math.min(e * 10 + s[k++] - 48, 100000);
      if (k > start) {
        exponent += expSign * e;
        j = k;
      }
    }
    return { value: sign * Number(mantissa) * 2 ** exponent, end: j };
  }
  let j = i;
  let digits = 0;
  for (; s[j] >= 48 && s[j] <= 57; j++) digits++;
  if (s[j] === 46) for (j++; s[j] >= 48 && s[j] <= 57; j++) digits++;
  if (digits === 0) return { value: 0, end: 0 };
  if ((s[j] | 0x20) === 101) {
    let k = j + 1;
    if (s[k] === 43 || s[k] === 45) k++;
    if (s[k] >= 48 && s[k] <= 57) {
      while (s[k] >= 48 && s[k] <= 57) k++;
      j = k;
    }
  }
  return { value: sign * Number(String.fromCharCode(...s.subarray(i, j))), end: j };
}

/** glibc's `strtoul(s, &end, base)`: ULONG_MAX past it, a `-` negating modulo 2^64. */
function strtoul(s: Uint8Array, base: number): { value: number; end: number } {
  let i = skipSpace(s, 0);
  let isNegative = false;
  if (s[i] === 43 || s[i] === 45) isNegative = s[i++] === 45;
  if (base === 16 && s[i] === 48 && (s[i + 1] | 0x20) === 120 && digitValue(s[i + 2]) < 16) i += 2;
  const start = i;
  let n = 0n;
  const big = BigInt(base);
  while (digitValue(s[i]) < base) n = n * big + BigInt(digitValue(s[i++]));
  if (i === start) return { value: 0, end: 0 };
  // ULONG_MAX, as a double 2^64.
  if (n >= 2n ** 64n) return { value: 2 ** 64, end: i };
  return { value: Number(isNegative ? BigInt.asUintN(64, -n) : n), end: i };
}

/** Whether only spaces follow `end` (a NUL ends a C string). */
function isAllSpaceAfter(s: Uint8Array, end: number): boolean {
  const j = skipSpace(s, end);
  return j >= s.length || s[j] === 0;
}

/**
 * Lua 5.1's `luaO_str2d`, which Redis' `tonumber(s)` reads a string with: glibc's `strtod`
 * (so `inf`, `nan` and `0x1p4` are numbers), spaces after it, nothing else; null when it is no
 * number.
 */
export function lua51StringToNumber(s: Uint8Array): number | null {
  let { value, end } = strtod(s);
  if (end === 0) return null;
  if ((s[end] | 0x20) === 120) ({ value, end } = strtoul(s, 16));
  if (end === 0) return null;
  return isAllSpaceAfter(s, end) ? value : null;
}

/** Lua 5.1's `tonumber(s, base)` for a base other than 10: C's `strtoul`, then only spaces. */
export function lua51StringToNumberInBase(s: Uint8Array, base: number): number | null {
  const { value, end } = strtoul(s, base);
  if (end === 0) return null;
  return isAllSpaceAfter(s, end) ? value : null;
}
