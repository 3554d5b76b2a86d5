// Lua 5.1's library (Redis' Lua) made from fengari's 5.3 one on a script's state: what 5.1 has
// and 5.3 does not, what 5.3 has and 5.1 does not taken away, and 5.1's argument checks and
// messages on the rest (string, coroutine, assert, collectgarbage, tonumber, setmetatable).
import fengari, { type LuaState } from 'fengari';
import { lua51NumberText, lua51StringToNumber, lua51StringToNumberInBase } from './luaNumbers';
import { isReadonlyAt, refuseReadonlyWrite } from './luaReadonly';
import { luaCheckInt } from './luaRandom';
import {
  argumentError,
  badArgument,
  callOriginal51,
  intArgument,
  LibraryFunction,
  numberArgument,
  pushNumber,
  raiseWhere,
  tableArgument,
} from './luaArguments51';
import { MATH_51 } from './luaMath51';
import { ipairs51, ipairsStep51, luaNext51, luaPairs51, TABLE_51 } from './luaTable51';

const { lua } = fengari;
const luaString = fengari.to_luastring;

/** Fields of fengari's 5.3 libraries that Lua 5.1 does not have. */
const NOT_IN_51: [string, string[]][] = [
  ['math', ['tointeger', 'type', 'ult', 'maxinteger', 'mininteger']],
  ['string', ['pack', 'unpack', 'packsize']],
  ['table', ['unpack', 'move', 'pack']],
  ['coroutine', ['isyieldable']],
];

/**
 * The arguments Lua 5.1 reads as whole numbers (`luaL_checkint`, `luaL_optinteger`), cutting
 * a fraction toward zero: `string.sub('hello', 2.5)` is 'ello' there; 5.3 raised "number has no
 * integer representation". 'all' for every argument. (`string.format` is 5.1's own, luaFormat.ts.)
 */
const WHOLE_NUMBER_ARGUMENTS: [string, string, readonly number[] | 'all', boolean, Prepare?][] = [
  ['string', 'sub', [2, 3], true],
  ['string', 'byte', [2, 3], true],
  ['string', 'char', 'all', false],
  ['string', 'find', [3], true, startWithin],
  ['string', 'match', [3], true, startWithin],
  ['string', 'gsub', [4], false, replacement51],
  ['table', 'concat', [3, 4], false],
  ['_G', 'unpack', [2, 3], false, tableFirst],
  ['_G', 'select', [1], false],
];

/**
 * 5.1's coroutine functions, checking their first argument in 5.1's words before 5.3's run:
 * `create` and `wrap` take a Lua function only (5.3's `coroutine.create(string.len)` made a
 * coroutine; Redis: `bad argument #1 to 'create' (Lua function expected)`), `resume` and
 * `status` a coroutine (5.3 said `thread expected`).
 */
const COROUTINE_51: [string, string, readonly number[], boolean, Prepare][] = [
  ['coroutine', 'create', [], false, luaFunctionFirst],
  ['coroutine', 'wrap', [], false, luaFunctionFirst],
  ['coroutine', 'resume', [], false, coroutineFirst],
  ['coroutine', 'status', [], false, coroutineFirst],
];

/** What Lua 5.1 raises for a yield it cannot make. */
const YIELD_ACROSS = 'attempt to yield across metamethod/C-call boundary';

/**
 * 5.1's `coroutine.yield`: only from a coroutine, and only where no C function, metamethod or
 * `for` iterator stands between it and the coroutine's function (each a C call in 5.1's
 * interpreter); 5.3 yields across metamethods and iterators (a `__index` function that yields
 * answered here where Redis fails) and says otherwise `attempt to yield from outside a
 * coroutine` or `... across a JS-call boundary`.
 */
function yield51(L: LuaState): number {
  if (!lua.lua_isyieldable(L) || isAcrossCall(L)) {
    lua.lua_pushstring(L, luaString(YIELD_ACROSS));
    return lua.lua_error(L);
  }
  return lua.lua_yield(L, lua.lua_gettop(L));
}

/** Whether a C (JavaScript) function, a metamethod or a `for` iterator calls the yielding code. */
function isAcrossCall(L: LuaState): boolean {
  const ar = new lua.lua_Debug();
  for (let level = 1; lua.lua_getstack(L, level, ar); level++) {
    if (!lua.lua_getinfo(L, luaString('Sn'), ar)) continue;
    if (ar.what !== null && fengari.to_jsstring(ar.what) === 'C') return true;
    const namewhat = ar.namewhat === null ? '' : fengari.to_jsstring(ar.namewhat);
    if (namewhat === 'metamethod' || namewhat === 'for iterator') return true;
  }
  return false;
}

