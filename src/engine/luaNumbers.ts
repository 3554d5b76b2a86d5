// Redis runs scripts on Lua 5.1, whose every number is a double; fengari is Lua 5.3, with a
// second kind of number, an integer, which fengari keeps in 32 bits and wraps: a script summing
// three 1,000,000,000s answered -1,294,967,296 (Redis: 3000000000), `65536 * 65536` 0. Its
// numbers also printed as Lua 5.3's: `tostring(3.0)` was "3.0" (Redis: "3"), `2^53`
// "9007199254741000.0" (Redis: "9.007199254741e+15"), `1/0` "Infinity" (Redis: "inf").
//
// So in this thread fengari's values are told integers no more: every number is a double, its
// arithmetic is a double's, and its text is Lua 5.1's `%.14g`. fengari exports no module that
// has its value class (see `boundConcatOperator` in luaBudget.ts), which is reached through a
// value on a stack, and changed once.

import { formatG } from './luaCjson';

/** The methods of fengari's value class this changes. */
export interface LuaValueClass {
  type: number;
  value: unknown;
  ttisinteger(this: LuaValueClass): boolean;
  ttisfloat(this: LuaValueClass): boolean;
  ttnov(this: LuaValueClass): number;
  setsvalue(this: LuaValueClass, ts: { realstring: Uint8Array; hash: unknown }): void;
}

/** Lua's LUA_TNUMBER, the type of both kinds of number (`ttnov`). */
const LUA_TNUMBER = 3;

/**
 * A double as Lua 5.1 (Redis') writes it: C's `%.14g`, with glibc's inf and nan, and its rounding
 * of a tie to even (`100000000000025` is `1.0000000000002e+14`; JavaScript's rounds it up).
 */
export function lua51NumberText(d: number): string {
  // 0/0 on x86-64 is a NaN with its sign set, which glibc prints "-nan": what Redis answers.
  return formatG(d, 14);
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * Makes every number of fengari's, in this thread, a Lua 5.1 double: no value is an integer
 * (its arithmetic, for loops and constant folding are a double's; a value fengari made an
 * integer still holds a JavaScript number, now read as a double), and a number made text is
 * written as Lua 5.1 writes it. `setsvalue` is where fengari stores a number's text in the
 * number's own place (`luaO_tostring`, which `tostring`, `..` and `string.format('%s')` reach),
 * so the text is rewritten there when it is that number's.
 */
export function numbersAsLua51(proto: LuaValueClass): void {
  proto.ttisinteger = () => false;
  proto.ttisfloat = function () {
    return this.ttnov() === LUA_TNUMBER;
  };
  const store = proto.setsvalue;
  proto.setsvalue = function (ts) {
    if (
      this.ttnov() === LUA_TNUMBER &&
      typeof this.value === 'number' &&
      ts.realstring.length < 40
    ) {
      const n = this.value;
      const written = text.decode(ts.realstring);
      // fengari's own text of this number (its "3.0", "Infinity", "-nan"), not a string stored
      // over a stack slot a number was left in.
      const isThisNumber = Number.isNaN(n)
        ? /nan/i.test(written)
        : Number(written) === n || Math.abs(Number(written) - n) <= Math.abs(n) * 1e-12;
      if (isThisNumber) {
        ts.realstring = utf8.encode(lua51NumberText(n));
        ts.hash = null;
      }
    }
    store.call(this, ts);
  };
}
