// The settings of Redis' `cjson` library (lua_cjson.c's `json_config_t`) as plain data, with
// their defaults, and the budget the sandbox bounds its work with (see luaCjson.ts).
import fengari, { type LuaState } from 'fengari';

const { lua } = fengari;

/** What bounds the work of `cjson.encode` and `cjson.decode` in the sandbox. */
export interface CjsonBudget {
  /** The most bytes one `cjson.encode` may make. */
  readonly maxEncodeBytes: number;
  /** Raises the sandbox's refusal of an encoding longer than {@link maxEncodeBytes}. */
  refuseLongEncoding(L: LuaState): never;
  /** Counts `bytes` of strings made (or read) by the running script, against its budget. */
  charge(L: LuaState, bytes: number): void;
  /** Counts `values` made by a decode against the script's budget of them. */
  chargeValues(L: LuaState, values: number): void;
}

/** One cjson module's settings (lua_cjson.c's `json_config_t`), as plain data. */
export interface CjsonConfig {
  encodeSparseConvert: number;
  encodeSparseRatio: number;
  encodeSparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  /** 0: refused, 1: written (`inf`, `nan`), 2: written as `null`. */
  encodeInvalidNumbers: number;
  decodeInvalidNumbers: number;
  encodeKeepBuffer: number;
  encodeNumberPrecision: number;
}

/** C's INT_MAX: the largest a lua-cjson integer setting takes. */
export const INT_MAX = 2147483647;

/** cjson's settings as Redis starts them (and `cjson.new` makes them). */
export const defaultCjsonConfig = (): CjsonConfig => ({
  encodeSparseConvert: 0,
  encodeSparseRatio: 2,
  encodeSparseSafe: 10,
  encodeMaxDepth: 1000,
  decodeMaxDepth: 1000,
  encodeInvalidNumbers: 0,
  decodeInvalidNumbers: 1,
  encodeKeepBuffer: 1,
  encodeNumberPrecision: 14,
});

/**
 * Lua 5.1's LUAI_MAXCSTACK: `lua_checkstack` fails past this many values in a C function's
 * frame, which is where cjson stops nesting when its depth limit is set higher.
 */
export const LUA51_MAX_C_STACK = 8000;

/** Lua 5.1's `lua_checkstack` for a C function whose frame holds `lua_gettop` values. */
export const hasStack = (L: LuaState, slots: number): boolean =>
  lua.lua_gettop(L) + slots <= LUA51_MAX_C_STACK && lua.lua_checkstack(L, slots);

/** C's `(int)` of a double out of range on x86-64: INT_MIN. */
