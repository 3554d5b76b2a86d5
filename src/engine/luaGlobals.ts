// What a script's Lua state holds, as Redis 7 has it: Lua 5.1's libraries (Redis' Lua) made
// from fengari's 5.3 ones, and the read-only view of the globals each script runs in. All of it
// is JavaScript functions and tables set on the state: ioredis-mock makes a fresh state for
// every EVAL, and Lua source parsed there on each one cost more than the script it served.
import fengari, { type LuaState } from 'fengari';
import { asLua51Message, asLua51Source } from './lua51Source';
import { format51 } from './luaFormat';
import { typeErrorsAsLua51 } from './luaMessages';
import { asOneCall51, callDepthAsLua51 } from './luaCallDepth';
import { lengthAsLua51 } from './luaTableLength';
import { lua51NumberText, lua51StringToNumber, lua51StringToNumberInBase } from './luaNumbers';
import { isReadonlyAt, protectLibraries, READONLY_TABLE, refuseReadonlyWrite } from './luaReadonly';
import { luaCheckInt } from './luaRandom';
import { pushKeptView } from './luaScriptStates';

const { lua, lauxlib, lualib } = fengari;
const luaString = fengari.to_luastring;

/** The libraries a Redis 7 script has (no package, io, os, utf8 or debug). */
const SCRIPT_LIBRARIES: [string, (L: LuaState) => number][] = [
  ['_G', lualib.luaopen_base],
  ['coroutine', lualib.luaopen_coroutine],
  ['table', lualib.luaopen_table],
  ['string', lualib.luaopen_string],
  ['math', lualib.luaopen_math],
];

/** Opens, on a script's fresh state, the libraries its globals may name. */
export function openScriptLibraries(L: LuaState): void {
  for (const [name, open] of SCRIPT_LIBRARIES) {
    lauxlib.luaL_requiref(L, luaString(name), open, 1);
    lua.lua_pop(L, 1);
  }
  lengthAsLua51();
  typeErrorsAsLua51();
  callDepthAsLua51();
  // Before the wrappers that bound its output (luaBudget.ts) and name its errors.
  lua.lua_getglobal(L, luaString('string'));
  lua.lua_pushjsfunction(L, format51);
  lua.lua_setfield(L, -2, luaString('format'));
  lua.lua_pop(L, 1);
}

const LUA_TYPE_NAMES = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function'];

/** Lua 5.1's `luaL_typename` of argument `i`, "no value" when there is none. */
export function typeNameAt(L: LuaState, i: number): string {
  const type = lua.lua_type(L, i);
  if (type === lua.LUA_TNONE) return 'no value';
  return LUA_TYPE_NAMES[type] ?? (type === LUA_TTHREAD ? 'thread' : 'userdata');
}

const LUA_TTHREAD = 8;

/** Raises `message` as `luaL_error` does: after the calling line's `user_script:N: `. */
export function raiseWhere(L: LuaState, message: string): never {
  lauxlib.luaL_where(L, 1);
  lua.lua_pushstring(L, luaString(message));
  lua.lua_concat(L, 2);
  return lua.lua_error(L);
}

/**
 * Calls a library function the sandbox wraps (below its `argc` arguments on top of the stack,
 * as `lua_call`), and raises its error as Lua 5.1 would have raised it had the script called it
 * directly: fengari names a function called from JavaScript '?' and places the error nowhere
 * (`bad argument #2 to '?' (number expected, got table)` for Redis' `user_script:1: bad argument
 * #2 to 'rep' (...)`). An error raised further in (by the script's own function, which gsub
 * calls) goes on as it is.
 */
