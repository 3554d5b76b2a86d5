// Redis' `bit` library for scripts: LuaBitOp (deps/lua/src/lua_bit.c), 32-bit operations on Lua
// 5.1's doubles. A number becomes its 32 bits as lua_bit.c makes them: 2^52 + 2^51 added, and
// the low word of the double taken (so 2.5 is 2 and 3.5 is 4, and 2^32 + 5 is 5); every result is
// the signed 32-bit number.
import fengari, { type LuaState } from 'fengari';
import { pushFunctionTable, typeError } from './luaLibraryKit';

const { lua } = fengari;

const word = new Float64Array(1);
/** The double's two 32-bit words; the low one first on a little-endian machine. */
const words = new Uint32Array(word.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** lua_bit.c's `barg`: the argument's 32 bits (unsigned); a value that is no number refused. */
function barg(L: LuaState, index: number): number {
  word[0] = lua.lua_tonumber(L, index) + 6755399441055744.0;
  const bits = words[LOW];
  if (bits === 0 && !lua.lua_isnumber(L, index)) typeError(L, index, 'number');
  return bits;
}

/** Pushes `bits` as lua_bit.c's BRET: the signed 32-bit number. */
function bret(L: LuaState, bits: number): number {
  lua.lua_pushnumber(L, bits | 0);
  return 1;
}

/** band, bor, bxor: the operation over every argument (the last first, as lua_bit.c goes). */
const fold =
  (op: (a: number, b: number) => number) =>
  (L: LuaState): number => {
    let b = barg(L, 1);
    for (let i = lua.lua_gettop(L); i > 1; i--) b = op(b, barg(L, i));
    return bret(L, b);
  };

/** The shifts and rotations: the count is the second argument's low five bits. */
const shift =
  (op: (b: number, n: number) => number) =>
  (L: LuaState): number => {
    const b = barg(L, 1);
    const n = barg(L, 2) & 31;
    return bret(L, op(b, n));
  };

function tohex(L: LuaState): number {
  let b = barg(L, 1);
  let n = lua.lua_type(L, 2) === lua.LUA_TNONE ? 8 : barg(L, 2) | 0;
  let digits = '0123456789abcdef';
  if (n === -0x80000000) n = -0x7fffffff;
  if (n < 0) {
    n = -n;
    digits = '0123456789ABCDEF';
  }
  if (n > 8) n = 8;
  const out: string[] = [];
  for (let i = n; --i >= 0;) {
    out[i] = digits[b & 15];
    b >>>= 4;
  }
  lua.lua_pushstring(L, fengari.to_luastring(out.join('')));
  return 1;
}

const BIT_FUNCTIONS = {
  tobit: (L: LuaState) => bret(L, barg(L, 1)),
  bnot: (L: LuaState) => bret(L, ~barg(L, 1)),
  band: fold((a, b) => a & b),
  bor: fold((a, b) => a | b),
  bxor: fold((a, b) => a ^ b),
  lshift: shift((b, n) => b << n),
  rshift: shift((b, n) => b >>> n),
  arshift: shift((b, n) => b >> n),
  // C's `b >> 32` on a 32-bit value is x86's `b >> 0`: a rotation by 0 is `b | b`.
  rol: shift((b, n) => (b << n) | (b >>> ((32 - n) & 31))),
  ror: shift((b, n) => (b << ((32 - n) & 31)) | (b >>> n)),
  bswap: (L: LuaState) => {
    const b = barg(L, 1);
    return bret(L, (b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24));
  },
  tohex,
};

/** Sets the global `bit`, Redis' LuaBitOp, on the state `L`. */
export function openBit(L: LuaState): void {
  pushFunctionTable(L, BIT_FUNCTIONS);
  lua.lua_setglobal(L, fengari.to_luastring('bit'));
}
