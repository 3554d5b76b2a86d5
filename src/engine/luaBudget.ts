// ioredis-mock runs every EVAL on fengari (Lua in JavaScript) on the thread that sent it: the
// page's, a worker's. A script that never ends (`while true do end`) would hold that thread for
// good. Real Redis lets such a script run and answers other clients BUSY after lua-time-limit
// (5 s) until SCRIPT KILL; a sandbox with one thread cannot wait for that, so it stops the
// script itself, after a fixed count of Lua instructions: the same script stops at the same
// point on every machine and every replay (no clock is read).
import fengari, { type LuaState } from 'fengari';
import { convertScriptReplies } from './luaReplies';

const { lua, lualib, to_luastring: luaString } = fengari;

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

const SETHOOK_REFUSED =
  "ERR debug.sethook is not available in this sandbox: it would lift the limit on a script's work";

/** ioredis-mock's prefix for a script's error, which Redis does not send. */
const MOCK_SCRIPT_ERROR = 'Error trying to loading or executing lua code string in VM: ';

/**
 * Bounds the work of every Lua script ioredis-mock runs from now on, in this thread. It opens
 * a fresh Lua state for each EVAL and EVALSHA and opens the standard libraries in it with
 * fengari's `luaL_openlibs`, which this wraps: once they are open, a count hook is installed
 * on the state (coroutines inherit it) and `debug.sethook`, which could remove it, is refused.
 * Each script's reply is converted as Redis converts it ({@link convertScriptReplies}).
 * Idempotent.
 */
export function boundLuaScripts(): void {
  if (isBound) return;
  isBound = true;
  const openLibs = lualib.luaL_openlibs;
  const freshStates = new WeakSet<LuaState>();
  lualib.luaL_openlibs = (L) => {
    openLibs(L);
    installBudget(L);
    refuseSethook(L);
    boundStringRep(L);
    freshStates.add(L);
  };
  // Each script's reply is converted as Redis converts it (luaReplies.ts).
  convertScriptReplies(freshStates);
}

let isBound = false;

function installBudget(L: LuaState): void {
  let hooks = 0;
  const hook = (thread: LuaState): void => {
    hooks++;
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
}

function refuseSethook(L: LuaState): void {
  lua.lua_getglobal(L, luaString('debug'));
  if (lua.lua_istable(L, -1)) {
    lua.lua_pushjsfunction(L, (thread) => {
      lua.lua_pushstring(thread, luaString(SETHOOK_REFUSED));
      return lua.lua_error(thread);
    });
    lua.lua_setfield(L, -2, luaString('sethook'));
  }
  lua.lua_pop(L, 1);
}

/**
 * The most bytes one `string.rep` may make. It is one Lua instruction however long it runs, and
 * fengari (Lua in JavaScript) builds a string at about 0.2 s a megabyte here: `string.rep('x',
 * 1e8)` held the page for over a minute. Four values of the largest size a command takes.
 */
export const MAX_REP_BYTES = 4 * 1024 * 1024;

const group = (n: number) => n.toLocaleString('en-US');

const REP_REFUSED = 'ERR string.rep would make a string of ';

/** Refuses a `string.rep` (and `s:rep`, the same function) of more than {@link MAX_REP_BYTES}. */
function boundStringRep(L: LuaState): void {
  lua.lua_getglobal(L, luaString('string'));
  if (lua.lua_istable(L, -1)) {
    lua.lua_getfield(L, -1, luaString('rep'));
    lua.lua_pushjsclosure(L, rep, 1);
    lua.lua_setfield(L, -2, luaString('rep'));
  }
  lua.lua_pop(L, 1);
}

function rep(L: LuaState): number {
  const argc = lua.lua_gettop(L);
  const isCountable =
    (lua.lua_type(L, 1) === lua.LUA_TSTRING || lua.lua_type(L, 1) === lua.LUA_TNUMBER) &&
    lua.lua_type(L, 2) === lua.LUA_TNUMBER;
  if (isCountable) {
    const count = Math.floor(lua.lua_tonumber(L, 2));
    // A number is made its text in place, as string.rep itself would, to be measured in bytes.
    if (lua.lua_type(L, 1) === lua.LUA_TNUMBER) lua.lua_tojsstring(L, 1);
    const length = lua.lua_rawlen(L, 1);
    const sep = lua.lua_type(L, 3) === lua.LUA_TSTRING ? lua.lua_rawlen(L, 3) : 0;
    const bytes = count > 0 ? count * length + (count - 1) * sep : 0;
    if (bytes > MAX_REP_BYTES) {
      lua.lua_pushstring(
        L,
        luaString(
          `${REP_REFUSED}${group(bytes)} bytes; this sandbox's Lua makes ` +
            `at most ${group(MAX_REP_BYTES)} in one call (fengari, the Lua in JavaScript it runs ` +
            'scripts on, would hold the page for seconds making it; Redis would make it)',
        ),
      );
      return lua.lua_error(L);
    }
  }
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  lua.lua_call(L, argc, 1);
  return 1;
}

/**
 * A script's error as Redis would send it: the budget's own (and a string.rep refused), without
 * ioredis-mock's prefix.
 * Other messages are handed on as they are.
 */
export function scriptErrorMessage(message: string): string {
  if (!message.startsWith(MOCK_SCRIPT_ERROR)) return message;
  if (message.endsWith(SCRIPT_TOO_LONG)) return SCRIPT_TOO_LONG;
  const rest = message.slice(MOCK_SCRIPT_ERROR.length);
  return rest.startsWith(REP_REFUSED) ? rest : message;
}