export function callOriginal51(L: LuaState, argc: number, results: number): void {
  const fn = lua.lua_gettop(L) - argc;
  let isDirect = false;
  passingOn = null;
  lua.lua_pushvalue(L, fn);
  lua.lua_pushjsclosure(
    L,
    (T) => {
      // Level 1 is where the error was raised: the library function itself, or deeper (an
      // error another wrapper inside passes on is not that function's own).
      const ar = new lua.lua_Debug();
      if (lua.lua_getstack(T, 1, ar) && lua.lua_getinfo(T, luaString('f'), ar)) {
        isDirect =
          lua.lua_rawequal(T, -1, lua.lua_upvalueindex(1)) &&
          !(lua.lua_type(T, 1) === lua.LUA_TSTRING && lua.lua_tojsstring(T, 1) === passingOn);
        lua.lua_pop(T, 1);
      }
      return 1;
    },
    1,
  );
  lua.lua_insert(L, fn);
  calling.push(lua.lua_topointer(L, fn + 1));
  const status = asOneCall51(L, () => lua.lua_pcall(L, argc, results, fn));
  calling.pop();
  lua.lua_remove(L, fn);
  if (status === lua.LUA_OK) return;
  // The sandbox's own refusals ('ERR ...', raised by a wrapper underneath) go on as they are.
  // A write to a read-only table is refused where it was made: inside the library, no line.
  if (
    !isDirect ||
    lua.lua_type(L, -1) !== lua.LUA_TSTRING ||
    lua.lua_tojsstring(L, -1).startsWith('ERR ') ||
    lua.lua_tojsstring(L, -1) === READONLY_TABLE
  ) {
    if (lua.lua_type(L, -1) === lua.LUA_TSTRING) passingOn = lua.lua_tojsstring(L, -1);
    lua.lua_error(L);
  }
  const message = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  const bad = /^bad argument #(\d+) to '[^']*' \((.*)\)$/s.exec(message);
  if (bad === null) raisePassedOn(L, asLua51LibraryMessage(message));
  argumentError(L, Number(bad[1]), bad[2]);
}

/** A library error of fengari's, in 5.1's words (its pattern matching's). */
const asLua51LibraryMessage = (message: string): string =>
  message
    .replace(/^invalid capture index %\d+.*$/s, 'invalid capture index')
    .replace(/^malformed pattern \(missing arguments to '%b'\)?$/, 'unbalanced pattern');

/** The functions {@link callOriginal51} is calling now, innermost last (a wrapper may wrap a wrapper). */
const calling: unknown[] = [];

/** The error {@link callOriginal51} last raised, which a wrapper around it passes on as it is. */
let passingOn: string | null = null;

function raisePassedOn(L: LuaState, message: string): never {
  lauxlib.luaL_where(L, scriptCallLevel(L) + 1);
  lua.lua_pushstring(L, luaString(message));
  lua.lua_concat(L, 2);
  passingOn = lua.lua_tojsstring(L, -1);
  return lua.lua_error(L);
}

/**
 * The level of the function the script called: the running one (0), or, when that is a library
 * function one of the sandbox's wrappers called, the outermost wrapper.
 */
function scriptCallLevel(L: LuaState): number {
  const ar = new lua.lua_Debug();
  let level = 0;
  while (lua.lua_getstack(L, level, ar) && lua.lua_getinfo(L, luaString('f'), ar)) {
    const fn = lua.lua_topointer(L, -1);
    lua.lua_pop(L, 1);
    if (!calling.includes(fn)) break;
    level++;
  }
  return level;
}

/**
 * Lua 5.1's `luaL_argerror` from the running JavaScript function: named as the script called
 * it (`s:rep(x)` is a method, its self not counted), '?' when it has no name, at the script's line.
 */
function argumentError(L: LuaState, argument: number, problem: string): never {
  const ar = new lua.lua_Debug();
  let name = '?';
  let isMethod = false;
  if (lua.lua_getstack(L, scriptCallLevel(L), ar) && lua.lua_getinfo(L, luaString('n'), ar)) {
    if (ar.name !== null) name = fengari.to_jsstring(ar.name);
    isMethod = ar.namewhat !== null && fengari.to_jsstring(ar.namewhat) === 'method';
  }
  const n = argument - (isMethod ? 1 : 0);
  return raisePassedOn(
    L,
    n === 0
      ? `calling '${name}' on bad self (${problem})`
      : `bad argument #${n} to '${name}' (${problem})`,
  );
}

/** 5.1's `tag_error`: argument `i` is not of the type expected, named as the script called it. */
const badArgument = (L: LuaState, i: number, expected: string): never =>
  argumentError(L, i, `${expected} expected, got ${typeNameAt(L, i)}`);

