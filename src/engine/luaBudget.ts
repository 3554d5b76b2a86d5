// ioredis-mock runs every EVAL on fengari (Lua in JavaScript) on the thread that sent it: the
// page's, a worker's. A script that never ends (`while true do end`) would hold that thread for
// good. Real Redis lets such a script run and answers other clients BUSY after lua-time-limit
// (5 s) until SCRIPT KILL; a sandbox with one thread cannot wait for that, so it stops the
// script itself, after a fixed count of Lua instructions: the same script stops at the same
// point on every machine and every replay (no clock is read).
import fengari, { type LuaState } from 'fengari';
import { openScriptLibraries } from './luaGlobals';
import { callOriginal51 } from './luaArguments51';
import { numbersAsLua51, type LuaValueClass } from './luaNumbers';
import { openBit } from './luaBit';
import { openCjson, runningCjsonConfig } from './luaCjson';
import { openCmsgpack } from './luaCmsgpack';
import { openStruct } from './luaStruct';
import { convertScriptReplies, throwSandboxRefusal } from './luaReplies';
import { isServerScript } from './luaRedisCall';
import { reuseScriptStates, takeReused } from './luaScriptStates';

const { lua, lualib, lauxlib, to_luastring: luaString } = fengari;

/**
 * The Lua instructions a script may run. The application's own scripts (lease, versioned fill,
 * single flight) run a few dozen, a loop over ten thousand keys about 150,000. Half a million
 * plain instructions take fengari tens of milliseconds; a loop of `redis.call` (a dozen
 * instructions and a command each) or of coroutine resumes, costlier ones, a few tenths of a
 * second here, and several times that on a machine under load.
 */
export const LUA_INSTRUCTION_BUDGET = 500_000;

/** How often the count hook runs: its cost is one call per this many instructions. */
const HOOK_EVERY = 1_000;

/** The error a script over {@link LUA_INSTRUCTION_BUDGET} fails with, worded as Redis' own. */
export const SCRIPT_TOO_LONG =
  `ERR script ran too long: stopped after ${LUA_INSTRUCTION_BUDGET.toLocaleString('en-US')} ` +
  "Lua instructions (this sandbox's limit; Redis would let it run and answer other clients " +
  'BUSY after 5 s, until SCRIPT KILL)';

/** ioredis-mock's prefix for a script's error, which Redis does not send. */
const MOCK_SCRIPT_ERROR = 'Error trying to loading or executing lua code string in VM: ';

/**
 * Bounds the work of every Lua script ioredis-mock runs from now on, in this thread. It asks
 * for a Lua state for each EVAL and EVALSHA (one kept for each server, luaScriptStates.ts) and
 * opens the standard libraries in it with fengari's `luaL_openlibs`, which this replaces: it
 * opens, on a new state, only the libraries a Redis 7 script has (no debug library, so no
 * `debug.sethook` to lift the budget), and installs a new count hook for each script (coroutines
 * inherit it).
 * Each script's reply is converted as Redis converts it ({@link convertScriptReplies}).
 * Idempotent.
 */
