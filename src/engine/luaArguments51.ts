// Arguments and errors as Lua 5.1 checks and words them in Redis' Lua: `bad argument #1 to
// 'insert' (table expected, got nil)`, with the script's line, for the 5.1 library made from
// fengari's 5.3 one (luaLibrary51.ts).
import fengari, { type LuaState } from 'fengari';
import { asOneCall51 } from './luaCallDepth';
import { READONLY_TABLE } from './luaReadonly';
import { luaCheckInt } from './luaRandom';

const { lua, lauxlib } = fengari;
const luaString = fengari.to_luastring;

const LUA_TYPE_NAMES = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function'];

const LUA_TTHREAD = 8;

/** Lua 5.1's `luaL_typename` of argument `i`, "no value" when there is none. */
export function typeNameAt(L: LuaState, i: number): string {
  const type = lua.lua_type(L, i);
  if (type === lua.LUA_TNONE) return 'no value';
  return LUA_TYPE_NAMES[type] ?? (type === LUA_TTHREAD ? 'thread' : 'userdata');
}

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
export function argumentError(L: LuaState, argument: number, problem: string): never {
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
export const badArgument = (L: LuaState, i: number, expected: string): never =>
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

export function tableArgument(L: LuaState, i: number): void {
  if (lua.lua_type(L, i) !== lua.LUA_TTABLE) badArgument(L, i, 'table');
}

export function functionArgument(L: LuaState, i: number): void {
  if (lua.lua_type(L, i) !== lua.LUA_TFUNCTION) badArgument(L, i, 'function');
}

/** One JavaScript function of a Lua library: pushes its results, returns their count. */
export type LibraryFunction = (L: LuaState) => number;

export const pushNumber = (L: LuaState, n: number): number => {
  lua.lua_pushnumber(L, n);
  return 1;
};
