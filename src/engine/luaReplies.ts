// How a script runs on its Lua state, hooked into ioredis-mock's `luaL_dostring`: the state's
// `redis` object made (luaRedisLibrary.ts), the script loaded as Redis 7 loads it (named
// `@user_script`, compiled once per server state), an error it raises worded as Redis words it,
// and its reply converted as Redis converts it (luaReplyConversion.ts) in the script's own state
// as it ends: ioredis-mock converted only plain lists (a table with other keys came back as a
// proxy of a closed state, and `return 1, 2` answered 2). The cache adapter takes that reply
// (`takeScriptReply`).
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fengari, { type LuaState } from 'fengari';
import { setScriptGlobals } from './luaGlobals';
import { asLua51Message, asLua51Source } from './lua51Source';
import { loadKept, whileRunning } from './luaScriptStates';
import {
  pushPlain,
  Refused,
  statusText,
  stringField,
  topReply,
  type ScriptReply,
} from './luaReplyConversion';
import { addRedisHelpers, asRedisLibrary } from './luaRedisLibrary';
import { jsErrorOf } from './luaRedisCall';

const { lua, lauxlib } = fengari;

/** What the last script that ran to its end in this thread answered, until taken. */
let lastReply: ScriptReply | undefined;

/**
 * The reply of the script that just ran (synchronously, in the call that sent it), once: the
 * mock's own conversion of it is to be ignored. Undefined when no script ran to its end.
 */
export function takeScriptReply(): ScriptReply | undefined {
  const reply = lastReply;
  lastReply = undefined;
  return reply;
}

/**
 * Wraps fengari's `luaL_dostring`, which ioredis-mock runs twice on each script's fresh state:
 * first its own chunk making the `redis` object (given `status_reply`, `error_reply` and a
 * `call` that answers TIME from the virtual clock here), then the script, whose reply is
 * converted as Redis converts it and kept for {@link takeScriptReply}. The script is loaded as
 * Redis 7 loads it, named `@user_script`, and an error it raises is worded as Redis words it
 * ({@link scriptError}); `isSandboxRefusal` tells the sandbox's own refusals (a budget spent),
 * which are handed on as they are.
 */
export function convertScriptReplies(
  setupStates: WeakMap<LuaState, boolean>,
  isSandboxRefusal: (message: string) => boolean,
): void {
  const dostring = lauxlib.luaL_dostring;
  lauxlib.luaL_dostring = (L, chunk) => {
    const isReused = setupStates.get(L);
    const isSetup = setupStates.delete(L);
    const before = lua.lua_gettop(L);
    if (isReused === true) {
      callTheMockAnew(L);
      return lua.LUA_OK;
    }
    if (isSetup) {
      // The mock's chunk makes a `redis` table whose call and pcall are replaced here: it is
      // made in JavaScript instead, not parsed on every script's state.
      const isMockRedisObject = fengari.to_jsstring(chunk).trim() === MOCK_REDIS_CHUNK;
      const status = isMockRedisObject ? lua.LUA_OK : dostring(L, chunk);
      if (isMockRedisObject) lua.lua_createtable(L, 0, 24);
      if (status === lua.LUA_OK) {
        addRedisHelpers(L);
        asRedisLibrary(L);
      }
      return status;
    }
    let source: Uint8Array | null = null;
    const loaded = loadKept(L, chunk, () => {
      source = asLua51Source(chunk);
      return lauxlib.luaL_loadbuffer(L, source, source.length, SCRIPT_NAME);
    });
    if (loaded !== lua.LUA_OK) {
      lastReply = {
        error: compileError(
          asLua51Message(lua.lua_tojsstring(L, -1) ?? '', source ?? asLua51Source(chunk)),
        ),
      };
      return loaded;
    }
    setScriptGlobals(L);
    thrownRefusal = null;
    let where: string | null = null;
    lua.lua_pushjsfunction(L, (T) => {
      where = userScriptLine(T);
      return 1;
    });
    lua.lua_insert(L, before + 1);
    const status = whileRunning(L, () => lua.lua_pcall(L, 0, lua.LUA_MULTRET, before + 1));
    lua.lua_remove(L, before + 1);
    if (status !== lua.LUA_OK) {
      lastReply = { error: scriptError(L, where, chunk, isSandboxRefusal) };
      return status;
    }
    try {
      lastReply =
        lua.lua_gettop(L) === before
          ? { value: null }
          : topReply(L, lua.lua_absindex(L, before + 1));
    } catch (e) {
      lastReply = { error: e instanceof Refused ? e.message : `ERR ${String(e)}` };
    }
    // The mock converts what is left on top: the reply as a plain list it converts as it is
    // (the adapter uses the reply kept here; a direct caller of the mock gets the same value).
    lua.lua_settop(L, before);
    pushPlain(L, lastReply !== undefined && 'value' in lastReply ? lastReply.value : null);
    return status;
  };
}

