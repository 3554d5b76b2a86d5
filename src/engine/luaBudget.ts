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
 * A script's error as Redis would send it: the budget's own, without ioredis-mock's prefix.
 * Other messages are handed on as they are.
 */
export function scriptErrorMessage(message: string): string {
  return message.startsWith(MOCK_SCRIPT_ERROR) && message.endsWith(SCRIPT_TOO_LONG)
    ? SCRIPT_TOO_LONG
    : message;
}
