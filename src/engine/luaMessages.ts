// A runtime error about a value, worded as Lua 5.1 (Redis') words it: 5.3 names the variable
// after the type (`attempt to index a nil value (local 'x')`), 5.1 before it (`attempt to
// index local 'x' (a nil value)`), the message a script's author most often reads. fengari
// writes every such message (index, call, arithmetic, concatenate, get length of) through one
// format, which its object module fills in: the words are changed there.
// So is fengari's "JS stack overflow" for calls nested past its limit, 5.1's "C stack overflow".
import fengari from 'fengari';
import lobject from 'fengari/src/lobject.js';

/** fengari's format of a type error (its cached string, the very array it passes). */
const TYPE_ERROR = fengari.to_luastring('attempt to %s a %s value%s', true);

/** The same error as 5.1 words it, when the value has a name. */
const TYPE_ERROR_51 = fengari.to_luastring("attempt to %s %s '%s' (a %s value)");

/**
 * fengari's words for calls nested past its limit of 200 (a metamethod or a gsub callback that
 * calls itself), its cached string; Lua 5.1, and so Redis, says "C stack overflow".
 */
const JS_STACK_OVERFLOW = fengari.to_luastring('JS stack overflow', true);
const C_STACK_OVERFLOW = fengari.to_luastring('C stack overflow');

let isPatched = false;

/** Makes fengari's type errors and its nested-call limit read as Lua 5.1's. Idempotent. */
export function typeErrorsAsLua51(): void {
  if (isPatched) return;
  isPatched = true;
  const format = lobject.luaO_pushvfstring;
  lobject.luaO_pushvfstring = (L, fmt, argp) => {
    if (fmt === JS_STACK_OVERFLOW) return format(L, C_STACK_OVERFLOW, argp);
    if (fmt === TYPE_ERROR && argp[2] instanceof Uint8Array && argp[2].length > 0) {
      const named = /^ \((\w+) '(.*)'\)$/s.exec(fengari.to_jsstring(argp[2]));
      if (named !== null)
        return format(L, TYPE_ERROR_51, [
          argp[0],
          fengari.to_luastring(named[1]),
          fengari.to_luastring(named[2]),
          argp[1],
        ]);
    }
    return format(L, fmt, argp);
  };
}