export function boundLuaScripts(): void {
  if (isBound) return;
  isBound = true;
  const setupStates = new WeakMap<LuaState, boolean>();
  // One state per server (luaScriptStates.ts), by its cjson settings: its `cjson` holds that
  // object, which a restart and a checkpoint's load replace with another.
  reuseScriptStates(() => (isServerScript() ? runningCjsonConfig() : null));
  lualib.luaL_openlibs = (L) => {
    scriptBytes = 0;
    scriptValues = 0;
    // A new hook each script: its count starts again, and the one-instruction stop of a script
    // over budget is lifted.
    installBudget(L);
    if (takeReused(L)) {
      setupStates.set(L, true);
      return;
    }
    openScriptLibraries(L);
    wrapLibraryFunction(L, 'string', 'rep', rep);
    wrapLibraryFunction(L, 'string', 'gsub', gsub);
    for (const name of STRING_MAKERS) wrapLibraryFunction(L, 'string', name, charged(false));
    wrapLibraryFunction(L, 'string', 'format', charged(true));
    wrapLibraryFunction(L, 'table', 'concat', tableConcat);
    boundConcatOperator(L);
    // Redis' own libraries for scripts (luaCjson.ts, luaBit.ts, luaStruct.ts,
    // luaCmsgpack.ts), their output bounded here.
    openCjson(L, {
      maxEncodeBytes: MAX_REP_BYTES,
      refuseLongEncoding: (T) => refuseLongString(T, CJSON_REFUSED, MAX_REP_BYTES),
      charge: (T, bytes) => chargeBytes(bytes, raiseOn(T)),
      chargeValues,
    });
    openBit(L);
    openStruct(L, {
      maxPackBytes: MAX_REP_BYTES,
      refuseLongPack: (T) => refuseLongString(T, STRUCT_REFUSED, MAX_REP_BYTES),
      charge: (T, bytes) => chargeBytes(bytes, raiseOn(T)),
    });
    openCmsgpack(L, {
      maxPackBytes: MAX_REP_BYTES,
      refuseLongPack: (T) => refuseLongString(T, CMSGPACK_REFUSED, MAX_REP_BYTES),
      charge: (T, bytes) => chargeBytes(bytes, raiseOn(T)),
      chargeValues,
    });
    setupStates.set(L, false);
  };
  // Each script's reply is converted as Redis converts it (luaReplies.ts).
  convertScriptReplies(
    setupStates,
    (message) =>
      message === SCRIPT_TOO_LONG || TOO_LONG_STARTS.some((start) => message.startsWith(start)),
  );
}

let isBound = false;

/** Stops the running script at its next instruction (its strings' bytes are spent). */
let stopScript: (() => void) | null = null;

function installBudget(L: LuaState): void {
  let hooks = 0;
  const hook = (thread: LuaState): void => {
    hooks++;
    if (scriptBytes > MAX_SCRIPT_STRING_BYTES) {
      lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, 1);
      (thread as unknown as { allowhook: number }).allowhook = 1;
      lua.lua_pushstring(thread, luaString(scriptBytesRefusal()));
      lua.lua_error(thread);
    }
    if (hooks * HOOK_EVERY < LUA_INSTRUCTION_BUDGET) return;
    // Over budget, every thread of the script stops at its next instruction from now on, so a
    // `pcall` that catches this error (or a coroutine that swallows it) cannot keep it going.
    lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, 1);
    if (thread !== L) lua.lua_sethook(thread, hook, lua.LUA_MASKCOUNT, 1);
    // Lua turns hooks off while one runs and turns them back on when it returns, or, after an
    // error, when a pcall catches it: in between runs xpcall's message handler, which would
    // then run uncounted (`xpcall(f, function() while true do end end)`). On again, the
    // handler fails at its first instruction too, until Lua gives up ("error in error handling").
    (thread as unknown as { allowhook: number }).allowhook = 1;
    lua.lua_pushstring(thread, luaString(SCRIPT_TOO_LONG));
    lua.lua_error(thread);
  };
  lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, HOOK_EVERY);
  stopScript = () => lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, 1);
}

/**
 * The most bytes one `string.rep` may make. It is one Lua instruction however long it runs, and
 * fengari (Lua in JavaScript) builds a string at about 0.2 s a megabyte here: `string.rep('x',
 * 1e8)` held the page for over a minute. Four values of the largest size a command takes.
 */
export const MAX_REP_BYTES = 4 * 1024 * 1024;

const group = (n: number) => n.toLocaleString('en-US');

const REP_REFUSED = 'ERR string.rep would make a string of ';
const CONCAT_REFUSED = "ERR '..' would make a string of ";
const TABLE_CONCAT_REFUSED = 'ERR table.concat would make a string of ';
const GSUB_REFUSED = 'ERR string.gsub would make a string of ';
const GSUB_MAY_REFUSED = 'ERR string.gsub may make a string of up to ';
const FORMAT_REFUSED = 'ERR string.format may make a string of up to ';
const SCRIPT_BYTES_REFUSED = 'ERR script made over ';
const CJSON_REFUSED = 'ERR cjson.encode would make a string of over ';
const STRUCT_REFUSED = 'ERR struct.pack would make a string of over ';
const CMSGPACK_REFUSED = 'ERR cmsgpack.pack would make a string of over ';
const DECODED_REFUSED = 'ERR script decoded over ';

