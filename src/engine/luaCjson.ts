// Redis' `cjson` library for scripts: lua-cjson 2.1.0 as Redis ships it (deps/lua/src/lua_cjson.c),
// in JavaScript, on the bytes of Lua's strings. Its parser, its leniencies (hex numbers, `+1`,
// NaN and Infinity by default), its sparse-array rule, its settings and its messages are the C
// library's; numbers are written with `%.Ng` (14 digits unless set). What differs from Redis:
// an object's keys are written in the order the table got them (Redis writes them in its Lua's
// hash order, which no other program reproduces), and the text one `cjson.encode` makes is
// bounded, as the sandbox bounds every string a script makes. A setting of the global `cjson`
// lasts, as on Redis 7.0, where every script runs on one Lua state, for the scripts after: the
// sandbox opens a fresh state for each script, so the settings are the server's, kept outside it.
import fengari, { type LuaState } from 'fengari';
import { argError, luaError, luaTypeName, pushFunctionTable, typeError } from './luaLibraryKit';

const { lua, to_luastring: luaString } = fengari;

/** What bounds the work of `cjson.encode` and `cjson.decode` in the sandbox. */
export interface CjsonBudget {
  /** The most bytes one `cjson.encode` may make. */
  readonly maxEncodeBytes: number;
  /** Raises the sandbox's refusal of an encoding longer than {@link maxEncodeBytes}. */
  refuseLongEncoding(L: LuaState): never;
  /** Counts `bytes` of strings made (or read) by the running script, against its budget. */
  charge(L: LuaState, bytes: number): void;
  /** Counts `values` made by a decode against the script's budget of them. */
  chargeValues(L: LuaState, values: number): void;
}

/** One cjson module's settings (lua_cjson.c's `json_config_t`), as plain data. */
export interface CjsonConfig {
  encodeSparseConvert: number;
  encodeSparseRatio: number;
  encodeSparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  /** 0: refused, 1: written (`inf`, `nan`), 2: written as `null`. */
  encodeInvalidNumbers: number;
  decodeInvalidNumbers: number;
  encodeKeepBuffer: number;
  encodeNumberPrecision: number;
}

/** C's INT_MAX: the largest a lua-cjson integer setting takes. */
const INT_MAX = 2147483647;

/** cjson's settings as Redis starts them (and `cjson.new` makes them). */
export const defaultCjsonConfig = (): CjsonConfig => ({
  encodeSparseConvert: 0,
  encodeSparseRatio: 2,
  encodeSparseSafe: 10,
  encodeMaxDepth: 1000,
  decodeMaxDepth: 1000,
  encodeInvalidNumbers: 0,
  decodeInvalidNumbers: 1,
  encodeKeepBuffer: 1,
  encodeNumberPrecision: 14,
});

/**
 * Lua 5.1's LUAI_MAXCSTACK: `lua_checkstack` fails past this many values in a C function's
 * frame, which is where cjson stops nesting when its depth limit is set higher.
 */
const LUA51_MAX_C_STACK = 8000;

/** Lua 5.1's `lua_checkstack` for a C function whose frame holds `lua_gettop` values. */
const hasStack = (L: LuaState, slots: number): boolean =>
  lua.lua_gettop(L) + slots <= LUA51_MAX_C_STACK && lua.lua_checkstack(L, slots);

