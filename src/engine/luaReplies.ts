// A script's reply as Redis 7 makes it from the Lua value the script returns. ioredis-mock
// converts only plain lists: a table with other keys came back as a proxy of a Lua state already
// closed, `{1, 2, nil, 4}` and `{err = 'boom'}` with it, and `return 1, 2` answered 2. Redis
// takes the first value returned and converts a table by its fields (err, ok, double ...), else
// by its array part up to the first nil. This converts the value in the script's own state, as
// the script ends, and the cache adapter hands that reply on (see `takeScriptReply`).
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fengari, { type LuaState } from 'fengari';
import type { RedisReply } from './redisCli';
import { asLua51Library, intArgument, raiseWhere, setScriptGlobals } from './luaGlobals';
import { asLua51Message, asLua51Source } from './lua51Source';
import { asOneCall51 } from './luaCallDepth';
import { Lrand48, luaCheckInt } from './luaRandom';
import { loadKept, whileRunning } from './luaScriptStates';
import { asciiLower, asciiUpper, unixTimeReply } from './redisCommandKit';
import {
  lookupRedis7Command,
  REDIS_7_COMMAND_NAMES,
  REDIS_7_NOSCRIPT_COMMANDS,
  REDIS_7_NOSCRIPT_CONTAINERS,
} from './redisCommandNames';
import { REDIS_7_HELP } from './redisHelpTexts';
import { CLUSTER_COMMANDS, CLUSTER_DISABLED, COMMANDS } from './redisCommandSpecs';

const { lua, lauxlib } = fengari;

/** A script's reply as Redis would send it: a value as ioredis hands it over, or an error reply. */
export type ScriptReply = { value: unknown } | { error: string };

/** How deep a reply's tables may nest here before it is refused (a table holding itself). */
export const MAX_REPLY_DEPTH = 100;

export const REPLY_TOO_DEEP =
  `ERR this sandbox hands over a script's reply nested at most ${MAX_REPLY_DEPTH} tables deep ` +
  '(does a table hold itself?)';

/**
 * The refusal of a reply holding an error reply inside a list, saying what Redis 7 sends for it
 * (`sent`, as {@link describeReply} writes it).
 */
export const nestedErrorRefused = (sent: string): string =>
  `ERR this sandbox cannot hand your code a list with an error reply ({err = ...}) inside it, as ioredis would (an Error among the items); Redis 7 sends ${sent}: return the error itself, or raise it with error('...')`;

/** An error reply inside a list, kept while the reply is converted (see {@link nestedErrorRefused}). */
class NestedError {
  constructor(readonly text: string) {}
}

/**
 * A converted reply as redis-cli would show it on one line: `[(integer) 1, (error) x, "a"]`.
 * A status (`{ok = ...}`) is shown as its text, quoted as a string is.
 */