/** Lua 5.1's `luaL_checknumber`: a number, or a string that reads as one. */
export function numberArgument(L: LuaState, i: number): number {
  if (lua.lua_isnumber(L, i)) return lua.lua_tonumber(L, i);
  return badArgument(L, i, 'number');
}

/** Lua 5.1's `luaL_checkint`: a number (or a string that reads as one) as C's int. */
export function intArgument(L: LuaState, i: number): number {
  return luaCheckInt(numberArgument(L, i));
}

function tableArgument(L: LuaState, i: number): void {
  if (lua.lua_type(L, i) !== lua.LUA_TTABLE) badArgument(L, i, 'table');
}

function functionArgument(L: LuaState, i: number): void {
  if (lua.lua_type(L, i) !== lua.LUA_TFUNCTION) badArgument(L, i, 'function');
}

/** The globals a Redis 7 script reads (no print, os, io, debug, require, dofile, setfenv ...). */
const REDIS_GLOBALS = new Set(
  `collectgarbage coroutine string table math load loadstring unpack select rawequal xpcall
  pcall next ipairs pairs tonumber tostring type assert error getmetatable setmetatable rawget
  rawset _VERSION redis KEYS ARGV cjson bit struct cmsgpack`.split(/\s+/),
);

/** Globals Redis has and this sandbox does not: said so, not called nonexistent. */
const NOT_IN_SANDBOX = new Set(['gcinfo']);

/**
 * Gives the script's chunk, on top of the stack, what it sees as its globals, as Redis 7 has
 * them: a read-only table (a script that sets a global, or defines a function without `local`,
 * fails with `Attempt to modify a readonly table`) where reading one never set is an error, not
 * nil. The mock's own globals (`redis`, `KEYS`, `ARGV`) are on the table underneath; `_G`,
 * `load` and `loadstring` are the view's own, so a chunk a script loads sees the same view.
 */
export function setScriptGlobals(L: LuaState): void {
  pushKeptView(L, () => pushGlobalsView(L));
  // The chunk's first upvalue is its _ENV.
  lua.lua_setupvalue(L, -2, 1);
}

/** Pushes a new read-only view of the globals ({@link setScriptGlobals}). */
function pushGlobalsView(L: LuaState): void {
  lua.lua_createtable(L, 0, 0);
  const view = lua.lua_gettop(L);
  lua.lua_createtable(L, 0, 3);
  const own = lua.lua_gettop(L);
  lua.lua_pushvalue(L, view);
  lua.lua_setfield(L, own, luaString('_G'));
  for (const [name, fn] of [
    ['load', load51],
    ['loadstring', loadstring51],
  ] as const) {
    lua.lua_pushvalue(L, view);
    lua.lua_pushjsclosure(L, fn, 1);
    lua.lua_setfield(L, own, luaString(name));
  }
  lua.lua_createtable(L, 0, 3);
  lua.lua_pushvalue(L, own);
  lua.lua_pushjsclosure(L, readGlobal, 1);
  lua.lua_setfield(L, -2, luaString('__index'));
  lua.lua_pushjsfunction(L, (T) => raiseWhere(T, 'Attempt to modify a readonly table'));
  lua.lua_setfield(L, -2, luaString('__newindex'));
  lua.lua_pushboolean(L, false);
  lua.lua_setfield(L, -2, luaString('__metatable'));
  lua.lua_setmetatable(L, view);
  lua.lua_settop(L, view);
  protectLibraries(L, view);
}

/** The view's `__index(view, name)`: its own entries, then Redis' globals, else an error. */
function readGlobal(L: LuaState): number {
  lua.lua_pushvalue(L, 2);
  if (lua.lua_rawget(L, lua.lua_upvalueindex(1)) !== lua.LUA_TNIL) return 1;
  lua.lua_pop(L, 1);
  if (lua.lua_type(L, 2) === lua.LUA_TSTRING) {
    const name = lua.lua_tojsstring(L, 2);
    if (NOT_IN_SANDBOX.has(name))
      raiseWhere(L, `Redis' ${name} is not in this sandbox: use collectgarbage('count')`);
    if (REDIS_GLOBALS.has(name) && lua.lua_getglobal(L, luaString(name)) !== lua.LUA_TNIL) return 1;
  }
  const name = lauxlib.luaL_tolstring(L, 2);
  return raiseWhere(
    L,
    `Script attempted to access nonexistent global variable '${fengari.to_jsstring(name)}'`,
  );
}

