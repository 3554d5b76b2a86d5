declare module 'fengari' {
  /** A Lua thread (a state, or a coroutine of one): opaque here. */
  export type LuaState = { readonly __luaState: unique symbol };
  type JsFunction = (L: LuaState) => number;
  type Hook = (L: LuaState, ar: unknown) => void;

  /** The subset of fengari (Lua 5.3 in JavaScript, ioredis-mock's Lua) the engine uses. */
  const fengari: {
    lua: {
      LUA_MASKCOUNT: number;
      lua_sethook(L: LuaState, hook: Hook | null, mask: number, count: number): void;
      lua_pushstring(L: LuaState, s: Uint8Array): void;
      lua_pushjsfunction(L: LuaState, fn: JsFunction): void;
      lua_error(L: LuaState): never;
      lua_getglobal(L: LuaState, name: Uint8Array): number;
      lua_istable(L: LuaState, index: number): boolean;
      lua_setfield(L: LuaState, index: number, name: Uint8Array): void;
      lua_pop(L: LuaState, n: number): void;
    };
    lualib: {
      luaL_openlibs(L: LuaState): void;
    };
    to_luastring(s: string): Uint8Array;
  };
  export default fengari;
}