export function describeReply(value: unknown): string {
  if (value instanceof NestedError) return `(error) ${value.text}`;
  if (Array.isArray(value)) return `[${value.map(describeReply).join(', ')}]`;
  if (typeof value === 'number') return `(integer) ${value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return '(nil)';
}

const holdsNestedError = (value: unknown): boolean =>
  value instanceof NestedError || (Array.isArray(value) && value.some(holdsNestedError));

const WRONG_ARGS = 'ERR wrong number or type of arguments';

/** What the last script that ran to its end in this thread answered, until taken. */
let lastReply: ScriptReply | undefined;

/** The virtual clock a script's `redis.call('TIME')` reads, while its command runs. */
let scriptClock: (() => number) | null = null;

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
 * Runs `send` (a command that may run a script) with `redis.call('TIME')` answering from
 * `nowMs`, the virtual clock: the mock's TIME reads the wall clock, so a script asking for the
 * time answered differently on every run and every replay.
 */
export function withScriptClock<T>(nowMs: () => number, send: () => T): T {
  const before = scriptClock;
  scriptClock = nowMs;
  try {
    return send();
  } finally {
    scriptClock = before;
  }
}

class Refused extends Error {}

/**
 * Runs a command a script sends through the sandbox's command layer (as Redis 7 answers it),
 * while its script runs; null: the mock answers every command.
 */
let scriptCommand: ((argv: string[]) => RedisReply) | null = null;

/**
 * Commands a script's `redis.call` and `redis.pcall` send through {@link scriptCommand} rather
 * than to the mock: every command the console runs, as Redis 7 runs it, but TIME (answered here
 * from the virtual clock), CONFIG (Redis refuses it in a script, all but its HELP: see
 * {@link notRunHere}) and HELP (the console's own).
 * The mock is lenient where Redis raises: INCR of `abc` answered nil (Redis: not an integer),
 * HSET on a string key 1 and GET of a hash nil (WRONGTYPE), `SET k v EX 0` OK, `FLUSHALL x` OK
 * (a syntax error), and its INCRBYFLOAT added in double precision where redis-server on x86-64
 * uses C's long double. A FLUSHALL, RENAME or COPY a script sends changes keys through the
 * layer, so the adapter hears of the keys it touched, as of a console's.
 */
const LAYER_COMMANDS: ReadonlySet<string> = new Set(
  [...COMMANDS.keys()].filter(
    // UNSUBSCRIBE and its kin: Redis refuses them in a script (`notRunHere`).
    (name) =>
      !['TIME', 'CONFIG', 'HELP'].includes(name) &&
      !REDIS_7_NOSCRIPT_COMMANDS.has(name.toLowerCase()),
  ),
);

const NOT_ALLOWED_FROM_SCRIPT = 'ERR This Redis command is not allowed from script';
const WRONG_SCRIPT_ARGS = 'ERR Wrong number of args calling Redis command from script';

/**
 * What Redis 7 answers a script's command the console does not run, in its order: a name it
 * does not know, or a container's subcommand it does not know, is an unknown command; then the
 * arity (of the subcommand, for a container); then a command it does not allow in a script
 * (every subcommand of the containers in {@link REDIS_7_NOSCRIPT_CONTAINERS} but HELP). A
 * container's HELP is Redis' own text, as the console answers it (`CONFIG HELP` was refused
 * here, though Redis lets a script send it), and a cluster node's command Redis' refusal of it
 * on a server that is none. Else it says the sandbox does not run it. The mock answered these
 * unchecked: `ZADD` on a string key `ERR map.has is not a function`, a `SUBSCRIBE` left the
 * connection able to send nothing else, `SELECT` was unknown. `sub` is the second argument, if
 * any.
 */
function notRunHere(name: string, argc: number, sub: string | null): RedisReply {
  const lower = asciiLower(name);
  // Only the name, the subcommand and the count of words matter to the lookup.
  const rest = Array<string>(Math.max(0, argc - 2)).fill('');
  const lookup = lookupRedis7Command([lower, ...(sub === null ? [] : [sub]), ...rest]);
  if (lookup === undefined || lookup.refusal === 'unknown subcommand')
    return { error: 'ERR Unknown Redis command called from script' };
  if (lookup.refusal === 'arity') return { error: WRONG_SCRIPT_ARGS };
  if (
    REDIS_7_NOSCRIPT_COMMANDS.has(lower) ||
    REDIS_7_NOSCRIPT_COMMANDS.has(lookup.name) ||
    (REDIS_7_NOSCRIPT_CONTAINERS.has(lower) && !lookup.name.endsWith('|help'))
  )
    return { error: NOT_ALLOWED_FROM_SCRIPT };
  const help = lookup.name === `${lower}|help` ? REDIS_7_HELP.get(lower) : undefined;
  if (help !== undefined) return help.map((line) => ({ status: line }));
  if (CLUSTER_COMMANDS.has(name)) return { error: CLUSTER_DISABLED };
  return {
    error: `ERR ${name} is not supported in this sandbox: a script may call the commands the Redis console's HELP lists`,
  };
}

/**
 * Runs `send` (a command that may run a script) with the script's commands of
 * {@link LAYER_COMMANDS} answered by `run`, the command layer on the same keyspace, and its
 * `math.random` drawing from `random`, the server's one generator.
 */