/**
 * Leaves on top of the stack of `L`, a server's state handed out again (luaScriptStates.ts), the
 * `redis` object made on it before, for the mock to set as the global it already is, its `call`
 * and `pcall` now sending to the global `call` the mock has just set (its connection's).
 */
function callTheMockAnew(L: LuaState): void {
  lua.lua_getglobal(L, fengari.to_luastring('call'));
  lua.lua_getglobal(L, fengari.to_luastring('redis'));
  for (const name of ['call', 'pcall']) {
    lua.lua_getfield(L, -1, fengari.to_luastring(name));
    lua.lua_pushvalue(L, -3);
    lua.lua_setupvalue(L, -2, 1);
    lua.lua_pop(L, 1);
  }
  lua.lua_remove(L, -2);
}

/**
 * ioredis-mock's chunk making a script's `redis` object (`defineRedisObject`), trimmed: its
 * `call` and `pcall` are replaced by {@link addRedisHelpers}, its `repair` global is hidden by the
 * script's view of the globals and its `unpack` is 5.1's ({@link asLua51Library}).
 */
export const MOCK_REDIS_CHUNK = `local redis = {}
    function repair(val)
      if val == nil then
        return false
      end
      return val
    end
    unpack = table.unpack
    redis.call = function(...)
        return repair(call(false, ...))
    end
    redis.pcall = function(...)
        return repair(call(true, ...))
    end
    return redis`;

/**
 * The sandbox's refusal last thrown as a JavaScript error where no Lua state was at hand (see
 * `boundConcatOperator` in luaBudget.ts): fengari hands a script's message handler such an
 * error as something else, so the refusal is taken from here. Cleared as each script starts.
 */

let thrownRefusal: string | null = null;

/** Throws the sandbox's `refusal` from where no Lua state is at hand; the script fails with it. */
export function throwSandboxRefusal(refusal: string): never {
  thrownRefusal = refusal;
  throw new Error(refusal);
}

/** The name Redis 7 gives a script's chunk: its messages say `user_script:3:`. */
const SCRIPT_NAME = fengari.to_luastring('@user_script');

/**
 * Where the script was when it raised an error, as Redis' error handler finds it: the innermost
 * frame of Lua code that is not the sandbox's own (`@user_script:3`, or a chunk the script
 * loaded, named by its text as Redis names it). Null when there is none.
 */
function userScriptLine(L: LuaState): string | null {
  const ar = new lua.lua_Debug();
  for (let level = 1; lua.lua_getstack(L, level, ar); level++) {
    lua.lua_getinfo(L, fengari.to_luastring('Sl'), ar);
    if (ar.source === null || ar.currentline <= 0) continue;
    const source = fengari.to_jsstring(ar.source);
    // The sandbox's own chunks (the globals' view, the 5.1 library) are not the script's.
    if (SANDBOX_CHUNKS.has(source)) continue;
    return `${source}:${ar.currentline}`;
  }
  return null;
}

/** Names of the chunks the sandbox runs on a script's state: never where a script failed. */
const SANDBOX_CHUNKS = new Set(['=globals', '=lua51']);

/** Redis 7's reply to a script that does not compile (its message in 5.1's words already). */
const compileError = (message: string): string =>
  `ERR Error compiling script (new function): ${message}`;

/**
 * Redis 7's reply to a script that raised `error` (on top of the stack): a table's `err` as it
 * is, anything else `ERR ` and its text, then which script and line (`script: <sha1>, on
 * @user_script:3.`). The sandbox's own refusals keep their wording.
 */

function scriptError(
  L: LuaState,
  line: string | null,
  chunk: Uint8Array,
  isSandboxRefusal: (message: string) => boolean,
): string {
  const type = lua.lua_type(L, -1);
  let message: string;
  if (type === lua.LUA_TTABLE) {
    const err = stringField(L, lua.lua_gettop(L), 'err');
    // Redis 7.0 has no message for a table without `err` (the server crashed on `error({})`).
    if (err === null) return 'ERR the script raised a table with no err field as its error';
    message = statusText(err);
  } else if (type === lua.LUA_TSTRING || type === lua.LUA_TNUMBER) {
    const text = asLua51Message(lua.lua_tojsstring(L, -1));
    if (isSandboxRefusal(text)) return text;
    message = `ERR ${text}`;
  } else if (type === lua.LUA_TNIL || type === lua.LUA_TNONE) message = 'ERR nil';
  else if (type === lua.LUA_TBOOLEAN) message = `ERR ${String(lua.lua_toboolean(L, -1))}`;
  else {
    const text =
      jsErrorOf(L, -1)?.message ?? thrownRefusal ?? 'a script error that is not a string';
    if (isSandboxRefusal(text)) return text;
    message = `ERR ${text}`;
  }
  if (line === null) return message;
  return `${message} script: ${bytesToHex(sha1(chunk))}, on ${line}.`;
}
