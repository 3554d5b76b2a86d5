/**
 * The call guard (callGuard.ts) stops learner code at QuickJS's polls, and a builtin's own
 * loop never polls: one call of `h.indexOf(n)` over 2,000,000 characters with a needle of 2,001
 * (QuickJS's string search is naive, n*m) held the page's thread 5 s, and
 * `Array(2 ** 32 - 1).indexOf(1)` walks its holes for minutes. Run in the sandbox before the
 * learner's code loads and before the built-ins are frozen, this replaces the methods that can
 * run that long in one call:
 *
 * - the string searches (`indexOf`, `lastIndexOf`, `includes`, `split`, `replace`, `replaceAll`
 *   with a string pattern) call the native method at once when its worst case is small
 *   (positions times needle length at most {@link SEARCH_BUDGET}); past it, they search in
 *   native slices of at most that many comparisons from a JavaScript loop, which polls between
 *   them, so the guard can stop it. A needle longer than {@link SEARCH_PREFIX} is found by its
 *   prefix, each place checked with `startsWith`. Same answers as the native method (a
 *   property test compares them on small inputs with a tiny budget).
 * - the Array methods that walk every index of `length` without calling back for each (holes are
 *   skipped silently) refuse a length over {@link MAX_WALK} with a RangeError naming the method
 *   and the bound: no Array here holds that many elements (the memory gives out near 2.4
 *   million), so such a length is an array of holes or an array-like, and walking it takes
 *   minutes. `concat` checks each spreadable argument the same way; `flat` counts the indices of
 *   the arrays inside too, to its depth, and `flatMap` checks each array its callback returns.
 * - `String.raw` refuses a template whose `raw.length` is over the same bound.
 * - a typed array's `sort()` without a comparator, past {@link NATIVE_SORT_MAX} elements, sorts
 *   with a comparator of the same order, which QuickJS calls (and polls) at each comparison.
 * - a typed array's `join` and `toLocaleString`, past {@link TYPED_JOIN_SLICE} elements, join
 *   natively in slices of that many from a JavaScript loop: `new Uint8Array(3e7).join('')` held
 *   the thread 2 to 4 s before its memory ran out (a typed array of 30,000,000 elements fits).
 * - `JSON.stringify` refuses a value nested more than {@link MAX_JSON_DEPTH} deep with a
 *   RangeError: its C recursion is not checked against QuickJS's stack limit, and 10,000 levels
 *   ran the page's own stack out (a RangeError out of WebAssembly, out of the Step). The
 *   prelude's crossing of a step or a result uses it too.
 *
 * The wrappers coerce their arguments once, in the native order, and hand the native method
 * primitives, so a `toString` or `valueOf` of the learner's runs once, as it would. Two
 * differences remain: an Array method reads a `length` that is a getter (or a Proxy's) twice, and
 * a wrapper's source shows in `String(fn)` instead of `[native code]`.
 */

import { arrayWalksSource } from './boundedArrayWalks';
import { jsonStringifySource } from './boundedJsonStringify';
import { typedArraysSource } from './boundedTypedArrays';

/** Character comparisons one native search may make: a few ms of QuickJS's time. */
export const SEARCH_BUDGET = 1 << 22;
/** Needles longer than this are searched for by their first this many characters. */
export const SEARCH_PREFIX = 1024;
/** The most indices an Array method may walk in one call (no Array here has this many). */
export const MAX_WALK = 1 << 22;
/**
 * The most elements a typed array's `sort()` sorts natively, without a poll: 524,288 random
 * doubles take about 0.3 s here (1,000,000 took 0.66 s, 4,000,000 3.3 s). Past it the comparator
 * is about 14 times slower, so such a sort is stopped by the guard, as it would have run longer
 * than the guard allows anyway (a Uint8Array of zeros is the exception: 3,000,000 took 60 ms).
 */
export const NATIVE_SORT_MAX = 1 << 19;
/** The most elements of a typed array one native `join` or `toLocaleString` call takes. */
export const TYPED_JOIN_SLICE = 1 << 16;
/** The deepest `JSON.stringify` nests a value, as Redis' cjson encodes (see the wrapper). */
export const MAX_JSON_DEPTH = 1000;