/** Every refusal of a string too long starts with one of these. */
const TOO_LONG_STARTS = [
  REP_REFUSED,
  CONCAT_REFUSED,
  TABLE_CONCAT_REFUSED,
  GSUB_REFUSED,
  GSUB_MAY_REFUSED,
  FORMAT_REFUSED,
  SCRIPT_BYTES_REFUSED,
  CJSON_REFUSED,
  STRUCT_REFUSED,
  CMSGPACK_REFUSED,
  DECODED_REFUSED,
];

/**
 * The most bytes of strings one script may make in all (by `..`, table.concat and the string
 * library). Each call is bounded by {@link MAX_REP_BYTES}, but not a loop of them: sixteen
 * `big:upper()` of 4 MiB took 3 s here, and a thousand would have held the page for minutes,
 * within the instruction budget (a few instructions a turn).
 */
export const MAX_SCRIPT_STRING_BYTES = 32 * 1024 * 1024;

/** The bytes of strings the running script has made (reset as each script's state opens). */
let scriptBytes = 0;

/**
 * The most values `cjson.decode` and `cmsgpack.unpack` may make in one script. fengari makes a
 * table entry in microseconds: a 4 MiB JSON array of two million numbers held the page for 13 s
 * here, and a loop of such decodes is a few instructions a turn. Redis would make them.
 */
export const MAX_SCRIPT_DECODED_VALUES = 250_000;

/** The values the running script's decodes have made (reset as each script's state opens). */
let scriptValues = 0;

/**
 * Counts `values` more made by the running script's `cjson.decode` or `cmsgpack.unpack`; over
 * {@link MAX_SCRIPT_DECODED_VALUES}, the script stops, as for its bytes.
 */
function chargeValues(L: LuaState, values: number): void {
  scriptValues += values;
  if (scriptValues <= MAX_SCRIPT_DECODED_VALUES) return;
  stopScript?.();
  raiseOn(L)(
    `${DECODED_REFUSED}${group(MAX_SCRIPT_DECODED_VALUES)} values (cjson.decode, ` +
      "cmsgpack.unpack); this sandbox's Lua makes at most that in one script (fengari, the Lua " +
      'in JavaScript it runs scripts on, would hold the page for seconds making more; Redis ' +
      'would make them)',
  );
}

const scriptBytesRefusal = (): string =>
  `${SCRIPT_BYTES_REFUSED}${group(MAX_SCRIPT_STRING_BYTES)} bytes of strings; this sandbox's ` +
  'Lua makes at most that in one script (fengari, the Lua in JavaScript it runs scripts on, ' +
  'would hold the page for seconds making more; Redis would make them)';

/**
 * Counts `bytes` more made by the running script; over {@link MAX_SCRIPT_STRING_BYTES}, the
 * script stops: with an error now (`raise`), and at its next instruction if that is caught.
 */
function chargeBytes(bytes: number, raise: (message: string) => never): void {
  scriptBytes += bytes;
  if (scriptBytes <= MAX_SCRIPT_STRING_BYTES) return;
  stopScript?.();
  raise(scriptBytesRefusal());
}

/** The string library's functions that make a string no longer than their input's. */
const STRING_MAKERS = ['upper', 'lower', 'reverse', 'sub', 'char'];

/** The refusal of a string of `bytes`, which `start` says the making of. */
const longStringRefusal = (start: string, bytes: number): string =>
  `${start}${group(bytes)} bytes; this sandbox's Lua makes ` +
  `at most ${group(MAX_REP_BYTES)} in one call (fengari, the Lua in JavaScript it runs ` +
  'scripts on, would hold the page for seconds making it; Redis would make it)';

/** Raises the refusal of a string of `bytes`, which `start` says the making of. */
function refuseLongString(L: LuaState, start: string, bytes: number): never {
  lua.lua_checkstack(L, 1);
  lua.lua_pushstring(L, luaString(longStringRefusal(start, bytes)));
  return lua.lua_error(L);
}

/**
 * Puts `wrapper` in place of the library function `library.name`, which it gets as its upvalue
 * (to call once it has checked its arguments).
 */
function wrapLibraryFunction(
  L: LuaState,
  library: string,
  name: string,
  wrapper: (L: LuaState) => number,
): void {
  lua.lua_getglobal(L, luaString(library));
  if (lua.lua_istable(L, -1)) {
    lua.lua_getfield(L, -1, luaString(name));
    lua.lua_pushjsclosure(L, wrapper, 1);
    lua.lua_setfield(L, -2, luaString(name));
  }
  lua.lua_pop(L, 1);
}

