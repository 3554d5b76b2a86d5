// Redis' `struct` library for scripts (deps/lua/src/lua_struct.c, Roberto Ierusalimschy's
// struct 1.7 as Redis patched it): `struct.pack`, `struct.unpack` and `struct.size` of binary
// records, on x86-64 (a long is 8 bytes, an int 4, the native order little-endian, the largest
// alignment 8), over the bytes of Lua's strings. One `struct.pack` makes at most what the
// sandbox lets one call make.
import fengari, { type LuaState } from 'fengari';
import {
  argError,
  luaError,
  Packed,
  pushFunctionTable,
  typeError,
  type PackBudget,
} from './luaLibraryKit';

const { lua } = fengari;

/** What bounds `struct.pack` in the sandbox. */
export interface StructBudget extends PackBudget {
  charge(L: LuaState, bytes: number): void;
}

const BIG = 0;
const LITTLE = 1;
/** `MAXALIGN` on x86-64: a double's alignment. */
const MAX_ALIGN = 8;
const MAX_INT_SIZE = 32;
const INT_MAX = 2147483647;
/** Lua 5.1's LUAI_MAXCSTACK: the values a C function's frame may hold. */
const LUA51_MAX_C_STACK = 8000;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** A format string read as C reads it: up to its first NUL. */
class Format {
  at = 0;
  readonly end: number;

  constructor(readonly bytes: Uint8Array) {
    const nul = bytes.indexOf(0);
    this.end = nul < 0 ? bytes.length : nul;
  }

  get more(): boolean {
    return this.at < this.end;
  }

  next(): number {
    return this.bytes[this.at++];
  }

  /** getnum: the digits here, or `fallback` when there are none. */
  number(L: LuaState, fallback: number): number {
    if (!(this.at < this.end && isDigit(this.bytes[this.at]))) return fallback;
    let a = 0;
    do {
      const d = this.bytes[this.at] - 48;
      if (a > Math.trunc(INT_MAX / 10) || a * 10 > INT_MAX - d)
        luaError(L, 'integral size overflow');
      a = a * 10 + d;
      this.at++;
    } while (this.at < this.end && isDigit(this.bytes[this.at]));
    return a;
  }
}

interface Header {
  endian: number;
  align: number;
}

/** optsize: the bytes an option takes (0 for the options that only steer). */
function optionSize(L: LuaState, opt: number, fmt: Format): number {
  switch (String.fromCharCode(opt)) {
    case 'B':
    case 'b':
    case 'x':
      return 1;
    case 'H':
    case 'h':
      return 2;
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8;
    case 'f':
      return 4;
    case 'c':
      return fmt.number(L, 1);
    case 'i':
    case 'I': {
      const size = fmt.number(L, 4);
      if (size > MAX_INT_SIZE)
        luaError(L, `integral size ${size} is larger than limit of ${MAX_INT_SIZE}`);
      return size;
    }
    default:
      return 0;
  }
}

/** gettoalign: the padding before an item of `size` at `length`. */
function padding(length: number, h: Header, opt: number, size: number): number {
  if (size === 0 || opt === 99) return 0;
  if (size > h.align) size = h.align;
  // C's size_t arithmetic, on sizes of at most 32.
  return Number((BigInt(size) - (BigInt(length) & BigInt(size - 1))) & BigInt(size - 1));
}