export function withScriptCommands<T>(
  run: (argv: string[]) => RedisReply,
  random: Lrand48,
  send: () => T,
): T {
  const before = scriptCommand;
  const randomBefore = scriptRandom;
  scriptCommand = run;
  scriptRandom = random;
  try {
    return send();
  } finally {
    scriptCommand = before;
    scriptRandom = randomBefore;
  }
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

/** Whether a script sent now runs on a server's keyspace ({@link withScriptCommands}). */
export const isServerScript = (): boolean => scriptCommand !== null;

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

/** Lua 5.1's library ({@link asLua51Library}) with Redis' `error`, `math.random` and `randomseed`. */
function asRedisLibrary(L: LuaState): void {
  const top = lua.lua_gettop(L);
  asLua51Library(L);
  // 5.1's error: a number raised at a level gets the position too (error(42) is
  // 'user_script:1: 42'); 5.3's left it bare. A JavaScript function, as 5.1's is a C one: a Lua
  // wrapper called as \`return error(...)\` would be a tail call, and the script's line gone.
  lua.lua_pushjsfunction(L, luaError51);
  lua.lua_setglobal(L, fengari.to_luastring('error'));
  // Redis' math.random and math.randomseed, on the server's one generator (read as each call
  // runs: a server's state serves its scripts after), or the state's own outside a server.
  const own = new Lrand48();
  lua.lua_getglobal(L, fengari.to_luastring('math'));
  lua.lua_pushjsfunction(L, (T) => mathRandom(T, scriptRandom ?? own));
  lua.lua_setfield(L, -2, fengari.to_luastring('random'));
  lua.lua_pushjsfunction(L, (T) => {
    (scriptRandom ?? own).seed(intArgument(T, 1));
    return 0;
  });
  lua.lua_setfield(L, -2, fengari.to_luastring('randomseed'));
  // The mock reads the redis object its chunk left on top.
  lua.lua_settop(L, top);
}

/** The sandbox's own functions between a script and one it calls (its `pcall`): no level of 5.1's. */
const sandboxFrames = new WeakSet<object>();

/** The level of the stack that is Lua 5.1's `level` (1 the caller), the sandbox's frames skipped. */
function levelAsLua51(L: LuaState, level: number): number {
  const ar = new lua.lua_Debug();
  let seen = 0;
  let at = 0;
  while (seen < level && lua.lua_getstack(L, at + 1, ar)) {
    at++;
    lua.lua_getinfo(L, fengari.to_luastring('f'), ar);
    if (!sandboxFrames.has(lua.lua_topointer(L, -1) as object)) seen++;
    lua.lua_pop(L, 1);
  }
  // Past the script's chunk: Redis' C caller, where no line is given, as none is past the stack.
  return seen === level ? at : at + 1;
}

/** Lua 5.1's `error(message [, level])` (luaB_error). */
function luaError51(L: LuaState): number {
  const level = lua.lua_type(L, 2) <= 0 ? 1 : luaCheckInt(lua.lua_tonumber(L, 2));
  lua.lua_settop(L, 1);
  const type = lua.lua_type(L, 1);
  if ((type === lua.LUA_TSTRING || type === lua.LUA_TNUMBER) && level > 0) {
    lauxlib.luaL_where(L, levelAsLua51(L, level));
    lua.lua_pushvalue(L, 1);
    lua.lua_concat(L, 2);
  }
  return lua.lua_error(L);
}

/**
 * `math.random` as Redis builds it (`redis_math_random`, from Lua 5.1's): the draw comes before
 * the arguments are checked, and its errors are Lua 5.1's, naming the script's line.
 */
function mathRandom(L: LuaState, random: Lrand48): number {
  const argc = lua.lua_gettop(L);
  const r = (random.next() % 2_147_483_647) / 2_147_483_647;
  if (argc === 0) lua.lua_pushnumber(L, r);
  else if (argc === 1) {
    const u = intArgument(L, 1);
    if (u < 1) raiseWhere(L, "bad argument #1 to 'random' (interval is empty)");
    lua.lua_pushnumber(L, Math.floor(r * u) + 1);
  } else if (argc === 2) {
    const l = intArgument(L, 1);
    const u = intArgument(L, 2);
    if (l > u) raiseWhere(L, "bad argument #2 to 'random' (interval is empty)");
    // C's int arithmetic: the span of the whole int range wraps to 0, as on Redis.
    lua.lua_pushnumber(L, Math.floor(r * ((u - l + 1) | 0)) + l);
  } else raiseWhere(L, 'wrong number of arguments');
  return 1;
}

/** The server's script generator while a script runs (see {@link withScriptCommands}). */
let scriptRandom: Lrand48 | null = null;

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

/**
 * A JavaScript error the mock threw: fengari-interop (which the mock loads) hands it over as a
 * userdata holding it in `data`. Null for any other value.
 */
function jsErrorOf(L: LuaState, index: number): Error | null {
  if (lua.lua_type(L, index) !== lua.LUA_TUSERDATA) return null;
  const data = (lua.lua_touserdata(L, index) as { data?: unknown } | null)?.data;
  return data instanceof Error ? data : null;
}

/** Pushes a converted reply back as a Lua value (a nil in a list as false, which the mock keeps). */
function pushPlain(L: LuaState, value: unknown): void {
  if (typeof value === 'number') lua.lua_pushnumber(L, value);
  else if (typeof value === 'string') lua.lua_pushstring(L, fengari.to_luastring(value));
  else if (Array.isArray(value)) {
    lua.lua_checkstack(L, 2);
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      if (item === null) lua.lua_pushboolean(L, false);
      else pushPlain(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else lua.lua_pushnil(L);
}

function topReply(L: LuaState, index: number): ScriptReply {
  if (lua.lua_type(L, index) === lua.LUA_TTABLE) {
    const err = stringField(L, index, 'err');
    if (err !== null) return { error: statusText(err) };
  }
  const value = reply(L, index, 0);
  if (holdsNestedError(value)) throw new Refused(nestedErrorRefused(describeReply(value)));
  return { value };
}

/** One Lua value as Redis converts it (RESP2), and as ioredis then hands it over. */
function reply(L: LuaState, index: number, depth: number): unknown {
  switch (lua.lua_type(L, index)) {
    case lua.LUA_TSTRING:
      return replyText(L, index);
    case lua.LUA_TNUMBER:
      return integerOf(lua.lua_tonumber(L, index));
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, index) ? 1 : null;
    case lua.LUA_TTABLE:
      return tableReply(L, index, depth);
    default:
      // nil, and what has no reply (a function, a coroutine): a nil reply, as in Redis.
      return null;
  }
}

function tableReply(L: LuaState, index: number, depth: number): unknown {
  if (depth >= MAX_REPLY_DEPTH || !lua.lua_checkstack(L, 4)) throw new Refused(REPLY_TOO_DEEP);
  // Only a list's item gets here: a script's own {err = ...} is its error reply (topReply).
  const err = stringField(L, index, 'err');
  if (err !== null) return new NestedError(statusText(err));
  const ok = stringField(L, index, 'ok');
  if (ok !== null) return statusText(ok);
  const double = numberField(L, index, 'double');
  if (double !== null) return formatDouble(double);
  const big = stringField(L, index, 'big_number');
  if (big !== null) return big;
  const items: unknown[] = [];
  // RESP3's map and set, as Redis sends them to a RESP2 client: key and value, or the key alone.
  for (const field of ['map', 'set'] as const) {
    lua.lua_pushliteral(L, field);
    if (lua.lua_rawget(L, index) === lua.LUA_TTABLE) {
      const table = lua.lua_gettop(L);
      lua.lua_pushnil(L);
      while (lua.lua_next(L, table) !== 0) {
        lua.lua_pushvalue(L, -2);
        items.push(reply(L, lua.lua_gettop(L), depth + 1));
        lua.lua_pop(L, 1);
        if (field === 'map') items.push(reply(L, lua.lua_gettop(L), depth + 1));
        lua.lua_pop(L, 1);
      }
      lua.lua_pop(L, 1);
      return items;
    }
    lua.lua_pop(L, 1);
  }
  const verbatim = verbatimString(L, index);
  if (verbatim !== null) return verbatim;
  // The array part, up to its first nil: {1, 2, nil, 4} is [1, 2], {a = 1} is [].
  for (let i = 1; ; i++) {
    if (lua.lua_rawgeti(L, index, i) === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      return items;
    }
    items.push(reply(L, lua.lua_gettop(L), depth + 1));
    lua.lua_pop(L, 1);
  }
}

function stringField(L: LuaState, index: number, name: string): string | null {
  lua.lua_pushliteral(L, name);
  const text = lua.lua_rawget(L, index) === lua.LUA_TSTRING ? replyText(L, -1) : null;
  lua.lua_pop(L, 1);
  return text;
}

const utf8Text = new TextDecoder();
const utf8Only = new TextDecoder('utf-8', { fatal: true });

/**
 * A Lua string of the reply as ioredis hands it over: its bytes read as UTF-8, each byte that is
 * not UTF-8 one U+FFFD (WHATWG's decoder, as Node's). fengari's own decoder took a bad lead
 * byte's next byte with it: `'\207\0\32'` came as "\uFFFD " where ioredis gives "\uFFFD\0 ".
 */
function replyText(L: LuaState, index: number): string {
  return utf8Text.decode(lua.lua_tolstring(L, index) ?? new Uint8Array(0));
}

/** Whether the Lua string at `index` holds bytes that are not UTF-8 (a number's text is). */
function isNotText(L: LuaState, index: number): boolean {
  if (lua.lua_type(L, index) !== lua.LUA_TSTRING) return false;
  const bytes = lua.lua_tolstring(L, index) ?? new Uint8Array(0);
  // Most arguments are ASCII: decode only a string with a byte past it.
  if (bytes.every((b) => b < 0x80)) return false;
  try {
    utf8Only.decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/**
 * The refusal of a known command whose argument (after its name) is bytes that are not UTF-8:
 * Redis takes any bytes, the page keeps text, and fengari's decoder would change them (a
 * script's `SET` stored U+FFFD's three bytes for each bad one). Null when every one is text.
 */
function notTextProblem(L: LuaState, argc: number, name: string): string | null {
  const lower = asciiLower(name);
  if (!REDIS_7_COMMAND_NAMES.has(lower)) return null;
  for (let i = 2; i <= argc; i++)
    if (isNotText(L, i))
      return `ERR this sandbox stores text: argument ${i - 1} of '${lower}' is bytes that are not valid UTF-8 (Redis would take them as they are)`;
  return null;
}

function numberField(L: LuaState, index: number, name: string): number | null {
  lua.lua_pushliteral(L, name);
  const n = lua.lua_rawget(L, index) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : null;
  lua.lua_pop(L, 1);
  return n;
}

function verbatimString(L: LuaState, index: number): string | null {
  lua.lua_pushliteral(L, 'verbatim_string');
  let text: string | null = null;
  if (lua.lua_rawget(L, index) === lua.LUA_TTABLE) {
    const table = lua.lua_gettop(L);
    if (stringField(L, table, 'format') !== null) text = stringField(L, table, 'string');
  }
  lua.lua_pop(L, 1);
  return text;
}

/** A status or error text as Redis sends it: up to a NUL (a C string), CR and LF as spaces. */
const statusText = (s: string): string => {
  const end = s.indexOf('\0');
  return (end < 0 ? s : s.slice(0, end)).replace(/[\r\n]/g, ' ');
};

const INT64_MIN = -(2 ** 63);

/** Lua's number as Redis' integer reply: cut toward zero; out of range (or NaN) is INT64_MIN. */
function integerOf(n: number): number {
  if (!(n >= INT64_MIN && n < 2 ** 63)) return INT64_MIN;
  return Math.trunc(n) || 0;
}

/** A double as Redis writes it for a RESP2 client: C's `%.17g`. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return '-nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mantissa, exp] = d.toExponential(16).split('e');
  const e = Number(exp);
  const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (e < -4 || e >= 17) {
    const sign = e < 0 ? '-' : '+';
    return `${trim(mantissa)}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return trim(d.toFixed(Math.max(0, 16 - e)));
}

/**
 * Gives the `redis` object the mock's chunk returned (on top of the stack) Redis' reply helpers,
 * and puts a `call` that answers TIME from the virtual clock before the mock's.
 */
function addRedisHelpers(L: LuaState): void {
  if (!lua.lua_istable(L, -1)) return;
  lua.lua_pushjsfunction(L, (T) => replyTable(T, 'ok', (s) => s));
  lua.lua_setfield(L, -2, fengari.to_luastring('status_reply'));
  lua.lua_pushjsfunction(L, (T) => replyTable(T, 'err', errorReplyText));
  lua.lua_setfield(L, -2, fengari.to_luastring('error_reply'));
  addRedisLibrary(L);
  if (lua.lua_getglobal(L, fengari.to_luastring('call')) !== lua.LUA_TFUNCTION) {
    lua.lua_pop(L, 1);
    return;
  }
  // The mock's own redis.call and redis.pcall are Lua functions that look up the global `call`
  // and tail-call: an error they raise at a script's `return redis.call(...)` had no line of
  // the script left to name. Redis' are C functions, as these are.
  lua.lua_pushvalue(L, -1);
  lua.lua_pushjsclosure(L, callWithTime, 1);
  lua.lua_setglobal(L, fengari.to_luastring('call'));
  for (const [name, isPcall] of [
    ['call', false],
    ['pcall', true],
  ] as const) {
    lua.lua_pushvalue(L, -1);
    lua.lua_pushjsclosure(L, (T) => redisCall(T, isPcall), 1);
    lua.lua_setfield(L, -3, fengari.to_luastring(name));
  }
  lua.lua_pop(L, 1);
  // Redis' pcall hands over an error raised as a table (redis.call's) as its `err` text.
  if (lua.lua_getglobal(L, fengari.to_luastring('pcall')) === lua.LUA_TFUNCTION) {
    lua.lua_pushjsclosure(L, pcallAsRedis, 1);
    sandboxFrames.add(lua.lua_topointer(L, -1) as object);
    lua.lua_setglobal(L, fengari.to_luastring('pcall'));
  } else lua.lua_pop(L, 1);
}

/** The Redis version a script reads (`redis.REDIS_VERSION`): the one the sandbox answers as. */
const REDIS_VERSION = '7.0.15';

/**
 * The rest of Redis 7's `redis` library, on the table on top of the stack: the mock has none of
 * it, so `redis.sha1hex('')` failed with `attempt to call a nil value (field 'sha1hex')` and
 * `redis.REDIS_VERSION` was nil. Each checks its arguments as Redis does, raising its error.
 * `redis.log` writes nowhere (this sandbox has no server log), `set_repl` and
 * `replicate_commands` have nothing to replicate to, `breakpoint` and `debug` no debugger, and
 * `setresp(3)` is refused: a script's replies here are RESP2's.
 */
function addRedisLibrary(L: LuaState): void {
  const constants: [string, number][] = [
    ['LOG_DEBUG', 0],
    ['LOG_VERBOSE', 1],
    ['LOG_NOTICE', 2],
    ['LOG_WARNING', 3],
    ['REPL_NONE', 0],
    ['REPL_AOF', 1],
    ['REPL_SLAVE', 2],
    ['REPL_REPLICA', 2],
    ['REPL_ALL', 3],
  ];
  for (const [name, value] of constants) {
    lua.lua_pushinteger(L, value);
    lua.lua_setfield(L, -2, fengari.to_luastring(name));
  }
  lua.lua_pushstring(L, fengari.to_luastring(REDIS_VERSION));
  lua.lua_setfield(L, -2, fengari.to_luastring('REDIS_VERSION'));
  const [major, minor, patch] = REDIS_VERSION.split('.').map(Number);
  lua.lua_pushinteger(L, (major << 16) | (minor << 8) | patch);
  lua.lua_setfield(L, -2, fengari.to_luastring('REDIS_VERSION_NUM'));
  const functions: [string, (T: LuaState) => number][] = [
    ['sha1hex', sha1hex],
    ['log', redisLog],
    ['set_repl', setRepl],
    ['replicate_commands', (T) => pushBoolean(T, true)],
    ['breakpoint', (T) => pushBoolean(T, false)],
    ['debug', () => 0],
    ['setresp', setResp],
    ['acl_check_cmd', aclCheckCmd],
  ];
  for (const [name, fn] of functions) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, fengari.to_luastring(name));
  }
}

function pushBoolean(L: LuaState, b: boolean): number {
  lua.lua_pushboolean(L, b);
  return 1;
}

/** `redis.sha1hex(s)`: the SHA1 of its one argument's bytes (anything but a string or number is ''). */
function sha1hex(L: LuaState): number {
  if (lua.lua_gettop(L) !== 1) raiseTable(L, 'ERR wrong number of arguments');
  const bytes = lua.lua_tolstring(L, 1) ?? new Uint8Array(0);
  lua.lua_pushstring(L, fengari.to_luastring(bytesToHex(sha1(bytes))));
  return 1;
}

/** `redis.log(level, message ...)`: checked as Redis checks it; this sandbox keeps no log. */
function redisLog(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  if (argc < 2) raiseTable(L, 'ERR redis.log() requires two arguments or more.');
  if (lua.lua_type(L, 1) !== lua.LUA_TNUMBER)
    raiseTable(L, 'ERR First argument must be a number (log level).');
  const level = lua.lua_tonumber(L, 1);
  if (level < 0 || level > 3) raiseTable(L, 'ERR Invalid debug level.');
  return 0;
}

/** `redis.set_repl(flags)`: checked as Redis checks it (its message says "two arguments"). */
function setRepl(L: LuaState): number {
  if (lua.lua_gettop(L) !== 1) raiseTable(L, 'ERR redis.set_repl() requires two arguments.');
  const flags = lua.lua_tonumber(L, 1);
  if (!(flags >= 0 && flags <= 3))
    raiseTable(
      L,
      'ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.',
    );
  return 0;
}

/** `redis.setresp(2)` is what a script has already; RESP3's replies are not made here. */
function setResp(L: LuaState): number {
  if (lua.lua_gettop(L) !== 1) raiseTable(L, 'ERR redis.setresp() requires one argument.');
  const resp = lua.lua_tonumber(L, 1);
  if (resp !== 2 && resp !== 3) raiseTable(L, 'ERR RESP version must be 2 or 3.');
  if (resp === 3)
    raiseTable(
      L,
      "ERR redis.setresp(3) is not supported in this sandbox: a script's redis.call replies are RESP2's here",
    );
  return 0;
}

/** `redis.acl_check_cmd(name, ...)`: the one user here may run every command Redis knows. */
function aclCheckCmd(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  if (argc === 0) raiseTable(L, 'ERR Please specify at least one argument for this redis lib call');
  for (let i = 1; i <= argc; i++) {
    const type = lua.lua_type(L, i);
    if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER)
      raiseTable(L, 'ERR Lua redis lib command arguments must be strings or integers');
  }
  if (!REDIS_7_COMMAND_NAMES.has(asciiLower(lua.lua_tojsstring(L, 1))))
    raiseTable(L, 'ERR Invalid command passed to redis.acl_check_cmd()');
  return pushBoolean(L, true);
}

/** Lua's pcall, with an error table caught given as its `err` text, as Redis' pcall does. */
function pcallAsRedis(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  asOneCall51(L, () => lua.lua_call(L, argc, lua.LUA_MULTRET));
  const results = lua.lua_gettop(L);
  if (results >= 2 && !lua.lua_toboolean(L, 1) && lua.lua_type(L, 2) === lua.LUA_TTABLE) {
    const err = stringField(L, 2, 'err');
    if (err !== null) {
      lua.lua_pushstring(L, fengari.to_luastring(err));
      lua.lua_replace(L, 2);
    }
  }
  return results;
}

/**
 * `redis.call(...)` or `redis.pcall(...)`: its arguments and argument count checked as Redis 7
 * checks them (against the console's command table), then a command of {@link LAYER_COMMANDS}
 * runs through the command layer, any other is the mock's call, with a nil reply as `false`.
 */
function redisCall(L: LuaState, isPcall: boolean): number {
  const argc = lua.lua_gettop(L);
  const name = lua.lua_type(L, 1) === lua.LUA_TSTRING ? asciiUpper(lua.lua_tojsstring(L, 1)) : '';
  if (argc > 0) {
    const problem = argumentProblem(L, argc, name) ?? notTextProblem(L, argc, name);
    if (problem !== null) return scriptFailure(L, isPcall, problem);
  }
  if (scriptCommand !== null && argc > 0) {
    if (LAYER_COMMANDS.has(name)) return callThroughLayer(L, isPcall, scriptCommand);
    if (name !== 'TIME') {
      const sub = argc > 1 ? lua.lua_tojsstring(L, 2) : null;
      const reply = notRunHere(name, argc, sub);
      if (typeof reply === 'object' && reply !== null && 'error' in reply)
        return scriptFailure(L, isPcall, reply.error);
      pushLayerReply(L, reply);
      return 1;
    }
  }
  lua.lua_pushboolean(L, isPcall);
  lua.lua_insert(L, 1);
  if (callWithTime(L) > 0 && !lua.lua_isnil(L, -1)) return 1;
  lua.lua_pushboolean(L, false);
  return 1;
}

/**
 * What Redis 7 raises before running a script's command: an argument that is neither a string
 * nor a number, then a count its command table refuses (the mock answered `GET` with no key
 * nil, `SET k` OK). Null when it may run.
 */
function argumentProblem(L: LuaState, argc: number, name: string): string | null {
  for (let i = 1; i <= argc; i++) {
    const type = lua.lua_type(L, i);
    if (type !== lua.LUA_TSTRING && type !== lua.LUA_TNUMBER)
      return 'ERR Lua redis lib command arguments must be strings or integers';
  }
  const spec = COMMANDS.get(name);
  if (spec === undefined || spec.isConsoleOnly === true) return null;
  const isWrong = spec.arity >= 0 ? argc !== spec.arity : argc < -spec.arity;
  if (isWrong) return WRONG_SCRIPT_ARGS;
  // A container the console runs (OBJECT FREQ): its subcommand as Redis looks it up, in a
  // script's words (the layer's are the console's: `ERR unknown subcommand ...`).
  if (argc < 2) return null;
  const rest = Array<string>(argc - 2).fill('');
  // lua_tojsstring would turn a number into a string on the stack: read a number as one (no
  // subcommand is named by digits).
  const sub =
    lua.lua_type(L, 2) === lua.LUA_TSTRING
      ? lua.lua_tojsstring(L, 2)
      : String(lua.lua_tonumber(L, 2));
  const lookup = lookupRedis7Command([asciiLower(name), sub, ...rest]);
  if (lookup?.refusal === 'unknown subcommand')
    return 'ERR Unknown Redis command called from script';
  return lookup?.refusal === 'arity' ? WRONG_SCRIPT_ARGS : null;
}

/** A command's error: raised by `redis.call` as `{err = ...}`, returned so by `redis.pcall`. */
function scriptFailure(L: LuaState, isPcall: boolean, error: string): number {
  if (!isPcall) raiseTable(L, error);
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, fengari.to_luastring(error));
  lua.lua_setfield(L, -2, fengari.to_luastring('err'));
  return 1;
}

