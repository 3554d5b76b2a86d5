// Redis' `cmsgpack` library for scripts (deps/lua/src/lua_cmsgpack.c, lua-cmsgpack 0.4.0):
// MessagePack of Lua values, on Lua 5.1's doubles. A whole number that fits 64 bits is packed as
// an integer, any other number as a float when a float holds it exactly, else as a double; a
// table whose keys are 1 to n as an array, any other as a map (its keys in the order the table
// got them here, in its Lua's hash order on Redis); tables nested deeper than 16 as nil. One
// `cmsgpack.pack` makes at most what the sandbox lets one call make.
import fengari, { type LuaState } from 'fengari';
import {
  argError,
  luaError,
  Packed,
  pushFunctionTable,
  typeError,
  type PackBudget,
} from './luaLibraryKit';

const { lua, to_luastring: luaString } = fengari;

/** What bounds `cmsgpack.pack` in the sandbox. */
export interface CmsgpackBudget extends PackBudget {
  charge(L: LuaState, bytes: number): void;
  /** Counts `values` made by a decode against the script's budget of them. */
  chargeValues(L: LuaState, values: number): void;
}

const MAX_NESTING = 16;
/** Lua 5.1's LUAI_MAXCSTACK: the values a C function's frame may hold. */
const LUA51_MAX_C_STACK = 8000;
const TWO_63 = 2 ** 63;

/** `n`'s low `bytes` bytes, big-endian, after the type byte `type`. */
function bigEndian(type: number, n: bigint, bytes: number): number[] {
  const out = [type];
  for (let i = bytes - 1; i >= 0; i--) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return out;
}

/** mp_encode_int. */
function encodeInt(out: Packed, n: bigint): void {
  if (n >= 0n) {
    if (n <= 127n) out.add([Number(n)]);
    else if (n <= 0xffn) out.add(bigEndian(0xcc, n, 1));
    else if (n <= 0xffffn) out.add(bigEndian(0xcd, n, 2));
    else if (n <= 0xffffffffn) out.add(bigEndian(0xce, n, 4));
    else out.add(bigEndian(0xcf, n, 8));
  } else if (n >= -32n) out.add([Number(n) & 0xff]);
  else if (n >= -128n) out.add(bigEndian(0xd0, n, 1));
  else if (n >= -32768n) out.add(bigEndian(0xd1, n, 2));
  else if (n >= -2147483648n) out.add(bigEndian(0xd2, n, 4));
  else out.add(bigEndian(0xd3, n, 8));
}

/** mp_encode_lua_number: a whole number that fits 64 bits as an integer, else a float or double. */
function encodeNumber(out: Packed, n: number): void {
  if (Number.isFinite(n) && Number.isInteger(n) && n >= -TWO_63 && n < TWO_63) {
    encodeInt(out, BigInt(n));
    return;
  }
  const f = Math.fround(n);
  const view = new DataView(new ArrayBuffer(9));
  if (n === f) {
    view.setUint8(0, 0xca);
    view.setFloat32(1, f);
    out.add(new Uint8Array(view.buffer, 0, 5));
  } else {
    view.setUint8(0, 0xcb);
    view.setFloat64(1, n);
    out.add(new Uint8Array(view.buffer));
  }
}

/** A header of a string, array (0x90) or map (0x80) of `n` items. */
function encodeLength(out: Packed, kind: 'string' | 'array' | 'map', n: number): void {
  const big = BigInt(n);
  if (kind === 'string') {
    if (n < 32) out.add([0xa0 | n]);
    else if (n <= 0xff) out.add(bigEndian(0xd9, big, 1));
    else if (n <= 0xffff) out.add(bigEndian(0xda, big, 2));
    else out.add(bigEndian(0xdb, big, 4));
    return;
  }
  const [fix, b16, b32] = kind === 'array' ? [0x90, 0xdc, 0xdd] : [0x80, 0xde, 0xdf];
  if (n <= 15) out.add([fix | n]);
  else if (n <= 0xffff) out.add(bigEndian(b16, big, 2));
  else out.add(bigEndian(b32, big, 4));
}

