// Lua 5.1's `math` library as Redis' Lua has it (pow, frexp, ldexp, mod, min and max with 5.1's
// argument checks), made from fengari's 5.3 one.
import fengari, { type LuaState } from 'fengari';
import { intArgument, LibraryFunction, numberArgument, pushNumber } from './luaArguments51';

const { lua } = fengari;

/** Lua 5.1's C `pow`: 1 for pow(1, y) and pow(x, 0) even with a NaN, pow(-1, ±inf) 1. */
const cPow = (x: number, y: number): number =>
  x === 1 || y === 0 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) ? 1 : x ** y;

/** C's `frexp`: m and e with x = m * 2^e and 0.5 <= |m| < 1 (0, inf and NaN as they are). */

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = ldexp(x, -e);
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

/** C's `ldexp`: x * 2^e without overflowing on the way (2^e alone may not be a double). */
function ldexp(x: number, e: number): number {
  let m = x;
  let n = e;
  while (n > 1023) {
    m *= 2 ** 1023;
    n -= 1023;
  }
  while (n < -1022) {
    m *= 2 ** -1022;
    n += 1022;
  }
  return m * 2 ** n;
}

/** A math function of one number, as 5.1's (extra arguments ignored, as C's ignored them). */
const unary =
  (f: (x: number) => number): LibraryFunction =>
  (L) =>
    pushNumber(L, f(numberArgument(L, 1)));

/** A math function of two numbers, their checks in the order Redis' build makes them. */

function binary(L: LuaState, f: (x: number, y: number) => number): number {
  const y = numberArgument(L, 2);
  return pushNumber(L, f(numberArgument(L, 1), y));
}

/** 5.1's `math.max` / `math.min`: every argument a number (none is 'number expected, got no value'). */
function extreme(L: LuaState, isBetter: (d: number, best: number) => boolean): number {
  let best = numberArgument(L, 1);
  for (let i = 2; i <= lua.lua_gettop(L); i++) {
    const d = numberArgument(L, i);
    if (isBetter(d, best)) best = d;
  }
  return pushNumber(L, best);
}

/** Lua 5.1's math additions over 5.3's, and its one-argument `log` and `atan`. */
export const MATH_51: [string, LibraryFunction][] = [
  // C evaluated pow(check(1), check(2))'s arguments last first: a missing second is named first.
  ['pow', (L) => binary(L, cPow)],
  ['atan2', (L) => binary(L, Math.atan2)],
  ['log', unary(Math.log)],
  ['atan', unary(Math.atan)],
  ['log10', unary(Math.log10)],
  ['max', (L) => extreme(L, (d, best) => d > best)],
  ['min', (L) => extreme(L, (d, best) => d < best)],
  ['cosh', unary(Math.cosh)],
  ['sinh', unary(Math.sinh)],
  ['tanh', unary(Math.tanh)],
  [
    'frexp',
    (L) => {
      const [m, e] = frexp(numberArgument(L, 1));
      lua.lua_pushnumber(L, m);
      lua.lua_pushnumber(L, e);
      return 2;
    },
  ],
  [
    'ldexp',
    (L) => {
      const e = intArgument(L, 2);
      return pushNumber(L, ldexp(numberArgument(L, 1), e));
    },
  ],
];