/**
 * Lua 5.1's `load(func [, chunkname])`: only a function (5.3's also took a string), and the
 * chunk it makes sees the script's view of the globals (upvalue 1), not the real table.
 */
function load51(L: LuaState): number {
  functionArgument(L, 1);
  return realLoad(L);
}

/** Lua 5.1's `loadstring(s [, chunkname])`, the chunk seeing the script's view (upvalue 1). */
function loadstring51(L: LuaState): number {
  const type = lua.lua_type(L, 1);
  if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) badArgument(L, 1, 'string');
  // Read as 5.1 reads it, as the script itself was (lua51Source.ts), named by its own text.
  lua.lua_settop(L, 2);
  if (lua.lua_isnil(L, 2)) {
    lua.lua_pushvalue(L, 1);
    lua.lua_replace(L, 2);
  }
  const source = asLua51Source(lua.lua_tolstring(L, 1) ?? new Uint8Array(0));
  lua.lua_pushstring(L, source);
  lua.lua_replace(L, 1);
  const results = realLoad(L);
  if (results === 2 && lua.lua_isnil(L, -2)) {
    lua.lua_pushstring(L, luaString(asLua51Message(lua.lua_tojsstring(L, -1), source)));
    lua.lua_replace(L, -2);
  }
  return results;
}

/** fengari's `load(arg 1, arg 2, 't', view)`, its results returned. */
function realLoad(L: LuaState): number {
  lua.lua_settop(L, 2);
  lua.lua_getglobal(L, luaString('load'));
  lua.lua_pushvalue(L, 1);
  lua.lua_pushvalue(L, 2);
  lua.lua_pushstring(L, luaString('t'));
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_call(L, 4, lua.LUA_MULTRET);
  return lua.lua_gettop(L) - 2;
}

/** Lua 5.1's C `pow`: 1 for pow(1, y) and pow(x, 0) even with a NaN, pow(-1, ±inf) 1. */
const cPow = (x: number, y: number): number =>
  x === 1 || y === 0 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) ? 1 : x ** y;

/** C's `frexp`: m and e with x = m * 2^e and 0.5 <= |m| < 1 (0, inf and NaN as they are). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = ldexp(x, -e);
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

/** C's `ldexp`: x * 2^e without overflowing on the way (2^e alone may not be a double). */
function ldexp(x: number, e: number): number {
  let m = x;
  let n = e;
  while (n > 1023) {
    m *= 2 ** 1023;
    n -= 1023;
  }
  while (n < -1022) {
    m *= 2 ** -1022;
    n += 1022;
  }
  return m * 2 ** n;
}

/** One JavaScript function of a Lua library: pushes its results, returns their count. */
type LibraryFunction = (L: LuaState) => number;

const pushNumber = (L: LuaState, n: number): number => {
  lua.lua_pushnumber(L, n);
  return 1;
};

/** A math function of one number, as 5.1's (extra arguments ignored, as C's ignored them). */
const unary =
  (f: (x: number) => number): LibraryFunction =>
  (L) =>
    pushNumber(L, f(numberArgument(L, 1)));

/** A math function of two numbers, their checks in the order Redis' build makes them. */
function binary(L: LuaState, f: (x: number, y: number) => number): number {
  const y = numberArgument(L, 2);
  return pushNumber(L, f(numberArgument(L, 1), y));
}

/** 5.1's `math.max` / `math.min`: every argument a number (none is 'number expected, got no value'). */
function extreme(L: LuaState, isBetter: (d: number, best: number) => boolean): number {
  let best = numberArgument(L, 1);
  for (let i = 2; i <= lua.lua_gettop(L); i++) {
    const d = numberArgument(L, i);
    if (isBetter(d, best)) best = d;
  }
  return pushNumber(L, best);
}

