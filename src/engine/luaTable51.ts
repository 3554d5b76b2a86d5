// Lua 5.1's `table` library and its `next`, `pairs` and `ipairs` as Redis' Lua has them (insert,
// remove, foreach, foreachi, getn, with 5.1's checks and its order over a table's array part),
// made from fengari's 5.3 ones.
import fengari, { type LuaState } from 'fengari';
import { isReadonlyAt, refuseReadonlyWrite } from './luaReadonly';
import {
  functionArgument,
  intArgument,
  LibraryFunction,
  pushNumber,
  raiseWhere,
  tableArgument,
} from './luaArguments51';

const { lua } = fengari;

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
export function luaNext51(L: LuaState): number {
  tableArgument(L, 1);
  lua.lua_settop(L, 2);
  if (next51(L, 1)) return 2;
  lua.lua_pushnil(L);
  return 1;
}

/** Lua 5.1's `pairs(t)`: its `next`, t and nil (5.1 has no `__pairs`). */
export function luaPairs51(L: LuaState): number {
  tableArgument(L, 1);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_pushvalue(L, 1);
  lua.lua_pushnil(L);
  return 3;
}

/** Lua 5.1's table functions 5.3 dropped. */
export const TABLE_51: [string, LibraryFunction][] = [
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

/** Lua 5.1's `ipairs(t)`: a table only (5.3 took any value), its step, t and 0. */
export function ipairs51(L: LuaState): number {
  tableArgument(L, 1);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_pushvalue(L, 1);
  lua.lua_pushnumber(L, 0);
  return 3;
}

/** The step of 5.1's `ipairs`: t[i + 1] read raw (5.3's went through `__index`), none at a nil. */
export function ipairsStep51(L: LuaState): number {
  const i = intArgument(L, 2) + 1;
  tableArgument(L, 1);
  lua.lua_pushnumber(L, i);
  return lua.lua_rawgeti(L, 1, i) === lua.LUA_TNIL ? 0 : 2;
}
