declare module 'fengari' {
  /** A Lua thread (a state, or a coroutine of one): opaque here. */
  export type LuaState = { readonly __luaState: unique symbol };
  type JsFunction = (L: LuaState) => number;
  type Hook = (L: LuaState, ar: unknown) => void;

  /** The subset of fengari (Lua 5.3 in JavaScript, ioredis-mock's Lua) the engine uses. */
  const fengari: {
    lua: {
      LUA_MASKCOUNT: number;
      LUA_ERRERR: number;
      LUA_REGISTRYINDEX: number;
      lua_sethook(L: LuaState, hook: Hook | null, mask: number, count: number): void;
      lua_pushstring(L: LuaState, s: Uint8Array): void;
      lua_tolstring(L: LuaState, index: number): Uint8Array | null;
      lua_gettable(L: LuaState, index: number): number;
      lua_pushjsfunction(L: LuaState, fn: JsFunction): void;
      lua_error(L: LuaState): never;
      lua_getglobal(L: LuaState, name: Uint8Array): number;
      lua_istable(L: LuaState, index: number): boolean;
      lua_setfield(L: LuaState, index: number, name: Uint8Array): void;
      lua_pop(L: LuaState, n: number): void;
      LUA_OK: number;
      LUA_MULTRET: number;
      LUA_TNIL: number;
      LUA_TBOOLEAN: number;
      LUA_TNUMBER: number;
      LUA_TSTRING: number;
      LUA_TTABLE: number;
      LUA_TFUNCTION: number;
      LUA_TTHREAD: number;
      lua_iscfunction(L: LuaState, index: number): boolean;
      lua_isyieldable(L: LuaState): boolean;
      lua_yield(L: LuaState, results: number): number;
      lua_gettop(L: LuaState): number;
      lua_settop(L: LuaState, index: number): void;
      lua_absindex(L: LuaState, index: number): number;
      lua_checkstack(L: LuaState, n: number): boolean;
      lua_type(L: LuaState, index: number): number;
      lua_tojsstring(L: LuaState, index: number): string;
      lua_tolstring(L: LuaState, index: number): Uint8Array | null;
      lua_tonumber(L: LuaState, index: number): number;
      lua_toboolean(L: LuaState, index: number): boolean;
      lua_pushnil(L: LuaState): void;
      lua_isnumber(L: LuaState, index: number): boolean;
      lua_concat(L: LuaState, n: number): void;
      lua_setupvalue(L: LuaState, funcIndex: number, n: number): string | null;
      lua_close(L: LuaState): void;
      lua_pushnumber(L: LuaState, n: number): void;
      lua_pushinteger(L: LuaState, n: number): void;
      lua_pushboolean(L: LuaState, b: boolean): void;
      lua_pushliteral(L: LuaState, s: string): void;
      lua_getmetatable(L: LuaState, index: number): boolean;
      lua_pushvalue(L: LuaState, index: number): void;
      lua_pushjsclosure(L: LuaState, fn: JsFunction, upvalues: number): void;
      lua_upvalueindex(i: number): number;
      lua_insert(L: LuaState, index: number): void;
      lua_call(L: LuaState, args: number, results: number): void;
      lua_rawget(L: LuaState, index: number): number;
      lua_rawgeti(L: LuaState, index: number, i: number): number;
      lua_rawseti(L: LuaState, index: number, i: number): void;
      lua_createtable(L: LuaState, arrayItems: number, fields: number): void;
      lua_next(L: LuaState, index: number): number;
      lua_setglobal(L: LuaState, name: Uint8Array): void;
      lua_getfield(L: LuaState, index: number, name: Uint8Array): number;
      lua_rawlen(L: LuaState, index: number): number;
      lua_geti(L: LuaState, index: number, i: number): number;
      lua_pcall(L: LuaState, args: number, results: number, handler: number): number;
      lua_remove(L: LuaState, index: number): void;
      lua_replace(L: LuaState, index: number): void;
      lua_touserdata(L: LuaState, index: number): unknown;
      lua_pushlightuserdata(L: LuaState, p: unknown): void;
      LUA_TLIGHTUSERDATA: number;
      lua_rawset(L: LuaState, index: number): void;
      lua_settable(L: LuaState, index: number): void;
      lua_newtable(L: LuaState): void;
      LUA_TNONE: number;
      lua_isnil(L: LuaState, index: number): boolean;
      LUA_TUSERDATA: number;
      lua_isinteger(L: LuaState, index: number): boolean;
      lua_getstack(L: LuaState, level: number, ar: LuaDebug): boolean;
      lua_getinfo(L: LuaState, what: Uint8Array, ar: LuaDebug): boolean;
      lua_Debug: new () => LuaDebug;
      lua_setmetatable(L: LuaState, index: number): void;
      lua_topointer(L: LuaState, index: number): unknown;
      lua_pushglobaltable(L: LuaState): void;
      lua_rawequal(L: LuaState, a: number, b: number): boolean;
    };
    lualib: {
      luaL_openlibs(L: LuaState): void;
      luaopen_base(L: LuaState): number;
      luaopen_coroutine(L: LuaState): number;
      luaopen_table(L: LuaState): number;
      luaopen_string(L: LuaState): number;
      luaopen_math(L: LuaState): number;
    };
    lauxlib: {
      luaL_newstate(): LuaState;
      luaL_ref(L: LuaState, table: number): number;
      luaL_unref(L: LuaState, table: number, ref: number): void;
      luaL_dostring(L: LuaState, chunk: Uint8Array): number;
      luaL_len(L: LuaState, index: number): number;
      luaL_where(L: LuaState, level: number): void;
      luaL_requiref(L: LuaState, name: Uint8Array, open: JsFunction, global: number): void;
      luaL_tolstring(L: LuaState, index: number): Uint8Array;
      luaL_loadbuffer(L: LuaState, chunk: Uint8Array, size: number, name: Uint8Array): number;
    };
    to_luastring(s: string, cache?: boolean): Uint8Array;
    to_jsstring(s: Uint8Array): string;
  };
  /** What `lua_getinfo` fills in: the fields the engine reads. */
  type LuaDebug = {
    source: Uint8Array | null;
    currentline: number;
    name: Uint8Array | null;
    namewhat: Uint8Array | null;
    /** 'Lua', 'C' (a JavaScript function), 'main' */
    what: Uint8Array | null;
  };
  export default fengari;
}