/** Lua 5.1's math additions over 5.3's, and its one-argument `log` and `atan`. */
const MATH_51: [string, LibraryFunction][] = [
  // C evaluated pow(check(1), check(2))'s arguments last first: a missing second is named first.
  ['pow', (L) => binary(L, cPow)],
  ['atan2', (L) => binary(L, Math.atan2)],
  ['log', unary(Math.log)],
  ['atan', unary(Math.atan)],
  ['log10', unary(Math.log10)],
  ['max', (L) => extreme(L, (d, best) => d > best)],
  ['min', (L) => extreme(L, (d, best) => d < best)],
  ['cosh', unary(Math.cosh)],
  ['sinh', unary(Math.sinh)],
  ['tanh', unary(Math.tanh)],
  [
    'frexp',
    (L) => {
      const [m, e] = frexp(numberArgument(L, 1));
      lua.lua_pushnumber(L, m);
      lua.lua_pushnumber(L, e);
      return 2;
    },
  ],
  [
    'ldexp',
    (L) => {
      const e = intArgument(L, 2);
      return pushNumber(L, ldexp(numberArgument(L, 1), e));
    },
  ],
];

/**
 * How many keys run from 1 (t[1], t[2] ... present) in the table at `index`, as each traversal
 * of it found when it began: its array part, which Lua 5.1 visits first and in order.
 */
const arrayParts = new WeakMap<object, number>();

function arrayPartOf(L: LuaState, index: number): number {
  let n = 0;
  while (lua.lua_rawgeti(L, index, n + 1) !== lua.LUA_TNIL) {
    lua.lua_pop(L, 1);
    n++;
  }
  lua.lua_pop(L, 1);
  return n;
}

/**
 * Lua 5.1's traversal order (`next`): the keys 1, 2, 3 ... first, in order, then the others.
 * fengari keeps a table's keys in the order they were set, and a constructor sets its list from
 * the last item: `pairs({10, 20, 30, x = 1})` went x, 3, 2, 1 (Redis: 1, 2, 3, x). With the
 * previous key on top of the stack (nil to begin), pushes the next key and its value and
 * answers true, or pops the key and answers false at the end, as `lua_next` does. The keys
 * after the array part come in the order they were set (Redis': its hash order).
 */
function next51(L: LuaState, index: number): boolean {
  const t = lua.lua_topointer(L, index) as object;
  let arrayPart: number;
  let from = 0;
  if (lua.lua_isnil(L, -1)) {
    arrayPart = arrayPartOf(L, index);
    arrayParts.set(t, arrayPart);
  } else {
    arrayPart = arrayParts.get(t) ?? arrayPartOf(L, index);
    const key = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : 0;
    if (Number.isInteger(key) && key >= 1 && key <= arrayPart) from = key;
    else return nextAfterArrayPart(L, index, arrayPart);
  }
  for (let i = from + 1; i <= arrayPart; i++) {
    if (lua.lua_rawgeti(L, index, i) !== lua.LUA_TNIL) {
      lua.lua_pushnumber(L, i);
      lua.lua_replace(L, -3);
      return true;
    }
    lua.lua_pop(L, 1);
  }
  lua.lua_pop(L, 1);
  lua.lua_pushnil(L);
  return nextAfterArrayPart(L, index, arrayPart);
}

/** fengari's `lua_next`, passing over the keys of the array part (visited before). */
function nextAfterArrayPart(L: LuaState, index: number, arrayPart: number): boolean {
  while (lua.lua_next(L, index) !== 0) {
    const key = lua.lua_type(L, -2) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -2) : 0;
    if (!(Number.isInteger(key) && key >= 1 && key <= arrayPart)) return true;
    lua.lua_pop(L, 1);
  }
  return false;
}

/** Lua 5.1's `next(t [, key])`, in its order ({@link next51}). */
function luaNext51(L: LuaState): number {
  tableArgument(L, 1);
  lua.lua_settop(L, 2);
  if (next51(L, 1)) return 2;
  lua.lua_pushnil(L);
  return 1;
}

/** Lua 5.1's `pairs(t)`: its `next`, t and nil (5.1 has no `__pairs`). */
function luaPairs51(L: LuaState): number {
  tableArgument(L, 1);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_pushvalue(L, 1);
  lua.lua_pushnil(L);
  return 3;
}

