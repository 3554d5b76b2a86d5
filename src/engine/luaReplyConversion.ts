// A script's reply as Redis 7 makes it from the Lua value the script returns: the first value
// returned; a table by its fields (err, ok, double, map, set, verbatim_string ...), else by its
// array part up to the first nil; a number cut to an integer. ioredis-mock converted only plain
// lists. luaReplies.ts converts the value in the script's own state as the script ends.
import fengari, { type LuaState } from 'fengari';

const { lua } = fengari;

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

export class Refused extends Error {}

/**
 * Runs a command a script sends through the sandbox's command layer (as Redis 7 answers it),
 * while its script runs; null: the mock answers every command.
 */

/** Pushes a converted reply back as a Lua value (a nil in a list as false, which the mock keeps). */
export function pushPlain(L: LuaState, value: unknown): void {
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

export function topReply(L: LuaState, index: number): ScriptReply {
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

export function stringField(L: LuaState, index: number, name: string): string | null {
  lua.lua_pushliteral(L, name);
  const text = lua.lua_rawget(L, index) === lua.LUA_TSTRING ? replyText(L, -1) : null;
  lua.lua_pop(L, 1);
  return text;
}

const utf8Text = new TextDecoder();

/**
 * A Lua string of the reply as ioredis hands it over: its bytes read as UTF-8, each byte that is
 * not UTF-8 one U+FFFD (WHATWG's decoder, as Node's). fengari's own decoder took a bad lead
 * byte's next byte with it: `'\207\0\32'` came as "\uFFFD " where ioredis gives "\uFFFD\0 ".
 */
export function replyText(L: LuaState, index: number): string {
  return utf8Text.decode(lua.lua_tolstring(L, index) ?? new Uint8Array(0));
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
export const statusText = (s: string): string => {
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
