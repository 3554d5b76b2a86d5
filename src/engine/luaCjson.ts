// Redis' `cjson` library for scripts: lua-cjson 2.1.0 as Redis ships it (deps/lua/src/lua_cjson.c),
// in JavaScript, on the bytes of Lua's strings. Its parser, its leniencies (hex numbers, `+1`,
// NaN and Infinity by default), its sparse-array rule, its settings and its messages are the C
// library's; numbers are written with `%.Ng` (14 digits unless set). What differs from Redis:
// an object's keys are written in the order the table got them (Redis writes them in its Lua's
// hash order, which no other program reproduces), and the text one `cjson.encode` makes is
// bounded, as the sandbox bounds every string a script makes. A setting of the global `cjson`
// lasts, as on Redis 7.0, where every script runs on one Lua state, for the scripts after: the
// sandbox opens a fresh state for each script, so the settings are the server's, kept outside it.
import fengari, { type LuaState } from 'fengari';
import { argError, luaError, pushFunctionTable, typeError } from './luaLibraryKit';
import {
  type CjsonBudget,
  type CjsonConfig,
  defaultCjsonConfig,
  INT_MAX,
} from './luaCjsonSettings';
import { Output, encodeValue } from './luaCjsonEncode';
import { decodeDocument } from './luaCjsonDecode';

export { type CjsonBudget, type CjsonConfig, defaultCjsonConfig } from './luaCjsonSettings';

const { lua, to_luastring: luaString } = fengari;

// ===== The module =====
/** json_arg_init: at most `count` arguments. */
function checkArguments(L: LuaState, count: number): void {
  if (lua.lua_gettop(L) > count) argError(L, count + 1, 'found too many arguments');
  lua.lua_settop(L, count);
}

/** json_integer_option: the argument at `index` (if given) sets it, within `min` .. `max`. */
function integerOption(
  L: LuaState,
  index: number,
  min: number,
  max: number,
  value: number,
): number {
  if (lua.lua_type(L, index) !== lua.LUA_TNIL) {
    const n = lua.lua_tonumber(L, index);
    if (n === 0 && !lua.lua_isnumber(L, index)) typeError(L, index, 'number');
    // Lua 5.1's lua_Integer (64 bits), then C's int: its low 32 bits.
    const asInt =
      Number.isFinite(n) && Math.abs(n) < 2 ** 63
        ? Number(BigInt.asIntN(32, BigInt(Math.trunc(n))))
        : 0;
    // lua-cjson names argument 1 whichever it checks.
    if (!(min <= asInt && asInt <= max))
      argError(L, 1, `expected integer between ${min} and ${max}`);
    value = asInt;
  }
  lua.lua_pushnumber(L, value);
  return value;
}

/** json_enum_option: a boolean, or one of `options` by name; pushes the setting as it is now. */
function enumOption(
  L: LuaState,
  index: number,
  value: number,
  options: readonly string[] = ['off', 'on'],
): number {
  if (lua.lua_type(L, index) !== lua.LUA_TNIL) {
    if (lua.lua_type(L, index) === lua.LUA_TBOOLEAN) value = lua.lua_toboolean(L, index) ? 1 : 0;
    else {
      const type = lua.lua_type(L, index);
      if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) typeError(L, index, 'string');
      const option = fengari.to_jsstring(lua.lua_tolstring(L, index) as Uint8Array);
      const found = options.indexOf(option);
      if (found < 0) argError(L, index, `invalid option '${option}'`);
      value = found;
    }
  }
  if (value === 0 || value === 1) lua.lua_pushboolean(L, value === 1);
  else lua.lua_pushstring(L, luaString(options[value]));
  return value;
}