/** Raises `message` as the script's error, from a library function running on `L`. */
const raiseOn =
  (L: LuaState) =>
  (message: string): never => {
    lua.lua_checkstack(L, 1);
    lua.lua_pushstring(L, luaString(message));
    return lua.lua_error(L);
  };

/**
 * `string.rep` (and `s:rep`, the same function) as Lua 5.1's, which Redis runs: the count cut
 * toward zero (`string.rep('a', 2.5)` is "aa"; Lua 5.3 raised "number has no integer
 * representation") and no separator (5.1 has none: `string.rep('ab', 2, ',')` is "abab").
 * Refused past {@link MAX_REP_BYTES}; made by copies that double, where fengari's own took a
 * second for 4 MiB.
 */
function rep(L: LuaState): number {
  const isCountable =
    (lua.lua_type(L, 1) === lua.LUA_TSTRING || lua.lua_type(L, 1) === lua.LUA_TNUMBER) &&
    lua.lua_type(L, 2) === lua.LUA_TNUMBER;
  if (!isCountable) {
    // Its own error for a wrong argument ("bad argument #2 to 'rep' (number expected ...").
    const argc = lua.lua_gettop(L);
    lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
    lua.lua_insert(L, 1);
    callOriginal51(L, argc, 1);
    return 1;
  }
  const count = Math.trunc(lua.lua_tonumber(L, 2));
  // A number is made its text in place, as string.rep itself would.
  const piece = lua.lua_tolstring(L, 1) as Uint8Array;
  const bytes = count > 0 ? count * piece.length : 0;
  if (bytes > MAX_REP_BYTES) refuseLongString(L, REP_REFUSED, bytes);
  if (scriptBytes > MAX_SCRIPT_STRING_BYTES) raiseOn(L)(scriptBytesRefusal());
  const out = new Uint8Array(bytes);
  if (bytes > 0) {
    out.set(piece);
    for (let filled = piece.length; filled < bytes; filled *= 2)
      out.copyWithin(filled, 0, Math.min(filled, bytes - filled));
  }
  lua.lua_pushstring(L, out);
  chargeBytes(bytes, raiseOn(L));
  return 1;
}

/**
 * Calls the library function `string.<name>` (the upvalue) with the arguments given and counts
 * the bytes of the strings it returns ({@link chargeBytes}); refused at once once the script's
 * bytes are spent. `string.format` is measured first: it may make more than its arguments (a
 * width), up to the sum of its arguments' text, its format's and 99 digits each.
 */
const charged =
  (isFormat: boolean) =>
  (L: LuaState): number => {
    if (scriptBytes > MAX_SCRIPT_STRING_BYTES) raiseOn(L)(scriptBytesRefusal());
    const argc = lua.lua_gettop(L);
    if (isFormat && lua.lua_type(L, 1) === lua.LUA_TSTRING && argc > 1) {
      let most = lua.lua_rawlen(L, 1);
      for (let i = 2; i <= argc; i++)
        most += (lua.lua_type(L, i) === lua.LUA_TSTRING ? lua.lua_rawlen(L, i) : 0) + 512;
      if (most > MAX_REP_BYTES) refuseLongString(L, FORMAT_REFUSED, most);
    }
    lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
    lua.lua_insert(L, 1);
    callOriginal51(L, argc, lua.LUA_MULTRET);
    let bytes = 0;
    for (let i = 1; i <= lua.lua_gettop(L); i++)
      if (lua.lua_type(L, i) === lua.LUA_TSTRING) bytes += lua.lua_rawlen(L, i);
    chargeBytes(bytes, raiseOn(L));
    return lua.lua_gettop(L);
  };

const PERCENT = 37;
const isDigit = (b: number) => b >= 48 && b <= 57;

/**
 * `string.gsub`, refused before it starts when it would make more than {@link MAX_REP_BYTES}:
 * one call, however many matches (`s:gsub('.', big)` multiplies), made a 16 MB string in 2 s,
 * and a larger one held the page. A replacement string is measured first (only when a bound
 * from the lengths alone is over the limit) by a gsub that replaces each match with nothing; a
 * function's or a table's replacements, which run the script's own code, are counted as made.
 */
