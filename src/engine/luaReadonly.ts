// Redis 7 makes every table a script reaches from its globals read-only, not only the globals
// table: `string.x = 1`, `rawset(math, 'pi', 3)`, `setmetatable(cjson, nil)` and
// `getmetatable('').__index = {}` fail with `Attempt to modify a readonly table` (here they ran,
// and a script could change the library the next line of it used). Redis' Lua has a read-only
// flag on a table, checked where the VM writes one; fengari's writes go through its table
// module's `luaH_setfrom` (an assignment, `rawset`), which checks the same flag here, and
// `setmetatable`, `table.insert` and `table.remove` (luaGlobals.ts) check it themselves.
// fengari's own module, reached by its path: its package exports only the API.
import fengari, { type LuaState } from 'fengari';
import ldebug from 'fengari/src/ldebug.js';
import ltable from 'fengari/src/ltable.js';

const { lua } = fengari;

/** Redis' words, raised where the write was made (a script's line, or none from a library). */
export const READONLY_TABLE = 'Attempt to modify a readonly table';

const MESSAGE = fengari.to_luastring(READONLY_TABLE);

/** A fengari table, as `lua_topointer` hands it over: the flag this adds. */
interface FlaggedTable {
  isReadonly: boolean;
}

let isGuarded = false;

/** Makes fengari's table writes refuse a table marked read-only. Idempotent. */
function guardTableWrites(): void {
  if (isGuarded) return;
  isGuarded = true;
  // The flag on the class, so that unmarked tables keep one shape.
  (ltable.Table.prototype as FlaggedTable).isReadonly = false;
  const write = ltable.luaH_setfrom;
  ltable.luaH_setfrom = (L, t, key, value) => {
    if ((t as FlaggedTable).isReadonly) ldebug.luaG_runerror(L, MESSAGE);
    write(L, t, key, value);
  };
}

/** Marks the table at `index` read-only (nothing when it is not a table). */
function markReadonly(L: LuaState, index: number): void {
  if (lua.lua_type(L, index) === lua.LUA_TTABLE)
    (lua.lua_topointer(L, index) as FlaggedTable).isReadonly = true;
}

/** The libraries Redis 7 protects, by their global names. */
const PROTECTED_LIBRARIES = [
  'string',
  'math',
  'table',
  'coroutine',
  'cjson',
  'bit',
  'struct',
  'cmsgpack',
  'redis',
].map((name) => fengari.to_luastring(name));

/**
 * Makes a script's state's libraries read-only as Redis 7's are, with the table at `view` (the
 * script's globals) and the strings' metatable. `KEYS` and `ARGV` stay writable, as Redis' are
 * (they are made after its protection).
 */
export function protectLibraries(L: LuaState, view: number): void {
  guardTableWrites();
  const top = lua.lua_gettop(L);
  markReadonly(L, view);
  for (const name of PROTECTED_LIBRARIES) {
    lua.lua_getglobal(L, name);
    markReadonly(L, -1);
    lua.lua_pop(L, 1);
  }
  lua.lua_pushliteral(L, '');
  if (lua.lua_getmetatable(L, -1)) markReadonly(L, -1);
  lua.lua_settop(L, top);
}

/** Whether the value at `index` is a table made read-only. */
export const isReadonlyAt = (L: LuaState, index: number): boolean =>
  lua.lua_type(L, index) === lua.LUA_TTABLE &&
  (lua.lua_topointer(L, index) as FlaggedTable).isReadonly;

/** Raises Redis' refusal of a write to a read-only table, placed as the VM places it. */
export const refuseReadonlyWrite = (L: LuaState): never => ldebug.luaG_runerror(L, MESSAGE);