/** `redis.status_reply(s)` is `{ok = s}`, `redis.error_reply(s)` `{err = ...}`, as in Redis. */
function replyTable(L: LuaState, field: 'ok' | 'err', text: (s: string) => string): number {
  // Called wrongly, Redis' helpers return this error rather than raise it.
  const isWrong = lua.lua_gettop(L) !== 1 || lua.lua_type(L, 1) !== lua.LUA_TSTRING;
  const s = isWrong ? WRONG_ARGS : text(replyText(L, 1));
  if (isWrong) field = 'err';
  lua.lua_createtable(L, 0, 1);
  // A status keeps the script's own bytes, as Redis' does; an error's text is rewritten.
  if (!isWrong && field === 'ok') lua.lua_pushvalue(L, 1);
  else lua.lua_pushstring(L, fengari.to_luastring(s));
  lua.lua_setfield(L, -2, fengari.to_luastring(field));
  return 1;
}

/** Redis' error_reply: "-CODE msg" keeps its code, anything else gets ERR; no trailing CR LF. */
function errorReplyText(text: string): string {
  const s = text.startsWith('-') ? text : `-${text}`;
  const space = s.indexOf(' ');
  const [code, message] = space < 0 ? ['ERR', s.slice(1)] : [s.slice(1, space), s.slice(space + 1)];
  return `${code} ${message.replace(/^[\r\n]+|[\r\n]+$/g, '')}`;
}