/** Lua 5.1's table functions 5.3 dropped. */
const TABLE_51: [string, LibraryFunction][] = [
  [
    'getn',
    (L) => {
      tableArgument(L, 1);
      return pushNumber(L, lua.lua_rawlen(L, 1));
    },
  ],
  [
    'maxn',
    (L) => {
      tableArgument(L, 1);
      let max = 0;
      lua.lua_settop(L, 1);
      lua.lua_pushnil(L);
      while (lua.lua_next(L, 1) !== 0) {
        lua.lua_pop(L, 1);
        if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) max = Math.max(max, lua.lua_tonumber(L, -1));
      }
      return pushNumber(L, max);
    },
  ],
  ['insert', insert51],
  ['remove', remove51],
  ['foreach', (L) => forEach(L, false)],
  ['foreachi', (L) => forEach(L, true)],
  ['setn', (L) => raiseWhere(L, "'setn' is obsolete")],
];

/**
 * 5.1's `table.insert(t, [pos,] v)`: a position past the end grows the table there, one at 0 or
 * below shifts from it (5.3 refused both: `position out of bounds`), with raw reads and writes.
 */
function insert51(L: LuaState): number {
  tableArgument(L, 1);
  let end = lua.lua_rawlen(L, 1) + 1;
  let position = end;
  const argc = lua.lua_gettop(L);
  if (argc === 3) {
    position = intArgument(L, 2);
    if (position > end) end = position;
  } else if (argc !== 2) return raiseWhere(L, "wrong number of arguments to 'insert'");
  if (isReadonlyAt(L, 1)) refuseReadonlyWrite(L);
  for (let i = end; i > position; i--) {
    lua.lua_rawgeti(L, 1, i - 1);
    lua.lua_rawseti(L, 1, i);
  }
  lua.lua_pushvalue(L, argc);
  lua.lua_rawseti(L, 1, position);
  return 0;
}

/** 5.1's `table.remove(t [, pos])`: nothing removed, and no error, at a position out of bounds. */
function remove51(L: LuaState): number {
  tableArgument(L, 1);
  const end = lua.lua_rawlen(L, 1);
  let position = lua.lua_type(L, 2) <= lua.LUA_TNIL ? end : intArgument(L, 2);
  if (!(position >= 1 && position <= end)) return 0;
  if (isReadonlyAt(L, 1)) refuseReadonlyWrite(L);
  lua.lua_rawgeti(L, 1, position);
  for (; position < end; position++) {
    lua.lua_rawgeti(L, 1, position + 1);
    lua.lua_rawseti(L, 1, position);
  }
  lua.lua_pushnil(L);
  lua.lua_rawseti(L, 1, end);
  return 1;
}

/** 5.1's `table.foreach(t, f)` / `foreachi`: f(key, value) for each, until f returns non-nil. */
function forEach(L: LuaState, isArray: boolean): number {
  tableArgument(L, 1);
  functionArgument(L, 2);
  lua.lua_settop(L, 2);
  if (isArray) {
    const n = lua.lua_rawlen(L, 1);
    for (let i = 1; i <= n; i++) {
      lua.lua_pushvalue(L, 2);
      lua.lua_pushnumber(L, i);
      lua.lua_rawgeti(L, 1, i);
      lua.lua_call(L, 2, 1);
      if (!lua.lua_isnil(L, -1)) return 1;
      lua.lua_pop(L, 1);
    }
    return 0;
  }
  lua.lua_pushnil(L);
  while (next51(L, 1)) {
    lua.lua_pushvalue(L, 2);
    lua.lua_pushvalue(L, -3);
    lua.lua_pushvalue(L, -3);
    lua.lua_call(L, 2, 1);
    if (!lua.lua_isnil(L, -1)) return 1;
    lua.lua_pop(L, 2);
  }
  return 0;
}

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

/** Lua 5.1's `ipairs(t)`: a table only (5.3 took any value), its step, t and 0. */
function ipairs51(L: LuaState): number {
  tableArgument(L, 1);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_pushvalue(L, 1);
  lua.lua_pushnumber(L, 0);
  return 3;
}

/** The step of 5.1's `ipairs`: t[i + 1] read raw (5.3's went through `__index`), none at a nil. */
function ipairsStep51(L: LuaState): number {
  const i = intArgument(L, 2) + 1;
  tableArgument(L, 1);
  lua.lua_pushnumber(L, i);
  return lua.lua_rawgeti(L, 1, i) === lua.LUA_TNIL ? 0 : 2;
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