function luaFunctionFirst(L: LuaState): void {
  if (lua.lua_type(L, 1) !== lua.LUA_TFUNCTION || lua.lua_iscfunction(L, 1))
    argumentError(L, 1, 'Lua function expected');
}

function coroutineFirst(L: LuaState): void {
  if (lua.lua_type(L, 1) !== lua.LUA_TTHREAD) argumentError(L, 1, 'coroutine expected');
}

/** What a wrapper changes in its arguments, after cutting them, for 5.3's function to act as 5.1's. */
type Prepare = (L: LuaState) => void;

/**
 * 5.1's `unpack` takes a table only (`unpack()` is `bad argument #1 to 'unpack' (table expected,
 * got no value)`); 5.3's took anything with a length, and failed on nil with `attempt to get
 * length of a nil value`.
 */
function tableFirst(L: LuaState): void {
  tableArgument(L, 1);
}

/**
 * `find` and `match` from past the end start at the end in 5.1 (`find('abc', '', 10)` is 4);
 * 5.3 found nothing there.
 */
function startWithin(L: LuaState): void {
  if (lua.lua_type(L, 1) !== lua.LUA_TSTRING || lua.lua_type(L, 3) !== lua.LUA_TNUMBER) return;
  const length = lua.lua_rawlen(L, 1);
  if (lua.lua_tonumber(L, 3) > length + 1) {
    lua.lua_pushnumber(L, length + 1);
    lua.lua_replace(L, 3);
  }
}

/**
 * gsub's replacement string as 5.1 reads it, for 5.3's gsub: `%` before anything but a digit
 * is that character (`%x` is `x`; 5.3 refused it), and a `%` at the end is a NUL (the C string's).
 */
function replacement51(L: LuaState): void {
  if (lua.lua_type(L, 3) !== lua.LUA_TSTRING) return;
  const text = lua.lua_tolstring(L, 3) ?? new Uint8Array(0);
  if (!text.includes(37)) return;
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== 37) out.push(text[i]);
    else if (i + 1 >= text.length) out.push(0);
    else if ((text[i + 1] >= 48 && text[i + 1] <= 57) || text[i + 1] === 37)
      out.push(37, text[++i]);
    else out.push(text[++i]);
  }
  lua.lua_pushstring(L, Uint8Array.from(out));
  lua.lua_replace(L, 3);
}

const INT_MAX = 2 ** 31 - 1;

/**
 * 5.1's `luaL_checkinteger` of a position in a string (a 64-bit `lua_Integer`, NaN and inf
 * LONG_MIN) made one fengari's 32-bit integers hold: past any string's length either way.
 */
const asPosition = (n: number): number =>
  Number.isFinite(n) ? Math.max(-INT_MAX, Math.min(INT_MAX, Math.trunc(n))) : -INT_MAX;

/**
 * Wraps a library function (upvalue 1): the arguments at `positions` cut toward zero first, as
 * 5.1's `luaL_checkint` (an `int`, the low 32 bits) or, for a string's positions,
 * `luaL_checkinteger` (64 bits: 1e10 is past the end, not an error) takes them.
 */

const cuttingArguments =
  (positions: readonly number[] | 'all', isPosition: boolean, prepare?: Prepare): LibraryFunction =>
  (L) => {
    const argc = lua.lua_gettop(L);
    const cut = positions === 'all' ? Array.from({ length: argc }, (_, i) => i + 1) : positions;
    for (const i of cut) {
      if (i > argc || !lua.lua_isnumber(L, i)) continue;
      let n = lua.lua_tonumber(L, i);
      if (!(Number.isInteger(n) && Math.abs(n) <= INT_MAX)) {
        n = isPosition ? asPosition(n) : luaCheckInt(n);
        lua.lua_pushnumber(L, n);
        lua.lua_replace(L, i);
      }
      // string.char's byte, as 5.1 checks it (fengari's own check failed on its message).
      if (positions === 'all' && !(n >= 0 && n <= 255)) argumentError(L, i, 'invalid value');
    }
    prepare?.(L);
    lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
    lua.lua_insert(L, 1);
    callOriginal51(L, argc, lua.LUA_MULTRET);
    return lua.lua_gettop(L);
  };

/**
 * Makes the state's library Lua 5.1's, as Redis has it: 5.1's `unpack`, `math.pow`,
 * `math.log10`, `table.getn`, `string.gfind` ... are there, and 5.3's additions are not (a
 * script using `math.tointeger` or `table.unpack` ran here and failed on Redis); `math.log(8,
 * 2)` is ln 8, as 5.1 ignores the base; a whole number's argument is cut toward zero; `_VERSION`
 * says 5.1. (`string.rep` is 5.1's in luaBudget.ts.)
 */