/** table_is_an_array: keys exactly 1 to n (whole numbers that fit a C int). */
function isArray(L: LuaState): boolean {
  let count = 0;
  let max = 0;
  const top = lua.lua_gettop(L);
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2) !== 0) {
    lua.lua_pop(L, 1);
    const n = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : 0;
    if (!(n > 0 && n < 2147483648 && Number.isInteger(n))) {
      lua.lua_settop(L, top);
      return false;
    }
    if (n > max) max = n;
    count++;
  }
  lua.lua_settop(L, top);
  return max === count;
}

/** mp_encode_lua_type: the value on top (popped), at nesting `level`. */
function encodeValue(L: LuaState, out: Packed, level: number): void {
  let type = lua.lua_type(L, -1);
  if (type === lua.LUA_TTABLE && level === MAX_NESTING) type = lua.LUA_TNIL;
  switch (type) {
    case lua.LUA_TSTRING: {
      const s = lua.lua_tolstring(L, -1) as Uint8Array;
      encodeLength(out, 'string', s.length);
      out.add(s);
      break;
    }
    case lua.LUA_TBOOLEAN:
      out.add([lua.lua_toboolean(L, -1) ? 0xc3 : 0xc2]);
      break;
    case lua.LUA_TNUMBER:
      encodeNumber(out, lua.lua_tonumber(L, -1));
      break;
    case lua.LUA_TTABLE:
      lua.lua_checkstack(L, 3);
      if (isArray(L)) {
        const length = lua.lua_rawlen(L, -1);
        encodeLength(out, 'array', length);
        for (let j = 1; j <= length; j++) {
          lua.lua_pushnumber(L, j);
          lua.lua_gettable(L, -2);
          encodeValue(L, out, level + 1);
        }
      } else {
        let length = 0;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2) !== 0) {
          lua.lua_pop(L, 1);
          length++;
        }
        encodeLength(out, 'map', length);
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2) !== 0) {
          lua.lua_pushvalue(L, -2);
          encodeValue(L, out, level + 1);
          encodeValue(L, out, level + 1);
        }
      }
      break;
    default:
      out.add([0xc0]);
  }
  lua.lua_pop(L, 1);
}

function pack(L: LuaState, budget: CmsgpackBudget): number {
  const argc = lua.lua_gettop(L);
  if (argc === 0) argError(L, 0, 'MessagePack pack needs input.');
  const out = new Packed(L, budget);
  for (let i = 1; i <= argc; i++) {
    lua.lua_checkstack(L, 4);
    lua.lua_pushvalue(L, i);
    encodeValue(L, out, 0);
  }
  const text = out.text();
  lua.lua_pushstring(L, text);
  budget.charge(L, text.length);
  return 1;
}

/** Why decoding stopped: input too short, or a byte no MessagePack type starts with. */
class Stop {
  constructor(readonly missing: boolean) {}
}

/** A cursor over the packed bytes: each read checks there are enough. */
class Cursor {
  constructor(
    readonly data: Uint8Array,
    public at: number,
  ) {}

  get left(): number {
    return this.data.length - this.at;
  }

  need(n: number): void {
    if (this.left < n) throw new Stop(true);
  }

  /** The `n` bytes after the type byte, big-endian, unsigned. */
  unsigned(n: number): bigint {
    let v = 0n;
    for (let i = 1; i <= n; i++) v = (v << 8n) | BigInt(this.data[this.at + i]);
    return v;
  }
}

/** An array or map being read: the items it still needs, and a map whether its key is read. */
interface Open {
  isArray: boolean;
  remaining: number;
  index: number;
  hasKey: boolean;
}

/**
 * mp_decode_to_lua_type's start of the next value: a value is pushed; an array or map is pushed
 * as a new table, and returned to be filled.
 */
