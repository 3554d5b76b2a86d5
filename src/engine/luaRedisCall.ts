// What a script's `redis.call` and `redis.pcall` send, and how: the arguments checked as Redis 7
// checks them, a command the console runs sent through the command layer on the same keyspace,
// TIME answered from the virtual clock, any other the mock's own call, and the reply handed to
// Lua as Redis hands it. Also what they send to while a script runs (`withScriptCommands`,
// `withScriptClock`).
import fengari, { type LuaState } from 'fengari';
import type { RedisReply } from './redisCli';
import type { Lrand48 } from './luaRandom';
import { formatDouble } from './luaReplyConversion';
import { asciiLower, asciiUpper, unixTimeReply } from './redisCommandKit';
import {
  lookupRedis7Command,
  REDIS_7_COMMAND_NAMES,
  REDIS_7_NOSCRIPT_COMMANDS,
  REDIS_7_NOSCRIPT_CONTAINERS,
} from './redisCommandNames';
import { REDIS_7_HELP } from './redisHelpTexts';
import { CLUSTER_COMMANDS, CLUSTER_DISABLED } from './connectionCommandSpecs';
import { COMMANDS } from './redisCommandSpecs';

const { lua } = fengari;

export const WRONG_ARGS = 'ERR wrong number or type of arguments';

/** The virtual clock a script's `redis.call('TIME')` reads, while its command runs. */
let scriptClock: (() => number) | null = null;

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

let scriptCommand: ((argv: string[]) => RedisReply) | null = null;

/** The server's script generator while a script runs (see {@link withScriptCommands}). */
let scriptRandom: Lrand48 | null = null;

/** The server's script generator while a script runs; null outside a server (see {@link withScriptCommands}). */
export const currentScriptRandom = (): Lrand48 | null => scriptRandom;

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

/** Whether a script sent now runs on a server's keyspace ({@link withScriptCommands}). */
export const isServerScript = (): boolean => scriptCommand !== null;

/**
 * A JavaScript error the mock threw: fengari-interop (which the mock loads) hands it over as a
 * userdata holding it in `data`. Null for any other value.
 */
export function jsErrorOf(L: LuaState, index: number): Error | null {
  if (lua.lua_type(L, index) !== lua.LUA_TUSERDATA) return null;
  const data = (lua.lua_touserdata(L, index) as { data?: unknown } | null)?.data;
  return data instanceof Error ? data : null;
}

const utf8Only = new TextDecoder('utf-8', { fatal: true });

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

/**
 * `redis.call(...)` or `redis.pcall(...)`: its arguments and argument count checked as Redis 7
 * checks them (against the console's command table), then a command of {@link LAYER_COMMANDS}
 * runs through the command layer, any other is the mock's call, with a nil reply as `false`.
 */
export function redisCall(L: LuaState, isPcall: boolean): number {
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

/** Raises a Redis error table, `{err = text}`, as Redis' own helpers do. */
export function raiseTable(L: LuaState, text: string): never {
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
export function callWithTime(L: LuaState): number {
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