export function asLua51Library(L: LuaState): void {
  const top = lua.lua_gettop(L);
  lua.lua_getglobal(L, luaString('table'));
  lua.lua_getfield(L, -1, luaString('unpack'));
  lua.lua_setglobal(L, luaString('unpack'));
  lua.lua_settop(L, top);
  for (const [library, names] of NOT_IN_51) {
    lua.lua_getglobal(L, luaString(library));
    for (const name of names) {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, -2, luaString(name));
    }
    lua.lua_pop(L, 1);
  }
  for (const [library, functions] of [
    ['math', MATH_51],
    ['table', TABLE_51],
  ] as const) {
    lua.lua_getglobal(L, luaString(library));
    for (const [name, fn] of functions) {
      lua.lua_pushjsfunction(L, fn);
      lua.lua_setfield(L, -2, luaString(name));
    }
    lua.lua_pop(L, 1);
  }
  lua.lua_getglobal(L, luaString('math'));
  lua.lua_getfield(L, -1, luaString('fmod'));
  lua.lua_setfield(L, -2, luaString('mod'));
  lua.lua_getglobal(L, luaString('string'));
  lua.lua_getfield(L, -1, luaString('gmatch'));
  lua.lua_setfield(L, -2, luaString('gfind'));
  for (const [library, name, positions, isPosition, prepare] of [
    ...WHOLE_NUMBER_ARGUMENTS,
    ...COROUTINE_51,
  ]) {
    if (library === '_G') lua.lua_pushglobaltable(L);
    else lua.lua_getglobal(L, luaString(library));
    lua.lua_getfield(L, -1, luaString(name));
    lua.lua_pushjsclosure(L, cuttingArguments(positions, isPosition, prepare), 1);
    lua.lua_setfield(L, -2, luaString(name));
    lua.lua_pop(L, 1);
  }
  lua.lua_getglobal(L, luaString('coroutine'));
  lua.lua_getfield(L, -1, luaString('running'));
  lua.lua_pushjsclosure(L, running51, 1);
  lua.lua_setfield(L, -2, luaString('running'));
  lua.lua_pushjsfunction(L, yield51);
  lua.lua_setfield(L, -2, luaString('yield'));
  lua.lua_settop(L, top);
  lua.lua_pushjsfunction(L, luaNext51);
  lua.lua_setglobal(L, luaString('next'));
  // pairs' own next, as 5.1's is (`pairs(t) == next` is false on Redis).
  lua.lua_pushjsfunction(L, (T) => luaNext51(T));
  lua.lua_pushjsclosure(L, luaPairs51, 1);
  lua.lua_setglobal(L, luaString('pairs'));
  lua.lua_pushstring(L, luaString('Lua 5.1'));
  lua.lua_setglobal(L, luaString('_VERSION'));
  // 5.3 names a library function no call names (one `pcall` calls itself) by where the loaded
  // libraries hold it (`bad argument #1 to 'math.floor'`); 5.1 names it '?'. A script loads
  // nothing (no `require` on Redis 7), so the table 5.3 searches is left empty.
  lua.lua_newtable(L);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, luaString('_LOADED'));
  lua.lua_pushjsfunction(L, tonumber51);
  lua.lua_setglobal(L, luaString('tonumber'));
  lua.lua_pushjsfunction(L, ipairsStep51);
  lua.lua_pushjsclosure(L, ipairs51, 1);
  lua.lua_setglobal(L, luaString('ipairs'));
  lua.lua_pushjsfunction(L, assert51);
  lua.lua_setglobal(L, luaString('assert'));
  lua.lua_pushjsfunction(L, collectgarbage51);
  lua.lua_setglobal(L, luaString('collectgarbage'));
  lua.lua_getglobal(L, luaString('setmetatable'));
  lua.lua_pushjsclosure(L, setmetatable51, 1);
  lua.lua_setglobal(L, luaString('setmetatable'));
}

/**
 * Lua 5.1's `assert(v [, message])`: its message a string (a number made one, a table refused),
 * placed as `luaL_error` places it (the caller's line; none under `pcall(assert, ...)`).
 */