function gsub(L: LuaState): number {
  if (scriptBytes > MAX_SCRIPT_STRING_BYTES) raiseOn(L)(scriptBytesRefusal());
  const argc = lua.lua_gettop(L);
  const isText = (i: number) =>
    lua.lua_type(L, i) === lua.LUA_TSTRING || lua.lua_type(L, i) === lua.LUA_TNUMBER;
  const callOriginal = (): number => {
    lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
    lua.lua_insert(L, 1);
    callOriginal51(L, argc, lua.LUA_MULTRET);
    if (lua.lua_type(L, 1) === lua.LUA_TSTRING) {
      const bytes = lua.lua_rawlen(L, 1);
      if (bytes > MAX_REP_BYTES) refuseLongString(L, GSUB_REFUSED, bytes);
      chargeBytes(bytes, raiseOn(L));
    }
    return lua.lua_gettop(L);
  };
  if (argc < 3 || !isText(1) || !isText(2)) return callOriginal();
  const subject = lua.lua_tolstring(L, 1) as Uint8Array;
  const replType = lua.lua_type(L, 3);
  if (replType === lua.LUA_TFUNCTION || replType === lua.LUA_TTABLE) {
    // The script's own function (or table) gives each replacement: counted as it comes.
    let made = 0;
    lua.lua_pushvalue(L, 3);
    lua.lua_pushjsclosure(
      L,
      (T) => {
        const n = lua.lua_gettop(T);
        lua.lua_pushvalue(T, lua.lua_upvalueindex(1));
        if (lua.lua_type(T, -1) === lua.LUA_TTABLE) {
          lua.lua_pushvalue(T, 1);
          lua.lua_gettable(T, -2);
          lua.lua_remove(T, -2);
        } else {
          lua.lua_insert(T, 1);
          lua.lua_call(T, n, 1);
        }
        if (lua.lua_type(T, -1) === lua.LUA_TSTRING || lua.lua_type(T, -1) === lua.LUA_TNUMBER) {
          made += (lua.lua_tolstring(T, -1) as Uint8Array).length;
          if (made > MAX_REP_BYTES) refuseLongString(T, GSUB_REFUSED, made);
        }
        return 1;
      },
      1,
    );
    lua.lua_replace(L, 3);
    return callOriginal();
  }
  if (!isText(3)) return callOriginal();
  const repl = lua.lua_tolstring(L, 3) as Uint8Array;
  let literal = 0;
  let wholes = 0;
  let captures = 0;
  for (let i = 0; i < repl.length; i++) {
    if (repl[i] === PERCENT && i + 1 < repl.length && isDigit(repl[i + 1])) {
      if (repl[++i] === 48) wholes++;
      else captures++;
    } else literal++;
  }
  const limit = lua.lua_type(L, 4) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, 4) : Infinity;
  const matches = Math.max(0, Math.min(limit, subject.length + 1));
  if (subject.length + matches * (literal + (wholes + captures) * subject.length) <= MAX_REP_BYTES)
    return callOriginal();
  // Measured by gsub itself, replacing each match with nothing: what is left and how many
  // matched. Each replacement is its literal bytes, a whole match for each %0, and for each
  // capture (%1 ...) at most the match it is in (or a position's digits).
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_pushvalue(L, 1);
  lua.lua_pushvalue(L, 2);
  lua.lua_pushliteral(L, '');
  if (argc >= 4) lua.lua_pushvalue(L, 4);
  else lua.lua_pushnil(L);
  // A malformed pattern is left to the call itself to refuse, as it does.
  if (lua.lua_pcall(L, 4, 2, 0) !== lua.LUA_OK) {
    lua.lua_pop(L, 1);
    return callOriginal();
  }
  const left = lua.lua_rawlen(L, -2);
  const count = lua.lua_tonumber(L, -1);
  lua.lua_pop(L, 2);
  const matched = subject.length - left;
  const bytes = left + count * (literal + 8 * captures) + (wholes + captures) * matched;
  if (bytes > MAX_REP_BYTES)
    refuseLongString(L, captures > 0 ? GSUB_MAY_REFUSED : GSUB_REFUSED, bytes);
  return callOriginal();
}