/** fengari's table module (luaReadonly.ts, luaTableLength.ts): the class and what they patch. */
declare module 'fengari/src/ltable.js' {
  const ltable: {
    Table: { prototype: object };
    luaH_setfrom(L: unknown, t: object, key: unknown, value: unknown): void;
    luaH_setint(t: object, key: number, value: unknown): void;
    luaH_getint(t: object, key: number): { ttisnil(): boolean };
    luaH_getn(t: object): number;
  };
  export default ltable;
}

/** fengari's debug module: `luaG_runerror`, an error placed as the VM places its own. */
declare module 'fengari/src/ldebug.js' {
  const ldebug: { luaG_runerror(L: unknown, message: Uint8Array): never };
  export default ldebug;
}

/** fengari's object module (luaMessages.ts): where its error messages are written. */
declare module 'fengari/src/lobject.js' {
  const lobject: {
    luaO_pushvfstring(L: unknown, fmt: Uint8Array, argp: unknown[]): Uint8Array;
  };
  export default lobject;
}

/** fengari's state module (luaCallDepth.ts): where a call's record is made. */
declare module 'fengari/src/lstate.js' {
  const lstate: { luaE_extendCI(L: unknown): object };
  export default lstate;
}

/** fengari's call module (luaCallDepth.ts): raises an error status with no message to place. */
declare module 'fengari/src/ldo.js' {
  const ldo: { luaD_throw(L: unknown, status: number): never };
  export default ldo;
}
