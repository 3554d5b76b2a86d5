// Lua 5.1's `string.format` (Redis' Lua), in JavaScript: fengari's 5.3 one hands each item to a
// JavaScript sprintf that writes numbers as JavaScript does (`%g` of 1e20 was
// "100000000000000000000", `%.1f` of 0.25 "0.3", `%e` "1e+4"; Redis: "1e+20", "0.2", "1.0e+04")
// and knows no `#`, `+` or space flag. Here each item is C's printf of what 5.1 hands it: a
// double for `%e %f %g`, a C long for `%d %x` (cut toward zero, wrapped as x86-64 casts), an int
// for `%c`, and the text is cut at a NUL as 5.1's `strlen` cut it.
import fengari, { type LuaState } from 'fengari';
import { lua51NumberText } from './luaNumbers';

const { lua } = fengari;

const utf8 = new TextEncoder();
const ascii = (s: string): Uint8Array => utf8.encode(s);

const TWO_63 = 2n ** 63n;

/** x86-64's cast of a double to a C long: cut toward zero, LONG_MIN when out of range or NaN. */
function cLong(x: number): bigint {
  if (!(x >= -9223372036854775808 && x < 9223372036854775808)) return -TWO_63;
  return BigInt(Math.trunc(x));
}

/** gcc's cast of a double to an unsigned long on x86-64 (from 2^63 up it goes through 2^63). */
function cUnsignedLong(x: number): bigint {
  if (x >= 9223372036854775808) return BigInt.asUintN(64, cLong(x - 9223372036854775808) ^ -TWO_63);
  return BigInt.asUintN(64, cLong(x));
}

/** x86-64's cast of a double to a C int: cut toward zero, INT_MIN when out of range or NaN. */
const cInt = (x: number): number =>
  x > -2147483649 && x < 2147483648 ? Math.trunc(x) : -2147483648;

/** |x| (finite) exactly, as a whole number of 10^-scale: every double is a finite decimal. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/**
 * |x| rounded to `places` decimals (fewer than 0: to tens, hundreds ...) as glibc's printf
 * rounds, to nearest and a tie to even, on the double's exact value: a whole number of 10^-places.
 */
function roundedTo(x: number, places: number): bigint {
  const { digits, scale } = exactDecimal(x);
  const cut = scale - places;
  if (cut <= 0) return digits * 10n ** BigInt(-cut);
  const unit = 10n ** BigInt(cut);
  const kept = digits / unit;
  const rest = digits % unit;
  const half = unit / 2n;
  return rest > half || (rest === half && kept % 2n === 1n) ? kept + 1n : kept;
}

/** The decimal exponent of |x| (finite, not 0) written with `significant` digits: %e's. */
function decimalExponent(x: number, significant: number): number {
  let exponent = Math.floor(Math.log10(Math.abs(x)));
  // log10 may be one off either way near a power of ten: settle it on the rounded digits.
  for (;;) {
    const digits = roundedTo(x, significant - 1 - exponent).toString().length;
    if (digits > significant) exponent++;
    else if (digits < significant) exponent--;
    else return exponent;
  }
}

/** `places` decimals of |x| (finite): C's `%.<places>f` without its sign. */
function fixed(x: number, places: number, keepsPoint: boolean): string {
  const text = roundedTo(x, places)
    .toString()
    .padStart(places + 1, '0');
  const whole = text.slice(0, text.length - places);
  if (places === 0) return keepsPoint ? `${whole}.` : whole;
  return `${whole}.${text.slice(text.length - places)}`;
}

/** |x| (finite) as C's `%.<places>e` without its sign. */
function scientific(x: number, places: number, keepsPoint: boolean): string {
  const exponent = x === 0 ? 0 : decimalExponent(x, places + 1);
  const digits = x === 0 ? '0'.repeat(places + 1) : roundedTo(x, places - exponent).toString();
  const mantissa =
    places === 0 ? (keepsPoint ? `${digits}.` : digits) : `${digits[0]}.${digits.slice(1)}`;
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** |x| (finite) as C's `%.<precision>g` without its sign: `#` keeps its trailing zeros. */
function general(x: number, precision: number, isAlternate: boolean): string {
  const significant = precision === 0 ? 1 : precision;
  const exponent = x === 0 ? 0 : decimalExponent(x, significant);
  const text =
    exponent < -4 || exponent >= significant
      ? scientific(x, significant - 1, isAlternate)
      : fixed(x, significant - 1 - exponent, isAlternate);
  if (isAlternate) return text;
  // Without `#`, the fraction's trailing zeros go, and its point with them.
  const [mantissa, exponentText] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return exponentText === undefined ? trimmed : `${trimmed}e${exponentText}`;
}

/** One `%...` item of a format: its flags, width and precision (absent: undefined). */
interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
}

