// `cjson.decode` as lua-cjson 2.1.0 parses JSON (see luaCjson.ts): its tokens, its leniencies
// (hex numbers, `+1`, NaN and Infinity by default), its depth setting and its messages.
import fengari, { type LuaState } from 'fengari';
import { luaError } from './luaLibraryKit';
import { type CjsonConfig, hasStack } from './luaCjsonSettings';
import { isDigit, isHexDigit, startsWithFolded, strtod } from './luaCjsonNumbers';

const { lua } = fengari;

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

/** Decodes one JSON document, `data`, onto the stack: one value, then nothing but the end. */
export function decodeDocument(
  L: LuaState,
  cfg: CjsonConfig,
  data: Uint8Array,
  chargeValues: (L: LuaState, values: number) => void,
): void {
  const tokens = new Tokens(data, cfg);
  decodeValue(L, cfg, tokens, chargeValues);
  const end = tokens.next();
  if (end.type !== Token.End) parseError(L, 'the end', end);
}