/** Raises a Redis error table, `{err = text}`, as Redis' own helpers do. */
function raiseTable(L: LuaState, text: string): never {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, fengari.to_luastring(text));
  lua.lua_setfield(L, -2, fengari.to_luastring('err'));
  return lua.lua_error(L);
}

/**
 * Runs the command on the stack (name and arguments, checked already) through the command
 * layer: its reply pushed as Redis hands it to Lua, its error returned as `{err = ...}` by pcall
 * and raised by call (the script's line is added where the script fails, see
 * {@link scriptError}), as Redis 7 does.
 */
function callThroughLayer(
  L: LuaState,
  isPcall: boolean,
  run: (argv: string[]) => RedisReply,
): number {
  const argc = lua.lua_gettop(L);
  const argv: string[] = [];
  for (let i = 1; i <= argc; i++)
    // Redis writes a Lua number with %.17g (0.1 arrives as 0.10000000000000001).
    argv.push(
      lua.lua_type(L, i) === lua.LUA_TSTRING || lua.lua_isinteger(L, i)
        ? lua.lua_tojsstring(L, i)
        : formatDouble(lua.lua_tonumber(L, i)),
    );
  const reply = run(argv);
  if (typeof reply === 'object' && reply !== null && 'error' in reply)
    return scriptFailure(L, isPcall, reply.error);
  // The console's INFO is a status so it prints as redis-cli prints INFO; Redis sends a string.
  if (
    asciiUpper(argv[0]) === 'INFO' &&
    typeof reply === 'object' &&
    reply !== null &&
    'status' in reply
  )
    lua.lua_pushstring(L, fengari.to_luastring(reply.status));
  else pushLayerReply(L, reply);
  return 1;
}