/** C's `(int)` of a double out of range on x86-64: INT_MIN. */
const cInt = (d: number): number =>
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

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexDigit = (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
const lower = (c: number) => (c >= 65 && c <= 90 ? c | 0x20 : c);

/** Whether `data` at `at` starts with `word` (ASCII, case ignored). */
function startsWithFolded(data: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++)
    if (lower(data[at + i] ?? 0) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * glibc's `strtod` at `start` (no leading space: a token starts there): the number and where it
 * ended; the end is `start` when nothing there reads as a number. Decimal, hexadecimal (`0x1p3`),
 * `inf`, `infinity` and `nan`, each after an optional sign.
 */
function strtod(data: Uint8Array, start: number): { value: number; end: number } {
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

// ===== Encoding =====

/** lua_cjson.c's `char2escape`: how each byte is written inside a JSON string. */
const ESCAPES: (string | null)[] = Array.from({ length: 256 }, (_, c) => {
  if (c < 32 || c === 127) {
    const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
    return short[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
  }
  if (c === 34) return '\\"';
  if (c === 47) return '\\/';
  if (c === 92) return '\\\\';
  return null;
});

/** The text being made, in bytes, refused by the budget as soon as it is too long. */
class Output {
  private bytes = new Uint8Array(256);
  length = 0;

  constructor(
    private readonly L: LuaState,
    private readonly budget: CjsonBudget,
  ) {}

  private room(more: number): void {
    const need = this.length + more;
    if (need > this.budget.maxEncodeBytes) this.budget.refuseLongEncoding(this.L);
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  ascii(text: string): void {
    this.room(text.length);
    for (let i = 0; i < text.length; i++) this.bytes[this.length++] = text.charCodeAt(i);
  }

  /** A Lua string, quoted and escaped as cjson writes it. */
  string(s: Uint8Array): void {
    this.room(s.length + 2);
    this.bytes[this.length++] = 34;
    for (const c of s) {
      const escape = ESCAPES[c];
      if (escape === null) {
        this.room(1);
        this.bytes[this.length++] = c;
      } else this.ascii(escape);
    }
    this.room(1);
    this.bytes[this.length++] = 34;
  }

  text(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** `Cannot serialise <type>: <reason>`, the type of the value at `index`. */
const encodeError = (L: LuaState, index: number, reason: string): never =>
  luaError(L, `Cannot serialise ${luaTypeName(L, index)}: ${reason}`);

/** json_append_number: the number at `index`, as the settings say. */
function appendNumber(L: LuaState, cfg: CjsonConfig, out: Output, index: number): void {
  const num = lua.lua_tonumber(L, index);
  if (cfg.encodeInvalidNumbers === 0) {
    if (!Number.isFinite(num)) encodeError(L, index, 'must not be NaN or Inf');
  } else if (cfg.encodeInvalidNumbers === 1) {
    if (Number.isNaN(num)) return out.ascii('nan');
  } else if (!Number.isFinite(num)) return out.ascii('null');
  out.ascii(formatG(num, cfg.encodeNumberPrecision));
}

/**
 * lua_array_length: the table on top as an array, its length (the largest key), or -1 when it
 * is an object (a key that is not a whole number from 1), or too sparse and set to be one.
 */
function arrayLength(L: LuaState, cfg: CjsonConfig): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2) !== 0) {
    const k = lua.lua_type(L, -2) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -2) : 0;
    if (k !== 0 && Math.floor(k) === k && k >= 1) {
      if (k > max) max = cInt(k);
      items++;
      lua.lua_pop(L, 1);
      continue;
    }
    lua.lua_pop(L, 2);
    return -1;
  }
  if (
    cfg.encodeSparseRatio > 0 &&
    max > items * cfg.encodeSparseRatio &&
    max > cfg.encodeSparseSafe
  ) {
    if (!cfg.encodeSparseConvert) encodeError(L, -1, 'excessively sparse array');
    return -1;
  }
  return max;
}

/** A table being written: an array's length and the index written last, or an object. */
type Open = { length: number; index: number } | null;

/**
 * json_encode without recursion: the value on top, then each table's values in turn, with the
 * stack as the C library's would be (a table, and its key while its value is written), so its
 * nesting stops where Redis' does.
 */
function encodeValue(L: LuaState, cfg: CjsonConfig, out: Output): void {
  const open: Open[] = [];
  /** Writes the value on top; a table is opened (left on the stack), anything else popped. */
  const begin = (pop: boolean): void => {
    switch (lua.lua_type(L, -1)) {
      case lua.LUA_TSTRING:
        out.string(lua.lua_tolstring(L, -1) as Uint8Array);
        break;
      case lua.LUA_TNUMBER:
        appendNumber(L, cfg, out, -1);
        break;
      case lua.LUA_TBOOLEAN:
        out.ascii(lua.lua_toboolean(L, -1) ? 'true' : 'false');
        break;
      case lua.LUA_TTABLE: {
        const depth = open.length + 1;
        if (!(depth <= cfg.encodeMaxDepth && hasStack(L, 3)))
          luaError(L, `Cannot serialise, excessive nesting (${depth})`);
        const length = arrayLength(L, cfg);
        if (length > 0) {
          out.ascii('[');
          open.push({ length, index: 0 });
        } else {
          out.ascii('{');
          open.push(null);
          lua.lua_pushnil(L);
        }
        return;
      }
      case lua.LUA_TNIL:
        out.ascii('null');
        break;
      case lua.LUA_TLIGHTUSERDATA:
        if (lua.lua_touserdata(L, -1) === null) {
          out.ascii('null');
          break;
        }
        encodeError(L, -1, 'type not supported');
        break;
      default:
        encodeError(L, -1, 'type not supported');
    }
    if (pop) lua.lua_pop(L, 1);
  };
  /** Closes the table written last: the parent's table (or key) is on top again. */
  const close = (bracket: string): void => {
    out.ascii(bracket);
    open.pop();
    if (open.length > 0) lua.lua_pop(L, 1);
  };
  begin(false);
  while (open.length > 0) {
    const table = open[open.length - 1];
    if (table !== null) {
      if (table.index >= table.length) {
        close(']');
        continue;
      }
      if (table.index > 0) out.ascii(',');
      lua.lua_rawgeti(L, -1, ++table.index);
      begin(true);
      continue;
    }
    // The object's table, and the key written last (nil at first).
    const wroteOne = lua.lua_type(L, -1) !== lua.LUA_TNIL;
    if (lua.lua_next(L, -2) === 0) {
      close('}');
      continue;
    }
    if (wroteOne) out.ascii(',');
    const keyType = lua.lua_type(L, -2);
    if (keyType === lua.LUA_TNUMBER) {
      out.ascii('"');
      appendNumber(L, cfg, out, -2);
      out.ascii('":');
    } else if (keyType === lua.LUA_TSTRING) {
      out.string(lua.lua_tolstring(L, -2) as Uint8Array);
      out.ascii(':');
    } else encodeError(L, -2, 'table key must be a number or string');
    begin(true);
  }
}

// ===== Decoding =====

/** How many values a decode makes between counts against the script's budget. */
const VALUES_CHARGED_AT_ONCE = 1024;

const enum Token {
  ObjBegin,
  ObjEnd,
  ArrBegin,
  ArrEnd,
  String,
  Number,
  Boolean,
  Null,
  Colon,
  Comma,
  End,
  Error,
}

/** How lua-cjson names a token it did not expect. */
const TOKEN_NAMES = [
  'T_OBJ_BEGIN',
  'T_OBJ_END',
  'T_ARR_BEGIN',
  'T_ARR_END',
  'T_STRING',
  'T_NUMBER',
  'T_BOOLEAN',
  'T_NULL',
  'T_COLON',
  'T_COMMA',
  'T_END',
];

interface Parsed {
  type: Token;
  /** Where the token starts (0-based); for an error, where it was found. */
  index: number;
  string?: Uint8Array;
  number?: number;
  boolean?: boolean;
  /** An error token's words ("invalid token", "unexpected end of string" ...). */
  error?: string;
}

const SINGLE: Record<number, Token> = {
  123: Token.ObjBegin,
  125: Token.ObjEnd,
  91: Token.ArrBegin,
  93: Token.ArrEnd,
  44: Token.Comma,
  58: Token.Colon,
};

const SIMPLE_ESCAPES: Record<number, number> = {
  34: 34,
  92: 92,
  47: 47,
  98: 8,
  116: 9,
  110: 10,
  102: 12,
  114: 13,
};

/** Four hexadecimal digits at `at` as a number, or -1 (a C string ends at its NUL). */
function hex4(data: Uint8Array, at: number): number {
  let n = 0;
  for (let i = 0; i < 4; i++) {
    const c = data[at + i] ?? 0;
    if (!isHexDigit(c)) return -1;
    n = n * 16 + parseInt(String.fromCharCode(c), 16);
  }
  return n;
}

/** UTF-8 of a code point, as lua-cjson makes it (no check it is a character). */
function utf8Of(codepoint: number): number[] {
  if (codepoint <= 0x7f) return [codepoint];
  if (codepoint <= 0x7ff) return [(codepoint >> 6) | 0xc0, (codepoint & 0x3f) | 0x80];
  if (codepoint <= 0xffff)
    return [(codepoint >> 12) | 0xe0, ((codepoint >> 6) & 0x3f) | 0x80, (codepoint & 0x3f) | 0x80];
  return [
    (codepoint >> 18) | 0xf0,
    ((codepoint >> 12) & 0x3f) | 0x80,
    ((codepoint >> 6) & 0x3f) | 0x80,
    (codepoint & 0x3f) | 0x80,
  ];
}

/** lua-cjson's tokenizer over a string's bytes, read as C reads it: it ends at a NUL. */
class Tokens {
  ptr = 0;

  constructor(
    readonly data: Uint8Array,
    private readonly cfg: CjsonConfig,
  ) {}

  private at(i: number): number {
    return this.data[i] ?? 0;
  }

  private error(index: number, error: string): Parsed {
    return { type: Token.Error, index, error };
  }

  next(): Parsed {
    let c = this.at(this.ptr);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = this.at(++this.ptr);
    const index = this.ptr;
    if (c === 0) return { type: Token.End, index };
    const single = SINGLE[c];
    if (single !== undefined) {
      this.ptr++;
      return { type: single, index };
    }
    if (c === 34) return this.string(index);
    if (c === 45 || isDigit(c)) {
      if (!this.cfg.decodeInvalidNumbers && this.isInvalidNumber())
        return this.error(this.ptr, 'invalid number');
      return this.number(index);
    }
    if (this.startsWith('true')) {
      this.ptr += 4;
      return { type: Token.Boolean, index, boolean: true };
    }
    if (this.startsWith('false')) {
      this.ptr += 5;
      return { type: Token.Boolean, index, boolean: false };
    }
    if (this.startsWith('null')) {
      this.ptr += 4;
      return { type: Token.Null, index };
    }
    // Only `+`, `i`, `I`, `n` and `N` may start a number lua-cjson reads with strtod.
    const numberStart = c === 43 || c === 105 || c === 73 || c === 110 || c === 78;
    if (numberStart && this.cfg.decodeInvalidNumbers && this.isInvalidNumber())
      return this.number(index);
    return this.error(this.ptr, 'invalid token');
  }

  private startsWith(word: string): boolean {
    for (let i = 0; i < word.length; i++)
      if (this.at(this.ptr + i) !== word.charCodeAt(i)) return false;
    return true;
  }

  /** json_is_invalid_number: a number strict JSON does not allow (+1, 0x10, 012, inf, nan). */
  private isInvalidNumber(): boolean {
    let p = this.ptr;
    if (this.at(p) === 43) return true;
    if (this.at(p) === 45) p++;
    const c = this.at(p);
    if (c === 48) {
      const c2 = this.at(p + 1);
      return (c2 | 0x20) === 120 || isDigit(c2);
    }
    if (c <= 57) return false;
    return startsWithFolded(this.data, p, 'inf') || startsWithFolded(this.data, p, 'nan');
  }

  private number(index: number): Parsed {
    const { value, end } = strtod(this.data, this.ptr);
    if (end === this.ptr) return this.error(this.ptr, 'invalid number');
    this.ptr = end;
    return { type: Token.Number, index, number: value };
  }

  private string(index: number): Parsed {
    const bytes: number[] = [];
    /** Runs of plain bytes, copied as they are, and what escapes made between them. */
    const pieces: Uint8Array[] = [];
    let length = 0;
    const flush = (): void => {
      if (bytes.length === 0) return;
      pieces.push(Uint8Array.from(bytes));
      length += bytes.length;
      bytes.length = 0;
    };
    this.ptr++;
    for (;;) {
      const from = this.ptr;
      let c = this.at(this.ptr);
      while (c !== 34 && c !== 92 && c !== 0) c = this.at(++this.ptr);
      if (this.ptr > from) {
        flush();
        pieces.push(this.data.subarray(from, this.ptr));
        length += this.ptr - from;
      }
      if (c === 34) break;
      if (c === 0) return this.error(this.ptr, 'unexpected end of string');
      const escape = this.at(this.ptr + 1);
      if (escape === 117) {
        if (!this.unicodeEscape(bytes)) return this.error(this.ptr, 'invalid unicode escape code');
        continue;
      }
      const simple = SIMPLE_ESCAPES[escape];
      if (simple === undefined) return this.error(this.ptr, 'invalid escape code');
      bytes.push(simple);
      this.ptr += 2;
    }
    flush();
    this.ptr++;
    const string = pieces.length === 1 ? pieces[0].slice() : new Uint8Array(length);
    if (pieces.length !== 1) {
      let at = 0;
      for (const piece of pieces) {
        string.set(piece, at);
        at += piece.length;
      }
    }
    return { type: Token.String, index, string };
  }

  /** json_append_unicode_escape: `\uXXXX` (a surrogate pair with the next) as UTF-8. */
  private unicodeEscape(bytes: number[]): boolean {
    let codepoint = hex4(this.data, this.ptr + 2);
    if (codepoint < 0) return false;
    let length = 6;
    if ((codepoint & 0xf800) === 0xd800) {
      if (codepoint & 0x400) return false;
      if (this.at(this.ptr + 6) !== 92 || this.at(this.ptr + 7) !== 117) return false;
      const low = hex4(this.data, this.ptr + 8);
      if (low < 0 || (low & 0xfc00) !== 0xdc00) return false;
      codepoint = (((codepoint & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
      length = 12;
    }
    bytes.push(...utf8Of(codepoint));
    this.ptr += length;
    return true;
  }
}

/** json_throw_parse_error: "Expected <what> but found <token> at character <n>". */
function parseError(L: LuaState, expected: string, token: Parsed): never {
  const found = token.type === Token.Error ? token.error : TOKEN_NAMES[token.type];
  return luaError(L, `Expected ${expected} but found ${found} at character ${token.index + 1}`);
}

/**
 * json_decode without recursion: each array or object being read keeps its table (and an
 * object its key) on the stack as the C library's does, so its nesting stops where Redis' does.
 */
function decodeValue(
  L: LuaState,
  cfg: CjsonConfig,
  tokens: Tokens,
  chargeValues: (L: LuaState, values: number) => void,
): void {
  let values = 0;
  /** The arrays (their next index) and objects (null) being read, innermost last. */
  const open: (number | null)[] = [];
  const descend = (slots: number): void => {
    const depth = open.length + 1;
    if (depth <= cfg.decodeMaxDepth && hasStack(L, slots)) return;
    luaError(L, `Found too many nested data structures (${depth}) at character ${tokens.ptr}`);
  };
  let token = tokens.next();
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    if (state === 'value') {
      state = 'after';
      if (++values === VALUES_CHARGED_AT_ONCE) {
        chargeValues(L, values);
        values = 0;
      }
      switch (token.type) {
        case Token.String:
          lua.lua_pushstring(L, token.string as Uint8Array);
          break;
        case Token.Number:
          lua.lua_pushnumber(L, token.number as number);
          break;
        case Token.Boolean:
          lua.lua_pushboolean(L, token.boolean === true);
          break;
        case Token.Null:
          lua.lua_pushlightuserdata(L, null);
          break;
        case Token.ObjBegin:
          descend(3);
          lua.lua_newtable(L);
          token = tokens.next();
          if (token.type !== Token.ObjEnd) {
            open.push(null);
            state = 'key';
          }
          break;
        case Token.ArrBegin:
          descend(2);
          lua.lua_newtable(L);
          token = tokens.next();
          if (token.type !== Token.ArrEnd) {
            open.push(1);
            state = 'value';
          }
          break;
        default:
          parseError(L, 'value', token);
      }
      continue;
    }
    if (state === 'key') {
      if (token.type !== Token.String) parseError(L, 'object key string', token);
      lua.lua_pushstring(L, token.string as Uint8Array);
      token = tokens.next();
      if (token.type !== Token.Colon) parseError(L, 'colon', token);
      token = tokens.next();
      state = 'value';
      continue;
    }
    // A value was read: it goes in the table it is in.
    if (open.length === 0) return chargeValues(L, values);
    const index = open[open.length - 1];
    if (index === null) lua.lua_rawset(L, -3);
    else lua.lua_rawseti(L, -2, index);
    token = tokens.next();
    const closer = index === null ? Token.ObjEnd : Token.ArrEnd;
    if (token.type === closer) {
      open.pop();
      continue;
    }
    if (token.type !== Token.Comma)
      parseError(L, index === null ? 'comma or object end' : 'comma or array end', token);
    token = tokens.next();
    if (index === null) state = 'key';
    else {
      open[open.length - 1] = index + 1;
      state = 'value';
    }
  }
}

// ===== The module =====

/** json_arg_init: at most `count` arguments. */
function checkArguments(L: LuaState, count: number): void {
  if (lua.lua_gettop(L) > count) argError(L, count + 1, 'found too many arguments');
  lua.lua_settop(L, count);
}

/** json_integer_option: the argument at `index` (if given) sets it, within `min` .. `max`. */
function integerOption(
  L: LuaState,
  index: number,
  min: number,
  max: number,
  value: number,
): number {
  if (lua.lua_type(L, index) !== lua.LUA_TNIL) {
    const n = lua.lua_tonumber(L, index);
    if (n === 0 && !lua.lua_isnumber(L, index)) typeError(L, index, 'number');
    // Lua 5.1's lua_Integer (64 bits), then C's int: its low 32 bits.
    const asInt =
      Number.isFinite(n) && Math.abs(n) < 2 ** 63
        ? Number(BigInt.asIntN(32, BigInt(Math.trunc(n))))
        : 0;
    // lua-cjson names argument 1 whichever it checks.
    if (!(min <= asInt && asInt <= max))
      argError(L, 1, `expected integer between ${min} and ${max}`);
    value = asInt;
  }
  lua.lua_pushnumber(L, value);
  return value;
}

/** json_enum_option: a boolean, or one of `options` by name; pushes the setting as it is now. */
function enumOption(
  L: LuaState,
  index: number,
  value: number,
  options: readonly string[] = ['off', 'on'],
): number {
  if (lua.lua_type(L, index) !== lua.LUA_TNIL) {
    if (lua.lua_type(L, index) === lua.LUA_TBOOLEAN) value = lua.lua_toboolean(L, index) ? 1 : 0;
    else {
      const type = lua.lua_type(L, index);
      if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) typeError(L, index, 'string');
      const option = fengari.to_jsstring(lua.lua_tolstring(L, index) as Uint8Array);
      const found = options.indexOf(option);
      if (found < 0) argError(L, index, `invalid option '${option}'`);
      value = found;
    }
  }
  if (value === 0 || value === 1) lua.lua_pushboolean(L, value === 1);
  else lua.lua_pushstring(L, luaString(options[value]));
  return value;
}

/** A cjson module's functions, on one settings object (`cjson.new()` makes another). */
function cjsonFunctions(
  cfg: CjsonConfig,
  budget: CjsonBudget,
): Record<string, (L: LuaState) => number> {
  return {
    encode: (L) => {
      if (lua.lua_gettop(L) !== 1) argError(L, 1, 'expected 1 argument');
      const out = new Output(L, budget);
      encodeValue(L, cfg, out);
      const text = out.text();
      lua.lua_settop(L, 0);
      lua.lua_pushstring(L, text);
      budget.charge(L, text.length);
      return 1;
    },
    decode: (L) => {
      if (lua.lua_gettop(L) !== 1) argError(L, 1, 'expected 1 argument');
      const type = lua.lua_type(L, 1);
      if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) typeError(L, 1, 'string');
      const data = lua.lua_tolstring(L, 1) as Uint8Array;
      if (data.length >= 2 && (data[0] === 0 || data[1] === 0))
        luaError(L, 'JSON parser does not support UTF-16 or UTF-32');
      budget.charge(L, data.length);
      const tokens = new Tokens(data, cfg);
      decodeValue(L, cfg, tokens, budget.chargeValues);
      const end = tokens.next();
      if (end.type !== Token.End) parseError(L, 'the end', end);
      return 1;
    },
    encode_sparse_array: (L) => {
      checkArguments(L, 3);
      cfg.encodeSparseConvert = enumOption(L, 1, cfg.encodeSparseConvert);
      cfg.encodeSparseRatio = integerOption(L, 2, 0, INT_MAX, cfg.encodeSparseRatio);
      cfg.encodeSparseSafe = integerOption(L, 3, 0, INT_MAX, cfg.encodeSparseSafe);
      return 3;
    },
    encode_max_depth: integerSetting(cfg, 'encodeMaxDepth', 1, INT_MAX),
    decode_max_depth: integerSetting(cfg, 'decodeMaxDepth', 1, INT_MAX),
    encode_number_precision: integerSetting(cfg, 'encodeNumberPrecision', 1, 14),
    encode_keep_buffer: enumSetting(cfg, 'encodeKeepBuffer'),
    encode_invalid_numbers: enumSetting(cfg, 'encodeInvalidNumbers', ['off', 'on', 'null']),
    decode_invalid_numbers: enumSetting(cfg, 'decodeInvalidNumbers'),
    new: (L) => {
      pushCjson(L, budget);
      return 1;
    },
  };
}

/** A setting of one integer, within `min` .. `max`, as json_cfg_encode_max_depth reads it. */
function integerSetting(
  cfg: CjsonConfig,
  key: keyof CjsonConfig,
  min: number,
  max: number,
): (L: LuaState) => number {
  return (L) => {
    checkArguments(L, 1);
    cfg[key] = integerOption(L, 1, min, max, cfg[key]);
    return 1;
  };
}

/** A setting of one option among `options`, as json_cfg_encode_keep_buffer reads it. */
function enumSetting(
  cfg: CjsonConfig,
  key: keyof CjsonConfig,
  options?: readonly string[],
): (L: LuaState) => number {
  return (L) => {
    checkArguments(L, 1);
    cfg[key] = enumOption(L, 1, cfg[key], options);
    return 1;
  };
}

/** Pushes a cjson module table on the settings `cfg`, as `lua_cjson_new` makes one. */
function pushCjson(L: LuaState, budget: CjsonBudget, cfg = defaultCjsonConfig()): void {
  pushFunctionTable(L, cjsonFunctions(cfg, budget));
  lua.lua_pushlightuserdata(L, null);
  lua.lua_setfield(L, -2, luaString('null'));
  lua.lua_pushstring(L, luaString('cjson'));
  lua.lua_setfield(L, -2, luaString('_NAME'));
  lua.lua_pushstring(L, luaString('2.1.0'));
  lua.lua_setfield(L, -2, luaString('_VERSION'));
}

/** The settings of the server whose script runs now ({@link withCjsonConfig}). */
let serverConfig: CjsonConfig | null = null;

/** The settings of the server whose script runs now, null outside {@link withCjsonConfig}. */
export const runningCjsonConfig = (): CjsonConfig | null => serverConfig;

/**
 * Runs `run` (a command that may run a script) with the global `cjson` of the scripts it runs
 * on `config`, the server's settings, which a script's setting changes for the scripts after.
 */
export function withCjsonConfig<T>(config: CjsonConfig, run: () => T): T {
  const before = serverConfig;
  serverConfig = config;
  try {
    return run();
  } finally {
    serverConfig = before;
  }
}

/**
 * Sets the global `cjson`, Redis' lua-cjson, on the state `L`, bounded by `budget`, on the
 * running server's settings (the defaults outside {@link withCjsonConfig}).
 */
export function openCjson(L: LuaState, budget: CjsonBudget): void {
  pushCjson(L, budget, serverConfig ?? defaultCjsonConfig());
  lua.lua_setglobal(L, luaString('cjson'));
}
