// The `redis` object and library a script sees, as Redis 7 makes them: its reply helpers
// (status_reply, error_reply), sha1hex, log, set_repl, setresp, acl_check_cmd and constants,
// call and pcall (luaRedisCall.ts), and Lua 5.1's library with Redis' `error`, `pcall` and
// `math.random`. The mock has none of the library.
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fengari, { type LuaState } from 'fengari';
import { intArgument, raiseWhere } from './luaArguments51';
import { asLua51Library } from './luaLibrary51';
import { asOneCall51 } from './luaCallDepth';
import { Lrand48, luaCheckInt } from './luaRandom';
import { replyText, stringField } from './luaReplyConversion';
import {
  callWithTime,
  currentScriptRandom,
  raiseTable,
  redisCall,
  WRONG_ARGS,
} from './luaRedisCall';
import { asciiLower } from './redisCommandKit';
import { REDIS_7_COMMAND_NAMES } from './redisCommandNames';

const { lua, lauxlib } = fengari;

/** Lua 5.1's library ({@link asLua51Library}) with Redis' `error`, `math.random` and `randomseed`. */
export function asRedisLibrary(L: LuaState): void {
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
  lua.lua_pushjsfunction(L, (T) => mathRandom(T, currentScriptRandom() ?? own));
  lua.lua_setfield(L, -2, fengari.to_luastring('random'));
  lua.lua_pushjsfunction(L, (T) => {
    (currentScriptRandom() ?? own).seed(intArgument(T, 1));
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

/**
 * Gives the `redis` object the mock's chunk returned (on top of the stack) Redis' reply helpers,
 * and puts a `call` that answers TIME from the virtual clock before the mock's.
 */
export function addRedisHelpers(L: LuaState): void {
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
