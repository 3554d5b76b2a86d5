// ioredis-mock makes a fresh Lua state for every EVAL and closes it after: about a millisecond
// of CPU each here, two fifths of it the collection of that state, the rest opening its
// libraries. Redis runs every script of a server in one Lua state, its globals write-protected
// (as the sandbox's read-only view emulates), so a script cannot leave anything behind for the
// next. This keeps one prepared state per server and hands it to the mock in place of a new one;
// what a script may change is set afresh for each (see `boundLuaScripts` and
// `convertScriptReplies`).
import fengari, { type LuaState } from 'fengari';

const { lua, lauxlib } = fengari;

/** Each server's prepared state, by the key {@link reuseScriptStates} is given. */
const serverStates = new WeakMap<object, LuaState>();

/**
 * Every state kept for a server (never closed by the mock), with what its scripts reuse: the
 * read-only view of the globals (a registry reference; null until made) and each script compiled
 * on it, by its text, as Redis keeps a compiled function for each script it has run.
 */
const kept = new WeakMap<LuaState, { view: number | null; scripts: Map<string, number> }>();

/**
 * The most compiled scripts kept on one state, the oldest dropped first: a learner may send
 * any number of distinct scripts; the engine's own are five.
 */
export const MAX_KEPT_SCRIPTS = 64;

/** A script's text as a key: one character a byte, so two texts never share one. */
const asKey = new TextDecoder('latin1');

/** Kept states handed out again, until their setup is done (see {@link takeReused}). */
const reused = new WeakSet<LuaState>();

/** States whose script is running now: a script's own EVAL (nested) gets a fresh state. */
const running = new WeakSet<LuaState>();

/** fengari's thread fields that tell a state left between calls, as a finished pcall leaves it. */
interface ThreadFields {
  ci: unknown;
  base_ci: unknown;
  nCcalls: number;
  status: number;
}

const isIdle = (L: LuaState): boolean => {
  const thread = L as unknown as ThreadFields;
  return thread.ci === thread.base_ci && thread.nCcalls === 0 && thread.status === lua.LUA_OK;
};

let isInstalled = false;

/**
 * From now on, in this thread, the mock's `luaL_newstate` hands out the state kept for the
 * server `serverKey()` names (null: no server, a fresh state as before), emptied of what the last
 * script left on its stack, and its `lua_close` leaves a kept state open. While the kept state
 * runs a script, a script that script sends gets a fresh state of its own; a kept state that an
 * error left inside a call is replaced by a new one. Idempotent.
 */
export function reuseScriptStates(serverKey: () => object | null): void {
  if (isInstalled) return;
  isInstalled = true;
  const newState = lauxlib.luaL_newstate;
  lauxlib.luaL_newstate = () => {
    const key = serverKey();
    if (key === null) return newState();
    const known = serverStates.get(key);
    if (known !== undefined && running.has(known)) return newState();
    if (known !== undefined && isIdle(known)) {
      lua.lua_settop(known, 0);
      reused.add(known);
      return known;
    }
    const L = newState();
    serverStates.set(key, L);
    kept.set(L, { view: null, scripts: new Map() });
    return L;
  };
  const close = lua.lua_close;
  lua.lua_close = (L) => {
    if (!kept.has(L)) close(L);
  };
}

/**
 * Whether `L` is a kept state handed out again (its libraries open and protected already), once:
 * asked as its libraries would be opened.
 */
export const takeReused = (L: LuaState): boolean => reused.delete(L);

/** Runs a script on `L`, marked as running meanwhile (see {@link reuseScriptStates}). */
export function whileRunning<T>(L: LuaState, run: () => T): T {
  running.add(L);
  try {
    return run();
  } finally {
    running.delete(L);
  }
}

/**
 * Pushes the script `chunk` compiled on `L`: the function compiled before, on a kept state, else
 * what `load` pushes (a function, or its error when it returns other than LUA_OK), kept when
 * it compiled. Returns `load`'s status, or LUA_OK.
 */
export function loadKept(L: LuaState, chunk: Uint8Array, load: () => number): number {
  const state = kept.get(L);
  if (state === undefined) return load();
  const key = asKey.decode(chunk);
  const ref = state.scripts.get(key);
  if (ref !== undefined) {
    // Used again: the last to be dropped.
    state.scripts.delete(key);
    state.scripts.set(key, ref);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    return lua.LUA_OK;
  }
  const status = load();
  if (status !== lua.LUA_OK) return status;
  if (state.scripts.size >= MAX_KEPT_SCRIPTS) {
    const [oldest, oldRef] = state.scripts.entries().next().value as [string, number];
    state.scripts.delete(oldest);
    lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, oldRef);
  }
  lua.lua_pushvalue(L, -1);
  state.scripts.set(key, lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX));
  return status;
}

/**
 * Pushes the read-only view of the globals for a script on `L`: the one made before, on a kept
 * state (nothing a script does changes it: it is read-only, and its metatable is hidden), else
 * the one `make` pushes, kept.
 */
export function pushKeptView(L: LuaState, make: () => void): void {
  const state = kept.get(L);
  if (state?.view != null) {
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, state.view);
    return;
  }
  make();
  if (state === undefined) return;
  lua.lua_pushvalue(L, -1);
  state.view = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
}