function assert51(L: LuaState): number {
  if (lua.lua_type(L, 1) === lua.LUA_TNONE) argumentError(L, 1, 'value expected');
  if (lua.lua_toboolean(L, 1)) return lua.lua_gettop(L);
  const type = lua.lua_type(L, 2);
  let message = 'assertion failed!';
  if (type === lua.LUA_TSTRING) message = lua.lua_tojsstring(L, 2);
  else if (type === lua.LUA_TNUMBER) message = lua51NumberText(lua.lua_tonumber(L, 2));
  else if (type !== lua.LUA_TNONE && type !== lua.LUA_TNIL) badArgument(L, 2, 'string');
  return raiseWhere(L, message);
}

/** The options of 5.1's `collectgarbage`. */
const GC_OPTIONS = new Set([
  'stop',
  'restart',
  'collect',
  'count',
  'step',
  'setpause',
  'setstepmul',
]);

/**
 * The kilobytes `collectgarbage('count')` answers: fengari's heap is JavaScript's, which it
 * does not measure, so a fresh Redis script state's (about 30 KB) stands for it.
 */
const GC_COUNT_KB = 30;

/**
 * Lua 5.1's `collectgarbage([option [, arg]])` with its options and errors (fengari had none:
 * every call failed with `lua_gc not implemented`). JavaScript collects the garbage, so each
 * option only answers as 5.1's would: `count` a constant ({@link GC_COUNT_KB}), `step` false,
 * `setpause` and `setstepmul` their default, 200.
 */
function collectgarbage51(L: LuaState): number {
  const type = lua.lua_type(L, 1);
  let option = 'collect';
  if (type === lua.LUA_TSTRING) option = lua.lua_tojsstring(L, 1);
  else if (type === lua.LUA_TNUMBER) option = lua51NumberText(lua.lua_tonumber(L, 1));
  else if (type !== lua.LUA_TNONE && type !== lua.LUA_TNIL) badArgument(L, 1, 'string');
  if (!GC_OPTIONS.has(option)) argumentError(L, 1, `invalid option '${option}'`);
  if (lua.lua_type(L, 2) > lua.LUA_TNIL) intArgument(L, 2);
  if (option === 'count') return pushNumber(L, GC_COUNT_KB);
  if (option === 'step') {
    lua.lua_pushboolean(L, false);
    return 1;
  }
  return pushNumber(L, option === 'setpause' || option === 'setstepmul' ? 200 : 0);
}

/**
 * Lua 5.1's `tonumber(v [, base])`: a string in base 10 read as glibc's `strtod` reads it
 * (`tonumber('inf')` is inf, `tonumber('1.5', 10)` 1.5), in another base as `strtoul` (`'-ff'`
 * wraps to 2^64 - 255, too many digits are ULONG_MAX); 5.3 answered nil, -255 and a wrapped
 * 32-bit integer, and refused a number in another base (`tonumber(10, 16)` is 16).
 */
function tonumber51(L: LuaState): number {
  const base = lua.lua_type(L, 2) <= lua.LUA_TNIL ? 10 : luaCheckInt(numberArgument(L, 2));
  const type = lua.lua_type(L, 1);
  let n: number | null = null;
  if (base === 10) {
    if (type === lua.LUA_TNONE) argumentError(L, 1, 'value expected');
    if (type === lua.LUA_TNUMBER) n = lua.lua_tonumber(L, 1);
    else if (type === lua.LUA_TSTRING)
      n = lua51StringToNumber(lua.lua_tolstring(L, 1) ?? new Uint8Array(0));
  } else {
    let text: Uint8Array;
    if (type === lua.LUA_TSTRING) text = lua.lua_tolstring(L, 1) ?? new Uint8Array(0);
    else if (type === lua.LUA_TNUMBER) text = luaString(lua51NumberText(lua.lua_tonumber(L, 1)));
    else return badArgument(L, 1, 'string');
    if (!(base >= 2 && base <= 36)) argumentError(L, 2, 'base out of range');
    n = lua51StringToNumberInBase(text, base);
  }
  if (n === null) lua.lua_pushnil(L);
  else lua.lua_pushnumber(L, n);
  return 1;
}

/** `setmetatable(t, mt)`, refused for a read-only `t` (luaReadonly.ts), as Redis 7 refuses it. */
function setmetatable51(L: LuaState): number {
  if (isReadonlyAt(L, 1)) refuseReadonlyWrite(L);
  const argc = lua.lua_gettop(L);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  callOriginal51(L, argc, lua.LUA_MULTRET);
  return lua.lua_gettop(L);
}

/** 5.1's `coroutine.running()`: the running coroutine, nil on the script's own thread. */
function running51(L: LuaState): number {
  lua.lua_settop(L, 0);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_call(L, 0, 2);
  if (lua.lua_toboolean(L, 2)) lua.lua_pushnil(L);
  else lua.lua_pushvalue(L, 1);
  return 1;
}
