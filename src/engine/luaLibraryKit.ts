// What the JavaScript versions of Redis' C libraries for scripts (cjson, bit, struct, cmsgpack)
// share: Lua 5.1's argument errors, worded as its lauxlib words them, raised at the script's
// line, and the buffer a pack grows under the sandbox's budget.
import fengari, { type LuaState } from 'fengari';

const { lua, lauxlib, to_luastring: luaString } = fengari;

/** Lua 5.1's `luaL_typename`, by type number (a light userdata is a 'userdata' too). */
const TYPE_NAMES = [
  'nil',
  'boolean',
  'userdata',
  'number',
  'string',
  'table',
  'function',
  'userdata',
  'thread',
];

/** The name Lua 5.1 gives the type of the value at `index` ('no value' past the last). */
export function luaTypeName(L: LuaState, index: number): string {
  const type = lua.lua_type(L, index);
  return type === lua.LUA_TNONE ? 'no value' : (TYPE_NAMES[type] ?? 'userdata');
}

/** Raises `message` as `luaL_error` does: after the calling line's `user_script:N: `. */
export function luaError(L: LuaState, message: string): never {
  lua.lua_checkstack(L, 2);
  lauxlib.luaL_where(L, 1);
  lua.lua_pushstring(L, luaString(message));
  lua.lua_concat(L, 2);
  return lua.lua_error(L);
}

/**
 * Lua 5.1's `luaL_argerror` from the running function: "bad argument #2 to 'band' (number
 * expected, got nil)", the function named as the script's call names it (`local f = bit.band`
 * then `f()` is 'f'), '?' when no call names it (one `pcall` calls itself), and a method's self
 * not counted (`calling 'x' on bad self` for it).
 */
export function argError(L: LuaState, arg: number, message: string): never {
  const ar = new lua.lua_Debug();
  let name = '?';
  let isMethod = false;
  if (lua.lua_getstack(L, 0, ar) && lua.lua_getinfo(L, luaString('n'), ar)) {
    if (ar.name !== null) name = fengari.to_jsstring(ar.name);
    isMethod = ar.namewhat !== null && fengari.to_jsstring(ar.namewhat) === 'method';
  }
  if (isMethod && arg - 1 === 0) return luaError(L, `calling '${name}' on bad self (${message})`);
  return luaError(L, `bad argument #${isMethod ? arg - 1 : arg} to '${name}' (${message})`);
}

/** `luaL_typerror`: the argument is not of the type `expected`. */
export function typeError(L: LuaState, arg: number, expected: string): never {
  return argError(L, arg, `${expected} expected, got ${luaTypeName(L, arg)}`);
}

/** Makes a table of `functions` on top of the stack. */
export function pushFunctionTable(
  L: LuaState,
  functions: Readonly<Record<string, (L: LuaState) => number>>,
): void {
  lua.lua_newtable(L);
  for (const [name, fn] of Object.entries(functions)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, luaString(name));
  }
}

/** What bounds the bytes one `struct.pack` or `cmsgpack.pack` call may make. */
export interface PackBudget {
  readonly maxPackBytes: number;
  refuseLongPack(L: LuaState): never;
}

/** The bytes being packed, refused by the budget as soon as they are too many. */
export class Packed {
  private bytes = new Uint8Array(64);
  length = 0;

  constructor(
    private readonly L: LuaState,
    private readonly budget: PackBudget,
  ) {}

  add(piece: ArrayLike<number>): void {
    const need = this.length + piece.length;
    if (need > this.budget.maxPackBytes) this.budget.refuseLongPack(this.L);
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(piece, this.length);
    this.length = need;
  }

  text(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