/** A cjson module's functions, on one settings object (`cjson.new()` makes another). */
function cjsonFunctions(
  cfg: CjsonConfig,
  budget: CjsonBudget,
): Record<string, (L: LuaState) => number> {
  return {
    encode: (L) => {
      if (lua.lua_gettop(L) !== 1) argError(L, 1, 'expected 1 argument');
      const out = new Output(L, budget);
      encodeValue(L, cfg, out);
      const text = out.text();
      lua.lua_settop(L, 0);
      lua.lua_pushstring(L, text);
      budget.charge(L, text.length);
      return 1;
    },
    decode: (L) => {
      if (lua.lua_gettop(L) !== 1) argError(L, 1, 'expected 1 argument');
      const type = lua.lua_type(L, 1);
      if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) typeError(L, 1, 'string');
      const data = lua.lua_tolstring(L, 1) as Uint8Array;
      if (data.length >= 2 && (data[0] === 0 || data[1] === 0))
        luaError(L, 'JSON parser does not support UTF-16 or UTF-32');
      budget.charge(L, data.length);
      decodeDocument(L, cfg, data, budget.chargeValues);
      return 1;
    },
    encode_sparse_array: (L) => {
      checkArguments(L, 3);
      cfg.encodeSparseConvert = enumOption(L, 1, cfg.encodeSparseConvert);
      cfg.encodeSparseRatio = integerOption(L, 2, 0, INT_MAX, cfg.encodeSparseRatio);
      cfg.encodeSparseSafe = integerOption(L, 3, 0, INT_MAX, cfg.encodeSparseSafe);
      return 3;
    },
    encode_max_depth: integerSetting(cfg, 'encodeMaxDepth', 1, INT_MAX),
    decode_max_depth: integerSetting(cfg, 'decodeMaxDepth', 1, INT_MAX),
    encode_number_precision: integerSetting(cfg, 'encodeNumberPrecision', 1, 14),
    encode_keep_buffer: enumSetting(cfg, 'encodeKeepBuffer'),
    encode_invalid_numbers: enumSetting(cfg, 'encodeInvalidNumbers', ['off', 'on', 'null']),
    decode_invalid_numbers: enumSetting(cfg, 'decodeInvalidNumbers'),
    new: (L) => {
      pushCjson(L, budget);
      return 1;
    },
  };
}

/** A setting of one integer, within `min` .. `max`, as json_cfg_encode_max_depth reads it. */
function integerSetting(
  cfg: CjsonConfig,
  key: keyof CjsonConfig,
  min: number,
  max: number,
): (L: LuaState) => number {
  return (L) => {
    checkArguments(L, 1);
    cfg[key] = integerOption(L, 1, min, max, cfg[key]);
    return 1;
  };
}

/** A setting of one option among `options`, as json_cfg_encode_keep_buffer reads it. */
function enumSetting(
  cfg: CjsonConfig,
  key: keyof CjsonConfig,
  options?: readonly string[],
): (L: LuaState) => number {
  return (L) => {
    checkArguments(L, 1);
    cfg[key] = enumOption(L, 1, cfg[key], options);
    return 1;
  };
}

/** Pushes a cjson module table on the settings `cfg`, as `lua_cjson_new` makes one. */
function pushCjson(L: LuaState, budget: CjsonBudget, cfg = defaultCjsonConfig()): void {
  pushFunctionTable(L, cjsonFunctions(cfg, budget));
  lua.lua_pushlightuserdata(L, null);
  lua.lua_setfield(L, -2, luaString('null'));
  lua.lua_pushstring(L, luaString('cjson'));
  lua.lua_setfield(L, -2, luaString('_NAME'));
  lua.lua_pushstring(L, luaString('2.1.0'));
  lua.lua_setfield(L, -2, luaString('_VERSION'));
}

/** The settings of the server whose script runs now ({@link withCjsonConfig}). */
let serverConfig: CjsonConfig | null = null;

/** The settings of the server whose script runs now, null outside {@link withCjsonConfig}. */
export const runningCjsonConfig = (): CjsonConfig | null => serverConfig;

/**
 * Runs `run` (a command that may run a script) with the global `cjson` of the scripts it runs
 * on `config`, the server's settings, which a script's setting changes for the scripts after.
 */
export function withCjsonConfig<T>(config: CjsonConfig, run: () => T): T {
  const before = serverConfig;
  serverConfig = config;
  try {
    return run();
  } finally {
    serverConfig = before;
  }
}

/**
 * Sets the global `cjson`, Redis' lua-cjson, on the state `L`, bounded by `budget`, on the
 * running server's settings (the defaults outside {@link withCjsonConfig}).
 */
export function openCjson(L: LuaState, budget: CjsonBudget): void {
  pushCjson(L, budget, serverConfig ?? defaultCjsonConfig());
  lua.lua_setglobal(L, luaString('cjson'));
}