function startValue(L: LuaState, c: Cursor): Open | null {
  c.need(1);
  if (lua.lua_gettop(L) + 1 > LUA51_MAX_C_STACK || !lua.lua_checkstack(L, 1))
    luaError(
      L,
      'stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)',
    );
  const type = c.data[c.at];
  const fixed = (bytes: number, push: (v: bigint) => void): null => {
    c.need(bytes + 1);
    push(c.unsigned(bytes));
    c.at += bytes + 1;
    return null;
  };
  const pushNumber = (v: bigint | number) => lua.lua_pushnumber(L, Number(v));
  const pushString = (header: number, length: number): null => {
    c.need(header + length);
    lua.lua_pushstring(L, c.data.slice(c.at + header, c.at + header + length));
    c.at += header + length;
    return null;
  };
  switch (type) {
    case 0xcc:
      return fixed(1, pushNumber);
    case 0xcd:
      return fixed(2, pushNumber);
    case 0xce:
      return fixed(4, pushNumber);
    case 0xcf:
      return fixed(8, pushNumber);
    case 0xd0:
      return fixed(1, (v) => pushNumber(BigInt.asIntN(8, v)));
    case 0xd1:
      return fixed(2, (v) => pushNumber(BigInt.asIntN(16, v)));
    case 0xd2:
      return fixed(4, (v) => pushNumber(BigInt.asIntN(32, v)));
    case 0xd3:
      return fixed(8, (v) => pushNumber(BigInt.asIntN(64, v)));
    case 0xc0:
      lua.lua_pushnil(L);
      c.at++;
      return null;
    case 0xc3:
    case 0xc2:
      lua.lua_pushboolean(L, type === 0xc3);
      c.at++;
      return null;
    case 0xca:
    case 0xcb: {
      const size = type === 0xca ? 4 : 8;
      c.need(size + 1);
      const view = new DataView(c.data.buffer, c.data.byteOffset + c.at + 1, size);
      lua.lua_pushnumber(L, size === 4 ? view.getFloat32(0) : view.getFloat64(0));
      c.at += size + 1;
      return null;
    }
    case 0xd9:
      c.need(2);
      return pushString(2, Number(c.unsigned(1)));
    case 0xda:
      c.need(3);
      return pushString(3, Number(c.unsigned(2)));
    case 0xdb: {
      c.need(5);
      const length = Number(c.unsigned(4));
      c.at += 5;
      return pushString(0, length);
    }
    case 0xdc:
    case 0xdd:
    case 0xde:
    case 0xdf: {
      const bytes = type === 0xdc || type === 0xde ? 2 : 4;
      c.need(bytes + 1);
      const length = Number(c.unsigned(bytes));
      c.at += bytes + 1;
      return openTable(L, type <= 0xdd, length);
    }
  }
  if ((type & 0x80) === 0) {
    lua.lua_pushnumber(L, type);
    c.at++;
  } else if ((type & 0xe0) === 0xe0) {
    lua.lua_pushnumber(L, type - 256);
    c.at++;
  } else if ((type & 0xe0) === 0xa0) pushString(1, type & 0x1f);
  else if ((type & 0xf0) === 0x90) {
    c.at++;
    return openTable(L, true, type & 0xf);
  } else if ((type & 0xf0) === 0x80) {
    c.at++;
    return openTable(L, false, type & 0xf);
  } else throw new Stop(false);
  return null;
}

/** mp_decode_to_lua_array and _hash: the new table, on top. */
function openTable(L: LuaState, isArray: boolean, length: number): Open {
  lua.lua_newtable(L);
  if (isArray && (lua.lua_gettop(L) + 1 > LUA51_MAX_C_STACK || !lua.lua_checkstack(L, 1)))
    luaError(L, 'stack overflow (in function mp_decode_to_lua_array)');
  return { isArray, remaining: length, index: 1, hasKey: false };
}

/**
 * The next value, pushed: arrays and maps filled without recursion (each array's table and the
 * index being read on the stack, as the C library's are, so it stops nesting where Redis does).
 */