/** `body` (the digits or text) after `sign`/`prefix`, padded to the width as printf pads. */
function padded(spec: Spec, sign: string, body: string, isZeroPadded: boolean): string {
  const length = sign.length + body.length;
  if (length >= spec.width) return sign + body;
  const fill = spec.width - length;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(fill);
  if (isZeroPadded && spec.flags.includes('0')) return sign + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + sign + body;
}

const signOf = (spec: Spec, isNegative: boolean): string =>
  isNegative ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';

/** C's printf of a double for `%e %E %f %g %G`. */
function formatDouble(spec: Spec, conversion: string, x: number): string {
  const isUpper = conversion === 'E' || conversion === 'G';
  if (!Number.isFinite(x)) {
    // 0/0 on x86-64 is a NaN with its sign set, which glibc writes "-nan" (as luaNumbers.ts).
    const text = Number.isNaN(x) ? 'nan' : 'inf';
    const sign = Number.isNaN(x) ? '-' : signOf(spec, x < 0);
    return padded(spec, sign, isUpper ? text.toUpperCase() : text, false);
  }
  const precision = spec.precision ?? 6;
  const isAlternate = spec.flags.includes('#');
  const magnitude = Math.abs(x);
  const lower = conversion.toLowerCase();
  let body =
    lower === 'f'
      ? fixed(magnitude, precision, isAlternate)
      : lower === 'e'
        ? scientific(magnitude, precision, isAlternate)
        : general(magnitude, precision, isAlternate);
  if (isUpper) body = body.toUpperCase();
  return padded(spec, signOf(spec, x < 0 || Object.is(x, -0)), body, true);
}