/**
 * A command layer's reply as Redis hands it to Lua: a bulk string as a string, an integer as a
 * number, nil as `false`, a status as `{ok = ...}`, an array as a table of these.
 */
function pushLayerReply(L: LuaState, reply: RedisReply): void {
  lua.lua_checkstack(L, 3);
  if (typeof reply === 'string') lua.lua_pushstring(L, fengari.to_luastring(reply));
  else if (typeof reply === 'number') {
    // fengari's integers are 32-bit; a larger one is a float, as every number is in Redis' Lua.
    if ((reply | 0) === reply) lua.lua_pushinteger(L, reply);
    else lua.lua_pushnumber(L, reply);
  } else if (reply === null) lua.lua_pushboolean(L, false);
  else if (Array.isArray(reply)) {
    lua.lua_createtable(L, reply.length, 0);
    reply.forEach((item, i) => {
      pushLayerReply(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    const [field, text] =
      'status' in reply
        ? ['ok', reply.status]
        : 'error' in reply
          ? ['err', reply.error]
          : [null, reply.integer];
    if (field === null) lua.lua_pushnumber(L, Number(text));
    else {
      lua.lua_createtable(L, 0, 1);
      lua.lua_pushstring(L, fengari.to_luastring(text));
      lua.lua_setfield(L, -2, fengari.to_luastring(field));
    }
  }
}

/**
 * The mock's `call`, always asked to raise: its error is a JavaScript exception (for an unknown
 * command, a TypeError, which reached the script as a userdata: `... in VM: null`), and its
 * pcall answered a JavaScript list where Redis gives `{err = ...}`. So its error is made Redis'
 * `{err = ...}` here, raised by `redis.call` and returned by `redis.pcall`.
 */
function callMock(L: LuaState, argc: number): number {
  const isPcall = lua.lua_toboolean(L, 1);
  lua.lua_pushboolean(L, false);
  lua.lua_replace(L, 1);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  if (lua.lua_pcall(L, argc, lua.LUA_MULTRET, 0) === lua.LUA_OK) return lua.lua_gettop(L);
  const jsError = jsErrorOf(L, -1);
  // Not the mock's own (the budget spent, a string too long): raised on as it is.
  if (jsError === null) return lua.lua_error(L);
  const text =
    argc < 2
      ? 'ERR Please specify at least one argument for this redis lib call'
      : jsError instanceof TypeError && /\(reading 'bind'\)/.test(jsError.message)
        ? 'ERR Unknown Redis command called from script'
        : /^[A-Z]+ /.test(jsError.message)
          ? jsError.message
          : `ERR ${jsError.message}`;
  if (!isPcall) raiseTable(L, text);
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, fengari.to_luastring(text));
  lua.lua_setfield(L, -2, fengari.to_luastring('err'));
  return 1;
}

/** The mock's `call(isPcall, name, ...)`, with TIME answered from the virtual clock. */
function callWithTime(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  const isTime =
    lua.lua_type(L, 2) === lua.LUA_TSTRING && lua.lua_tojsstring(L, 2).toUpperCase() === 'TIME';
  if (!isTime) return callMock(L, argc);
  const problem =
    argc !== 2
      ? 'ERR Wrong number of args calling Redis command from script'
      : scriptClock === null
        ? 'ERR TIME is not available to a script here'
        : null;
  if (problem !== null) {
    if (!lua.lua_toboolean(L, 1)) raiseTable(L, problem);
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushstring(L, fengari.to_luastring(problem));
    lua.lua_setfield(L, -2, fengari.to_luastring('err'));
    return 1;
  }
  const [seconds, micros] = unixTimeReply((scriptClock as () => number)());
  lua.lua_createtable(L, 2, 0);
  lua.lua_pushstring(L, fengari.to_luastring(seconds));
  lua.lua_rawseti(L, -2, 1);
  lua.lua_pushstring(L, fengari.to_luastring(micros));
  lua.lua_rawseti(L, -2, 2);
  return 1;
}