function decodeValue(L: LuaState, c: Cursor, budget: CmsgpackBudget): void {
  const open: Open[] = [];
  let values = 0;
  for (;;) {
    if (++values === 1024) {
      budget.chargeValues(L, values);
      values = 0;
    }
    const parent = open[open.length - 1];
    if (parent?.isArray) lua.lua_pushnumber(L, parent.index++);
    const opened = startValue(L, c);
    if (opened !== null && opened.remaining > 0) {
      open.push(opened);
      continue;
    }
    // A value is complete on top: it goes in the table it is in, which may complete that.
    for (;;) {
      const table = open[open.length - 1];
      if (table === undefined) return budget.chargeValues(L, values);
      if (!table.isArray && !table.hasKey) {
        table.hasKey = true;
        break;
      }
      lua.lua_settable(L, -3);
      table.hasKey = false;
      if (--table.remaining > 0) break;
      open.pop();
    }
  }
}

/** Lua 5.1's luaL_checkinteger (its lua_Integer, 64 bits, cut toward zero). */
function checkInteger(L: LuaState, arg: number): number {
  const n = lua.lua_tonumber(L, arg);
  if (n === 0 && !lua.lua_isnumber(L, arg)) typeError(L, arg, 'number');
  return Number.isFinite(n) && Math.abs(n) < TWO_63 ? Math.trunc(n) : -TWO_63;
}

/** C's `(int)` of a 64-bit integer: its low 32 bits. */
const asInt = (n: number): number => Number(BigInt.asIntN(32, BigInt(n)));

/** mp_unpack_full: up to `limit` values from `offset` (both 0: every value, no offset). */
function unpackFull(L: LuaState, budget: CmsgpackBudget, limit: number, offset: number): number {
  const type = lua.lua_type(L, 1);
  if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) typeError(L, 1, 'string');
  const data = lua.lua_tolstring(L, 1) as Uint8Array;
  const decodeAll = limit === 0 && offset === 0;
  if (offset < 0 || limit < 0)
    luaError(
      L,
      `Invalid request to unpack with offset of ${asInt(offset)} and limit of ${asInt(data.length)}.`,
    );
  else if (offset > data.length)
    luaError(L, `Start offset ${asInt(offset)} greater than input length ${asInt(data.length)}.`);
  const most = decodeAll ? 2147483647 : limit;
  const c = new Cursor(data, offset);
  let count = 0;
  try {
    for (; c.left > 0 && count < most; count++) decodeValue(L, c, budget);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    luaError(L, e.missing ? 'Missing bytes in input.' : 'Bad data format in input.');
  }
  if (!decodeAll) {
    lua.lua_checkstack(L, 1);
    lua.lua_pushnumber(L, c.left === 0 ? -1 : c.at);
    lua.lua_insert(L, 2);
    count++;
  }
  return count;
}

const CMSGPACK_TEXTS: Record<string, string> = {
  _NAME: 'cmsgpack',
  _VERSION: 'lua-cmsgpack 0.4.0',
  _COPYRIGHT: 'Copyright (C) 2012, Salvatore Sanfilippo',
  _DESCRIPTION: 'MessagePack C implementation for Lua',
};

/** Sets the global `cmsgpack`, Redis' lua-cmsgpack, on the state `L`, bounded by `budget`. */
export function openCmsgpack(L: LuaState, budget: CmsgpackBudget): void {
  pushFunctionTable(L, {
    pack: (T) => pack(T, budget),
    unpack: (T) => unpackFull(T, budget, 0, 0),
    unpack_one: (T) => {
      const offset = lua.lua_type(T, 2) <= lua.LUA_TNIL ? 0 : checkInteger(T, 2);
      lua.lua_settop(T, 1);
      return unpackFull(T, budget, 1, offset);
    },
    unpack_limit: (T) => {
      const limit = checkInteger(T, 2);
      const offset = lua.lua_type(T, 3) <= lua.LUA_TNIL ? 0 : checkInteger(T, 3);
      lua.lua_settop(T, 1);
      return unpackFull(T, budget, limit, offset);
    },
  });
  for (const [field, text] of Object.entries(CMSGPACK_TEXTS)) {
    lua.lua_pushstring(L, luaString(text));
    lua.lua_setfield(L, -2, luaString(field));
  }
  lua.lua_setglobal(L, luaString('cmsgpack'));
}