/** C's printf of a long for `%d %i` (signed) or `%o %u %x %X` (the long read unsigned). */
function formatWhole(spec: Spec, conversion: string, x: number): string {
  const isSigned = conversion === 'd' || conversion === 'i';
  const n = isSigned ? cLong(x) : cUnsignedLong(x);
  const base = conversion === 'o' ? 8 : conversion === 'x' || conversion === 'X' ? 16 : 10;
  let digits = (n < 0n ? -n : n).toString(base);
  if (conversion === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) {
    digits = spec.precision === 0 && n === 0n ? '' : digits.padStart(spec.precision, '0');
  }
  let prefix = '';
  if (spec.flags.includes('#')) {
    if (conversion === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
    if ((conversion === 'x' || conversion === 'X') && n !== 0n) prefix = `0${conversion}`;
  }
  const sign = isSigned ? signOf(spec, n < 0n) : '';
  return padded(spec, sign + prefix, digits, spec.precision === undefined);
}

/** The text of a C string: up to its first NUL, as `sprintf` and `strlen` read it. */
function cString(bytes: Uint8Array): Uint8Array {
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
}

/** 5.1's `%q`: the string quoted so that Lua 5.1 reads it back. */
function quoted(bytes: Uint8Array): Uint8Array {
  const out: number[] = [34];
  for (const b of bytes) {
    if (b === 34 || b === 92 || b === 10) out.push(92, b);
    else if (b === 13) out.push(92, 114);
    else if (b === 0) out.push(92, 48, 48, 48);
    else out.push(b);
  }
  out.push(34);
  return Uint8Array.from(out);
}

const LUA_TYPE_NAMES = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function'];

/** Raises 5.1's `bad argument #i to 'format' (problem)` (callOriginal51 names and places it). */
function badArgument(L: LuaState, i: number, problem: string): never {
  lua.lua_pushstring(L, fengari.to_luastring(`bad argument #${i} to 'format' (${problem})`));
  return lua.lua_error(L);
}

function typeMismatch(L: LuaState, i: number, expected: string): never {
  const type = lua.lua_type(L, i);
  const got =
    type === lua.LUA_TNONE
      ? 'no value'
      : (LUA_TYPE_NAMES[type] ?? (type === 8 ? 'thread' : 'userdata'));
  return badArgument(L, i, `${expected} expected, got ${got}`);
}

/** 5.1's `luaL_checklstring`: a string's bytes, or a number's text (%.14g). */
function stringArgument(L: LuaState, i: number): Uint8Array {
  const type = lua.lua_type(L, i);
  if (type === lua.LUA_TSTRING) return lua.lua_tolstring(L, i) as Uint8Array; // a string: never null
  if (type === lua.LUA_TNUMBER) return ascii(lua51NumberText(lua.lua_tonumber(L, i)));
  return typeMismatch(L, i, 'string');
}

/** 5.1's `luaL_checknumber`: a number, or a string that reads as one. */
function numberArgument(L: LuaState, i: number): number {
  if (lua.lua_isnumber(L, i)) return lua.lua_tonumber(L, i);
  return typeMismatch(L, i, 'number');
}

const FLAGS = '-+ #0';
const NOTHING = new Uint8Array(0);
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 48 && b <= 57;

function raise(L: LuaState, message: string): never {
  lua.lua_pushstring(L, fengari.to_luastring(message));
  return lua.lua_error(L);
}

/**
 * Lua 5.1's `string.format(format, ...)` (its `str_format`): raises its errors without a
 * position, for the wrapper that calls it (callOriginal51) to place and name them.
 */
export function format51(L: LuaState): number {
  const top = lua.lua_gettop(L);
  const format = stringArgument(L, 1);
  const pieces: Uint8Array[] = [];
  let argument = 1;
  let i = 0;
  while (i < format.length) {
    const start = i;
    while (i < format.length && format[i] !== 37) i++;
    if (i > start) pieces.push(format.subarray(start, i));
    if (i >= format.length) break;
    i++;
    if (format[i] === 37) {
      pieces.push(format.subarray(i, i + 1));
      i++;
      continue;
    }
    if (++argument > top) badArgument(L, argument, 'no value');
    const flagsStart = i;
    while (i < format.length && FLAGS.includes(String.fromCharCode(format[i]))) i++;
    if (i - flagsStart >= FLAGS.length + 1) raise(L, 'invalid format (repeated flags)');
    const flags = String.fromCharCode(...format.subarray(flagsStart, i));
    let width = 0;
    for (let n = 0; n < 2 && isDigit(format[i]); n++) width = width * 10 + format[i++] - 48;
    let precision: number | undefined;
    if (format[i] === 46) {
      i++;
      precision = 0;
      for (let n = 0; n < 2 && isDigit(format[i]); n++)
        precision = precision * 10 + format[i++] - 48;
    }
    if (isDigit(format[i])) raise(L, 'invalid format (width or precision too long)');
    const spec: Spec = { flags, width, precision };
    // Past the end is C's NUL, which no conversion is.
    const conversion = i < format.length ? String.fromCharCode(format[i]) : '';
    i++;
    switch (conversion) {
      case 'c': {
        const byte = cInt(numberArgument(L, argument)) & 0xff;
        const fill = ascii(' '.repeat(Math.max(0, width - 1)));
        // A NUL ends the C string 5.1 copied the item from.
        const char = byte === 0 ? NOTHING : Uint8Array.of(byte);
        if (flags.includes('-')) pieces.push(char, byte === 0 ? NOTHING : fill);
        else pieces.push(fill, char);
        break;
      }
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
        pieces.push(ascii(formatWhole(spec, conversion, numberArgument(L, argument))));
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'g':
      case 'G':
        pieces.push(ascii(formatDouble(spec, conversion, numberArgument(L, argument))));
        break;
      case 'q':
        pieces.push(quoted(stringArgument(L, argument)));
        break;
      case 's': {
        const bytes = stringArgument(L, argument);
        // A long string without a precision goes in whole, NULs and all (5.1's shortcut).
        if (precision === undefined && bytes.length >= 100) {
          pieces.push(bytes);
          break;
        }
        let text = cString(bytes);
        if (precision !== undefined) text = text.subarray(0, precision);
        const fill = Math.max(0, width - text.length);
        const spaces = ascii(' '.repeat(fill));
        pieces.push(...(flags.includes('-') ? [text, spaces] : [spaces, text]));
        break;
      }
      default:
        raise(L, `invalid option '%${conversion}' to 'format'`);
    }
  }
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  lua.lua_pushstring(L, out);
  return 1;
}
