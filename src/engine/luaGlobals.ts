// What a script's Lua state holds, as Redis 7 has it: the libraries it opens, and the read-only
// view of the globals each script runs in (with 5.1's `load` and `loadstring`). Lua 5.1's
// library itself is luaLibrary51.ts. All of it is JavaScript functions and tables set on the
// state: ioredis-mock makes a fresh state for every EVAL, and Lua source parsed there on each
// one cost more than the script it served.
import fengari, { type LuaState } from 'fengari';
import { asLua51Message, asLua51Source } from './lua51Source';
import { format51 } from './luaFormat';
import { typeErrorsAsLua51 } from './luaMessages';
import { callDepthAsLua51 } from './luaCallDepth';
import { lengthAsLua51 } from './luaTableLength';
import { protectLibraries } from './luaReadonly';
import { pushKeptView } from './luaScriptStates';
import { badArgument, functionArgument, raiseWhere } from './luaArguments51';

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
