// Calls nested past Lua 5.1's limit fail as they fail in Redis. Lua 5.1 keeps a thread's calls
// in an array it grows up to LUAI_MAXCALLS (20,000) entries and then raises "stack overflow",
// an error a script can catch with pcall. fengari (5.3) has no such limit short of a million
// stack slots: a recursion 50,000 calls deep answered here where Redis refuses it, and one
// without a base case ran into the sandbox's instruction budget, which no pcall can catch
// ("script ran too long"), where Redis answers `pcall` false and "stack overflow".
// fengari's own entry first: its modules require one another in a cycle that starts there.
import fengari, { type LuaState } from 'fengari';
import lstate from 'fengari/src/lstate.js';
import ldebug from 'fengari/src/ldebug.js';
import ldo from 'fengari/src/ldo.js';

const { lua } = fengari;

/**
 * The calls a thread may have in progress, its own base counted as the first, as Lua 5.1 counts
 * them. On redis-server 7.0.15, `local function f(n) if n == 0 then return 0 end return 1 +
 * f(n-1) end return f(N)` answers N = 19,998 and fails at 19,999: the base, the body (which
 * `return f(N)`, a tail call, replaces) and N + 1 calls of `f` make 20,000 and 20,001.
 */
export const LUA51_MAX_CALLS = 16_384;

/** A fengari call record, with the depth this gives it. */
interface DepthCall {
  previous: DepthCall | null;
  depth51?: number;
}

/** A fengari thread, with what this keeps on it. */
interface DepthThread {
  ci: DepthCall;
  nCcalls: number;
  /** The calls it may have: {@link LUA51_MAX_CALLS}, or 5.1's raised limit after an overflow. */
  maxCalls51?: number;
  /** Handling an overflow: calls past the limit (the error's handler) go on up to this. */
  handlingUpTo51?: number;
  /** The next call is a library function's own, which its wrapper here made (see asOneCall51). */
  isNextCallFree51?: boolean;
}

/**
 * Lua 5.1's limit once a thread has overflowed: its call array is set back to LUAI_MAXCALLS
 * (`restore_stack_limit`), so later calls on it may go 20,000 deep (on redis-server, a script
 * run after one that overflowed can go deeper than the first: this sandbox gives each EVAL a
 * fresh state, as a fresh server's first script has).
 */
const LUA51_RAISED_MAX_CALLS = 20_000;

const STACK_OVERFLOW = fengari.to_luastring('stack overflow');

let isPatched = false;

/** Makes fengari's calls fail past Lua 5.1's depth, with 5.1's words. Idempotent. */
export function callDepthAsLua51(): void {
  if (isPatched) return;
  isPatched = true;
  const extend = lstate.luaE_extendCI;
  lstate.luaE_extendCI = (L) => {
    const t = L as DepthThread;
    // A thread's base record has no depth yet: it is the first.
    let depth = t.ci.depth51 ?? 1;
    if (t.isNextCallFree51 === true) t.isNextCallFree51 = false;
    else depth++;
    const max = t.maxCalls51 ?? LUA51_MAX_CALLS;
    if (depth > max) {
      // 5.1 doubles its call array to grow it and raises the overflow once it is past the
      // limit, so the error's handler has the new half to run in; past that, it gives up.
      if (t.handlingUpTo51 === undefined) {
        t.handlingUpTo51 = 2 * max;
        t.maxCalls51 = LUA51_RAISED_MAX_CALLS;
        // Raised from the caller, before the call is entered, as 5.1's growCI raises it: the
        // error carries the caller's line (`user_script:1: stack overflow`).
        ldebug.luaG_runerror(L, STACK_OVERFLOW);
      } else if (depth > t.handlingUpTo51) ldo.luaD_throw(L, lua.LUA_ERRERR);
    } else if (t.handlingUpTo51 !== undefined) t.handlingUpTo51 = undefined;
    const ci = extend(L) as DepthCall;
    ci.depth51 = depth;
    return ci;
  };
}

/**
 * Runs `call`, in which a wrapper of the sandbox's calls the library function it wraps, as one
 * call: in Lua 5.1 the script calls that function itself, so the wrapper adds neither a call
 * record nor a level of nested calls (`pcall` nested in `pcall` goes 199 levels deep on Redis; a
 * wrapper counted twice stopped it at 99). The next call record made is the wrapped function's.
 */
export function asOneCall51<T>(L: LuaState, call: () => T): T {
  const t = L as unknown as DepthThread;
  t.isNextCallFree51 = true;
  t.nCcalls--;
  try {
    return call();
  } finally {
    t.nCcalls++;
    t.isNextCallFree51 = false;
  }
}