/** controloptions: order, alignment and spaces; anything else is refused. */
function control(L: LuaState, opt: number, fmt: Format, h: Header): void {
  switch (opt) {
    case 32:
      return;
    case 62:
      h.endian = BIG;
      return;
    case 60:
      h.endian = LITTLE;
      return;
    case 33: {
      const a = fmt.number(L, MAX_ALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) luaError(L, `alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      argError(L, 1, `invalid format option '${String.fromCharCode(opt)}'`);
  }
}

/** Lua 5.1's luaL_checknumber. */
function checkNumber(L: LuaState, arg: number): number {
  const n = lua.lua_tonumber(L, arg);
  if (n === 0 && !lua.lua_isnumber(L, arg)) typeError(L, arg, 'number');
  return n;
}

/** Lua 5.1's luaL_checklstring: a string, or a number as its text. */
function checkString(L: LuaState, arg: number): Uint8Array {
  const type = lua.lua_type(L, arg);
  if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) typeError(L, arg, 'string');
  return lua.lua_tolstring(L, arg) as Uint8Array;
}

const TWO_63 = 2 ** 63;
const TWO_64 = 1n << 64n;

/** putinteger's `(Uinttype)` of a double, as x86-64 converts it (out of range: the top bit). */
function asUnsigned64(n: number): bigint {
  if (n < 0) return n >= -TWO_63 ? (BigInt(Math.trunc(n)) + TWO_64) % TWO_64 : 1n << 63n;
  if (n < TWO_63) return BigInt(Math.trunc(n));
  if (n < 2 ** 64) return BigInt(Math.trunc(n));
  return 0n;
}

/** A float or double's bytes in the header's order. */
function floatBytes(value: number, size: number, endian: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(size));
  if (size === 4) view.setFloat32(0, value, endian === LITTLE);
  else view.setFloat64(0, value, endian === LITTLE);
  return new Uint8Array(view.buffer);
}

function pack(L: LuaState, budget: StructBudget): number {
  const fmt = new Format(checkString(L, 1));
  // lua_struct.c's mark after the arguments: one argument too few is nil, not no value.
  lua.lua_pushnil(L);
  const h: Header = { endian: LITTLE, align: 1 };
  let arg = 2;
  let total = 0;
  const out = new Packed(L, budget);
  while (fmt.more) {
    const opt = fmt.next();
    let size = optionSize(L, opt, fmt);
    const toAlign = padding(total, h, opt, size);
    total += toAlign;
    if (toAlign > 0) out.add(new Uint8Array(toAlign));
    switch (String.fromCharCode(opt)) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I': {
        let value = asUnsigned64(checkNumber(L, arg++));
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i++) {
          bytes[h.endian === LITTLE ? i : size - 1 - i] = Number(value & 0xffn);
          value >>= 8n;
        }
        out.add(bytes);
        break;
      }
      case 'x':
        out.add([0]);
        break;
      case 'f':
      case 'd':
        out.add(floatBytes(checkNumber(L, arg++), size, h.endian));
        break;
      case 'c':
      case 's': {
        const s = checkString(L, arg++);
        if (size === 0) size = s.length;
        // lua_struct.c names the argument after this one.
        if (s.length < size) argError(L, arg, 'string too short');
        out.add(s.subarray(0, size));
        if (opt === 115) {
          out.add([0]);
          size++;
        }
        break;
      }
      default:
        control(L, opt, fmt, h);
    }
    total += size;
  }
  const text = out.text();
  lua.lua_pushstring(L, text);
  budget.charge(L, text.length);
  return 1;
}

/** getinteger: `size` bytes at `at` as an integer of lua_struct.c's 64-bit long. */
function readInteger(
  data: Uint8Array,
  at: number,
  endian: number,
  signed: boolean,
  size: number,
): number {
  let l = 0n;
  for (let k = 0; k < size; k++) {
    const i = endian === BIG ? k : size - 1 - k;
    l = ((l << 8n) | BigInt(data[at + i])) & (TWO_64 - 1n);
  }
  if (!signed) return Number(l);
  // x86's shift takes its count modulo 64.
  const mask = ((TWO_64 - 1n) << BigInt((size * 8 - 1) & 63)) & (TWO_64 - 1n);
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

function unpack(L: LuaState): number {
  const fmt = new Format(checkString(L, 1));
  const data = checkString(L, 2);
  const ld = data.length;
  let pos: number;
  if (lua.lua_type(L, 3) <= lua.LUA_TNIL) pos = 1;
  else {
    const n = checkNumber(L, 3);
    pos = Number.isFinite(n) && Math.abs(n) < TWO_63 ? Math.trunc(n) : -TWO_63;
  }
  if (pos === 0) argError(L, 3, 'offset must be 1 or greater');
  // A negative offset is a huge size_t in C: past the end of any data.
  pos = pos < 0 ? Infinity : pos - 1;
  const fits = (size: number) => size <= ld && pos <= ld - size;
  let n = 0;
  const h: Header = { endian: LITTLE, align: 1 };
  while (fmt.more) {
    const opt = fmt.next();
    let size = optionSize(L, opt, fmt);
    pos += padding(Number.isFinite(pos) ? pos : 0, h, opt, size);
    if (!fits(size)) argError(L, 2, 'data string too short');
    if (lua.lua_gettop(L) + 2 > LUA51_MAX_C_STACK || !lua.lua_checkstack(L, 2))
      luaError(L, 'stack overflow (too many results)');
    switch (String.fromCharCode(opt)) {
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'l':
      case 'L':
      case 'T':
      case 'i':
      case 'I': {
        const signed = opt >= 97;
        lua.lua_pushnumber(L, readInteger(data, pos, h.endian, signed, size));
        n++;
        break;
      }
      case 'x':
        break;
      case 'f':
      case 'd': {
        const view = new DataView(data.buffer, data.byteOffset + pos, size);
        const little = h.endian === LITTLE;
        lua.lua_pushnumber(L, size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little));
        n++;
        break;
      }
      case 'c': {
        if (size === 0) {
          if (n === 0 || !lua.lua_isnumber(L, -1)) luaError(L, "format 'c0' needs a previous size");
          const previous = lua.lua_tonumber(L, -1);
          size = previous >= 0 && previous < 2 ** 53 ? Math.trunc(previous) : Infinity;
          lua.lua_pop(L, 1);
          n--;
          if (!fits(size)) argError(L, 2, 'data string too short');
        }
        lua.lua_pushstring(L, data.slice(pos, pos + size));
        n++;
        break;
      }
      case 's': {
        const e = data.indexOf(0, pos);
        if (e < 0) luaError(L, 'unfinished string in data');
        size = e - pos + 1;
        lua.lua_pushstring(L, data.slice(pos, e));
        n++;
        break;
      }
      default:
        control(L, opt, fmt, h);
    }
    pos += size;
  }
  lua.lua_pushnumber(L, pos + 1);
  return n + 1;
}

function size(L: LuaState): number {
  const fmt = new Format(checkString(L, 1));
  const h: Header = { endian: LITTLE, align: 1 };
  let pos = 0;
  while (fmt.more) {
    const opt = fmt.next();
    const optSize = optionSize(L, opt, fmt);
    pos += padding(pos, h, opt, optSize);
    if (opt === 115) argError(L, 1, "option 's' has no fixed size");
    else if (opt === 99 && optSize === 0) argError(L, 1, "option 'c0' has no fixed size");
    if (!isAlnum(opt)) control(L, opt, fmt, h);
    pos += optSize;
  }
  lua.lua_pushnumber(L, pos);
  return 1;
}

/** Sets the global `struct`, Redis' struct library, on the state `L`, bounded by `budget`. */
export function openStruct(L: LuaState, budget: StructBudget): void {
  pushFunctionTable(L, { pack: (T) => pack(T, budget), unpack, size });
  lua.lua_setglobal(L, fengari.to_luastring('struct'));
}
