// `cjson.encode` as lua-cjson 2.1.0 writes JSON (see luaCjson.ts): its escapes, its sparse-array
// rule, its depth and number settings and its messages, within the sandbox's budget.
import fengari, { type LuaState } from 'fengari';
import { luaError, luaTypeName } from './luaLibraryKit';
import { type CjsonBudget, type CjsonConfig, hasStack } from './luaCjsonSettings';
import { cInt, formatG } from './luaCjsonNumbers';

const { lua } = fengari;

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
export class Output {
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
export function encodeValue(L: LuaState, cfg: CjsonConfig, out: Output): void {
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