/**
 * Refuses a string the `..` operator makes of more than {@link MAX_REP_BYTES}: `s = s .. s` in
 * a loop doubles it at a few instructions a turn, so the budget never stopped it, and forty
 * turns held the thread for seconds before failing without a message. fengari's concatenation
 * builds the string whole and then stores it in its stack slot with `TValue.setsvalue` (which
 * only that and a number's conversion to text call), so the length is checked there: at most
 * one string of twice the limit is made before the refusal. It has no Lua state to raise a Lua
 * error on, so it throws a JavaScript error, which fails the script with the refusal
 * (`throwSandboxRefusal`). The class is reached through a value on a stack: fengari
 * exports no module that has it (importing its `lobject.js` directly broke the page's bundle,
 * which then loaded it before the modules it needs). Global to fengari in this thread, once.
 */
function boundConcatOperator(L: LuaState): void {
  if (isConcatBound) return;
  lua.lua_pushnil(L);
  const { stack, top } = L as unknown as { stack: object[]; top: number };
  const proto = Object.getPrototypeOf(stack[top - 1]) as LuaValueClass;
  lua.lua_pop(L, 1);
  if (typeof proto.setsvalue !== 'function') return;
  isConcatBound = true;
  // Lua 5.1's numbers (luaNumbers.ts), on the same class, once.
  numbersAsLua51(proto);
  const store = proto.setsvalue;
  proto.setsvalue = function (ts) {
    const bytes = ts.realstring.length;
    if (bytes > MAX_REP_BYTES) throwSandboxRefusal(longStringRefusal(CONCAT_REFUSED, bytes));
    store.call(this, ts);
    chargeBytes(bytes, throwSandboxRefusal);
  };
}

let isConcatBound = false;

/**
 * Refuses a `table.concat` that would make more than {@link MAX_REP_BYTES}, before it starts:
 * it is one instruction, and fengari grows its buffer by copies (a hundred strings of 4 MiB
 * took 18 s). The items are measured as table.concat reads them (`__index` and `__len` too, whose
 * Lua the budget counts); a list it would refuse (a table in it) is left to it.
 */
function tableConcat(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  if (lua.lua_type(L, 1) === lua.LUA_TTABLE) {
    const sep = lua.lua_type(L, 2) === lua.LUA_TSTRING ? lua.lua_rawlen(L, 2) : 0;
    const from = lua.lua_type(L, 3) === lua.LUA_TNUMBER ? Math.floor(lua.lua_tonumber(L, 3)) : 1;
    const last =
      lua.lua_type(L, 4) === lua.LUA_TNUMBER
        ? Math.floor(lua.lua_tonumber(L, 4))
        : lauxlib.luaL_len(L, 1);
    let bytes = 0;
    for (let i = from; i <= last; i++) {
      const type = lua.lua_geti(L, 1, i);
      if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER) {
        lua.lua_pop(L, 1);
        break;
      }
      if (type === lua.LUA_TNUMBER) lua.lua_tojsstring(L, -1);
      bytes += lua.lua_rawlen(L, -1) + (i > from ? sep : 0);
      lua.lua_pop(L, 1);
    }
    if (bytes > MAX_REP_BYTES) refuseLongString(L, TABLE_CONCAT_REFUSED, bytes);
  }
  if (scriptBytes > MAX_SCRIPT_STRING_BYTES) raiseOn(L)(scriptBytesRefusal());
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  callOriginal51(L, argc, 1);
  if (lua.lua_type(L, -1) === lua.LUA_TSTRING) chargeBytes(lua.lua_rawlen(L, -1), raiseOn(L));
  return 1;
}

/**
 * A script's error as Redis would send it: the budget's own (and a string refused as too long),
 * without ioredis-mock's prefix.
 * Other messages are handed on as they are.
 */
export function scriptErrorMessage(message: string): string {
  if (!message.startsWith(MOCK_SCRIPT_ERROR)) return message;
  if (message.endsWith(SCRIPT_TOO_LONG)) return SCRIPT_TOO_LONG;
  const rest = message.slice(MOCK_SCRIPT_ERROR.length);
  return TOO_LONG_STARTS.some((start) => rest.startsWith(start)) ? rest : message;
}