/** The wrappers' source; the tests build it with tiny bounds to compare it with the natives. */
export const boundedBuiltinsSource = (
  budget = SEARCH_BUDGET,
  prefix = SEARCH_PREFIX,
  maxWalk = MAX_WALK,
  nativeSortMax = NATIVE_SORT_MAX,
  typedJoinSlice = TYPED_JOIN_SLICE,
  maxJsonDepth = MAX_JSON_DEPTH,
): string => String.raw`
'use strict';
(() => {
  const BUDGET = ${budget};
  const PREFIX = ${prefix};
  const MAX_WALK = ${maxWalk};
  const NATIVE_SORT_MAX = ${nativeSortMax};
  const TYPED_JOIN_SLICE = ${typedJoinSlice};
  // The most positions a window holds: its slice copies them, and a copy of 4,000,000 wide
  // characters (8 MB) beside a string of 32 MB could run the sandbox out of memory.
  const WIDEST = 1 << 20;
  const { apply } = Reflect;
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const { trunc, max, min } = Math;
  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const SP = String.prototype;
  const indexOf = uncurry(SP.indexOf);
  const lastIndexOf = uncurry(SP.lastIndexOf);
  const includes = uncurry(SP.includes);
  const split = uncurry(SP.split);
  const replace = uncurry(SP.replace);
  const replaceAll = uncurry(SP.replaceAll);
  const slice = uncurry(SP.slice);
  const startsWith = uncurry(SP.startsWith);
  const regExpSource = uncurry(getOwnPropertyDescriptor(RegExp.prototype, 'source').get);
  const RegExpPrototype = RegExp.prototype;
  const symbolMatch = Symbol.match;
  const symbolSplit = Symbol.split;
  const symbolReplace = Symbol.replace;
  const symbolSpreadable = Symbol.isConcatSpreadable;
  const isArray = Array.isArray;

  const toStr = (v) => (typeof v === 'string' ? v : ${'`${v}`'});
  const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
  // ToInt32Clamp(v, 0, len), as QuickJS reads a search's start.
  const clampPosition = (v, len) => {
    let n = +v;
    n = n !== n ? 0 : trunc(n);
    return n < 0 ? 0 : n > len ? len : n;
  };
  const costly = (n, m) => n >= m && (n - m + 1) * m > BUDGET;
  // IsRegExp, as QuickJS asks it: Symbol.match, else whether it is a RegExp object.
  const isRegExp = (v) => {
    if (!isObject(v)) return false;
    const m = v[symbolMatch];
    if (m !== undefined) return !!m;
    if (v === RegExpPrototype) return false;
    try {
      regExpSource(v);
      return true;
    } catch {
      return false;
    }
  };

  // The first place at or after from (0 <= from <= S.length) where T (not empty) starts, or -1:
  // native searches over windows of positions, each of at most BUDGET comparisons, from a loop
  // that polls between them.
  const find = (S, T, from) => {
    const n = S.length;
    const m = T.length;
    const k = m < PREFIX ? m : PREFIX;
    const P = k === m ? T : slice(T, 0, k);
    const width = max(1, min(WIDEST, trunc(BUDGET / k)));
    const last = n - m;
    let start = from;
    while (start <= last) {
      const end = min(start + width - 1, last);
      const i = indexOf(slice(S, start, end + k), P);
      if (i < 0) {
        start = end + 1;
        continue;
      }
      const j = start + i;
      if (k === m || startsWith(S, T, j)) return j;
      start = j + 1;
    }
    return -1;
  };
  // The last place at or before from (0 <= from <= S.length - T.length) where T starts, or -1.
  const findLast = (S, T, from) => {
    const m = T.length;
    const k = m < PREFIX ? m : PREFIX;
    const P = k === m ? T : slice(T, 0, k);
    const width = max(1, min(WIDEST, trunc(BUDGET / k)));
    let end = from;
    while (end >= 0) {
      const start = max(0, end - width + 1);
      const i = lastIndexOf(slice(S, start, end + k), P);
      if (i < 0) {
        end = start - 1;
        continue;
      }
      const j = start + i;
      if (k === m || startsWith(S, T, j)) return j;
      end = j - 1;
    }
    return -1;
  };
  // GetSubstitution without captures, as QuickJS does it: $$, $&, $\` and $' only.
  const substitute = (rep, matched, S, position) => {
    let out = '';
    let i = 0;
    for (;;) {
      const j = indexOf(rep, '$', i);
      if (j < 0 || j + 1 >= rep.length) break;
      out += slice(rep, i, j);
      const c = rep[j + 1];
      if (c === '$') out += '$';
      else if (c === '&') out += matched;
      else if (c === '\u0060') out += slice(S, 0, position);
      else if (c === "'") out += slice(S, position + matched.length);
      else out += slice(rep, j, j + 2);
      i = j + 2;
    }
    return out + slice(rep, i);
  };

  const methods = {
    indexOf(searchString, position) {
      if (typeof this === 'string' && typeof searchString === 'string' && !costly(this.length, searchString.length))
        return indexOf(this, searchString, position);
      if (this == null) return indexOf(this, searchString, position);
      const S = toStr(this);
      const T = toStr(searchString);
      const from = clampPosition(position, S.length);
      return costly(S.length, T.length) ? find(S, T, from) : indexOf(S, T, from);
    },
    lastIndexOf(searchString, position) {
      if (typeof this === 'string' && typeof searchString === 'string' && !costly(this.length, searchString.length))
        return lastIndexOf(this, searchString, position);
      if (this == null) return lastIndexOf(this, searchString, position);
      const S = toStr(this);
      const T = toStr(searchString);
      const d = +position;
      if (!costly(S.length, T.length)) return lastIndexOf(S, T, d);
      let from = S.length - T.length;
      if (d === d) {
        if (d <= 0) from = 0;
        else if (d < from) from = trunc(d);
      }
      return findLast(S, T, from);
    },
    includes(searchString, position) {
      if (typeof this === 'string' && typeof searchString === 'string' && !costly(this.length, searchString.length))
        return includes(this, searchString, position);
      if (this == null) return includes(this, searchString, position);
      const S = toStr(this);
      if (isRegExp(searchString)) throw new TypeError('regexp not supported');
      const T = toStr(searchString);
      const from = position === undefined ? 0 : clampPosition(position, S.length);
      return costly(S.length, T.length) ? find(S, T, from) >= 0 : includes(S, T, from);
    },
    split(separator, limit) {
      if (typeof this === 'string' && typeof separator === 'string' && !costly(this.length, separator.length))
        return split(this, separator, limit);
      if (this == null) return split(this, separator, limit);
      if (isObject(separator)) {
        const splitter = separator[symbolSplit];
        if (splitter !== undefined && splitter !== null) return apply(splitter, separator, [this, limit]);
      }
      const S = toStr(this);
      const lim = limit === undefined ? 4294967295 : limit >>> 0;
      const R = toStr(separator);
      if (separator === undefined || !costly(S.length, R.length)) return split(S, separator === undefined ? undefined : R, lim);
      const parts = [];
      if (lim === 0) return parts;
      let p = 0;
      for (;;) {
        const e = find(S, R, p);
        if (e < 0) break;
        parts[parts.length] = slice(S, p, e);
        if (parts.length === lim) return parts;
        p = e + R.length;
      }
      parts[parts.length] = slice(S, p);
      return parts;
    },
    replace(searchValue, replaceValue) {
      if (typeof this === 'string' && typeof searchValue === 'string' && !costly(this.length, searchValue.length))
        return replace(this, searchValue, replaceValue);
      return replaceString(this, searchValue, replaceValue, false);
    },
    replaceAll(searchValue, replaceValue) {
      if (typeof this === 'string' && typeof searchValue === 'string' && !costly(this.length, searchValue.length))
        return replaceAll(this, searchValue, replaceValue);
      return replaceString(this, searchValue, replaceValue, true);
    },
  };
  const replaceString = (O, searchValue, replaceValue, isAll) => {
    const native = isAll ? replaceAll : replace;
    if (O == null) return native(O, searchValue, replaceValue);
    if (isObject(searchValue)) {
      if (isAll && isRegExp(searchValue)) {
        const flags = searchValue.flags;
        if (flags === undefined || flags === null) throw new TypeError('cannot convert to object');
        if (indexOf(toStr(flags), 'g') < 0) throw new TypeError("regexp must have the 'g' flag");
      }
      const replacer = searchValue[symbolReplace];
      if (replacer !== undefined && replacer !== null) return apply(replacer, searchValue, [O, replaceValue]);
    }
    const S = toStr(O);
    const T = toStr(searchValue);
    const isFunctional = typeof replaceValue === 'function';
    const rep = isFunctional ? replaceValue : toStr(replaceValue);
    if (!costly(S.length, T.length)) return native(S, T, rep);
    let out = '';
    let end = 0;
    let isFound = false;
    for (;;) {
      const at = find(S, T, end);
      if (at < 0) break;
      isFound = true;
      out += slice(S, end, at);
      out += isFunctional ? toStr(apply(rep, undefined, [T, at, S])) : substitute(rep, T, S, at);
      end = at + T.length;
      if (!isAll) break;
    }
    return isFound ? out + slice(S, end) : S;
  };
  for (const name of Object.keys(methods)) {
    const wrapper = methods[name];
    defineProperty(wrapper, 'length', { value: SP[name].length });
    defineProperty(SP, name, { value: wrapper });
  }

${arrayWalksSource}

${typedArraysSource}

${jsonStringifySource(maxJsonDepth)}
})();
`;

export const BOUNDED_BUILTINS = boundedBuiltinsSource();
