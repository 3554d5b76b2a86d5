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

  const group = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  const toLength = (v) => {
    const n = +v;
    return n !== n || n <= 0 ? 0 : n === Infinity ? 9007199254740991 : trunc(n);
  };
  const refuse = (name, length) =>
    new RangeError(name + ' would walk ' + group(length) + ' indices; one call here walks at most ' +
      group(MAX_WALK) + ', more than any array in this sandbox holds (is its length what you meant?)');
  const checkWalk = (name, O) => {
    const length = toLength(O.length);
    if (length > MAX_WALK) throw refuse(name, length);
  };
  const AP = Array.prototype;
  const walkers = ['indexOf', 'lastIndexOf', 'includes', 'forEach', 'map', 'filter', 'some',
    'every', 'reduce', 'reduceRight', 'reverse', 'copyWithin', 'fill', 'join', 'toLocaleString',
    'slice', 'splice', 'sort', 'shift', 'unshift', 'toReversed', 'toSorted',
    'toSpliced', 'with'];
  for (const name of walkers) {
    const native = AP[name];
    if (typeof native !== 'function') continue;
    const label = 'Array.prototype.' + name;
    const wrapper = {
      [name]() {
        if (this !== undefined && this !== null) checkWalk(label, Object(this));
        return apply(native, this, arguments);
      },
    }[name];
    defineProperty(wrapper, 'length', { value: native.length });
    defineProperty(AP, name, { value: wrapper });
  }
  // flat and flatMap walk the arrays inside as well, which the walk bound above did not see:
  // [Array(2 ** 32 - 1)].flat() walks 4 billion holes (0.5 s for 2 ** 24), and 26 levels of
  // a = [a, a] over an empty array are 67 million arrays to flat(Infinity) (7 to 9 s; 40, hours),
  // all in one call. flat counts first, in JavaScript (which polls), the indices it would walk,
  // each array reached to its depth, and refuses a total over MAX_WALK; flatMap checks each array
  // its callback returns, as it comes.
  const toDepth = (v) => {
    const n = +v;
    return n !== n ? 0 : trunc(n);
  };
  const nestedWalk = (O, length, depth, walked) => {
    let total = walked + length;
    if (total > MAX_WALK) throw refuse('Array.prototype.flat', total);
    if (!(depth > 0)) return total;
    // Found natively first (a poll an element, not the loop's four): a flat of 500,000 numbers
    // walked here in JavaScript alone outran the guard's budget, where the native flat is cheap.
    const first = apply(nativeFindIndex, O, [isArray]);
    if (first < 0) return total;
    for (let i = first; i < length; i++) {
      const e = O[i];
      if (isArray(e)) total = nestedWalk(e, toLength(e.length), depth - 1, total);
    }
    return total;
  };
  const nativeFlat = AP.flat;
  const nativeFindIndex = AP.findIndex;
  const flatWrapper = {
    flat(depth) {
      if (this === undefined || this === null) return apply(nativeFlat, this, [depth]);
      const O = Object(this);
      const length = toLength(O.length);
      const d = depth === undefined ? 1 : toDepth(depth);
      nestedWalk(O, length, d, 0);
      return apply(nativeFlat, O, [d]);
    },
  }.flat;
  defineProperty(flatWrapper, 'length', { value: nativeFlat.length });
  defineProperty(AP, 'flat', { value: flatWrapper });
  const nativeFlatMap = AP.flatMap;
  const flatMapWrapper = {
    flatMap(callback, thisArg) {
      if (this !== undefined && this !== null) checkWalk('Array.prototype.flatMap', Object(this));
      if (typeof callback !== 'function') return apply(nativeFlatMap, this, [callback, thisArg]);
      const checked = function () {
        const r = apply(callback, this, arguments);
        if (isArray(r)) checkWalk('Array.prototype.flatMap', r);
        return r;
      };
      return apply(nativeFlatMap, this, [checked, thisArg]);
    },
  }.flatMap;
  defineProperty(flatMapWrapper, 'length', { value: nativeFlatMap.length });
  defineProperty(AP, 'flatMap', { value: flatMapWrapper });
  const isSpreadable = (v) => {
    if (!isObject(v)) return false;
    const s = v[symbolSpreadable];
    return s !== undefined ? !!s : isArray(v);
  };
  const concat = AP.concat;
  const concatWrapper = {
    concat() {
      if (this !== undefined && this !== null) {
        const O = Object(this);
        if (isSpreadable(O)) checkWalk('Array.prototype.concat', O);
      }
      for (let i = 0; i < arguments.length; i++)
        if (isSpreadable(arguments[i])) checkWalk('Array.prototype.concat', arguments[i]);
      return apply(concat, this, arguments);
    },
  }.concat;
  defineProperty(concatWrapper, 'length', { value: concat.length });
  defineProperty(AP, 'concat', { value: concatWrapper });

  // String.raw walks its template's raw.length: read here once, checked, handed on as it was.
  const nativeRaw = String.raw;
  const rawWrapper = {
    raw(template, ...substitutions) {
      if (template === undefined || template === null) return apply(nativeRaw, String, [template, ...substitutions]);
      const literals = Object(template).raw;
      if (literals !== undefined && literals !== null) checkWalk('String.raw', Object(literals));
      return apply(nativeRaw, String, [{ raw: literals }, ...substitutions]);
    },
  }.raw;
  defineProperty(rawWrapper, 'length', { value: nativeRaw.length });
  defineProperty(String, 'raw', { value: rawWrapper });

  // A typed array's default order: numbers ascending, -0 before +0, NaN last (BigInts too).
  const numericOrder = (x, y) => {
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) {
      if (x === 0 && typeof x === 'number') {
        const a = 1 / x;
        const b = 1 / y;
        return a < b ? -1 : a > b ? 1 : 0;
      }
      return 0;
    }
    return x !== x ? (y !== y ? 0 : 1) : -1;
  };
  const TAP = getPrototypeOf(Uint8Array.prototype);
  const typedLength = uncurry(getOwnPropertyDescriptor(TAP, 'length').get);
  const lengthOfTyped = (v) => {
    try {
      return typedLength(v);
    } catch {
      return 0;
    }
  };
  for (const name of ['sort', 'toSorted']) {
    const native = TAP[name];
    if (typeof native !== 'function') continue;
    const wrapper = {
      [name](comparefn) {
        return apply(native, this, [comparefn === undefined && lengthOfTyped(this) > NATIVE_SORT_MAX ? numericOrder : comparefn]);
      },
    }[name];
    defineProperty(wrapper, 'length', { value: native.length });
    defineProperty(TAP, name, { value: wrapper });
  }
  // join and toLocaleString past the slice: each slice joined natively (a poll between two), the
  // slices joined with the same separator. The separator is made a string once, after the
  // length is read, as the native does; toLocaleString's separator is QuickJS's own ",".
  // A slice is a view made with the array's own intrinsic constructor (by its toStringTag), not
  // subarray, which would call a constructor the learner's code set on the array (species).
  const tagOf = uncurry(getOwnPropertyDescriptor(TAP, Symbol.toStringTag).get);
  const bufferOf = uncurry(getOwnPropertyDescriptor(TAP, 'buffer').get);
  const offsetOf = uncurry(getOwnPropertyDescriptor(TAP, 'byteOffset').get);
  // Every kind this build has (Float16Array too), found by its prototype, not from a list.
  const typedConstructors = {};
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    const C = globalThis[name];
    if (typeof C === 'function' && C.prototype && getPrototypeOf(C.prototype) === TAP) typedConstructors[name] = C;
  }
  const view = (ta, start, end) => {
    const C = typedConstructors[tagOf(ta)];
    return new C(bufferOf(ta), offsetOf(ta) + start * C.BYTES_PER_ELEMENT, end - start);
  };
  const nativeArrayJoin = uncurry(Array.prototype.join);
  for (const name of ['join', 'toLocaleString']) {
    const native = TAP[name];
    if (typeof native !== 'function') continue;
    const wrapper = {
      [name](...args) {
        const n = lengthOfTyped(this);
        if (n <= TYPED_JOIN_SLICE) return apply(native, this, args);
        let separator = ',';
        if (name === 'join') {
          if (args[0] !== undefined) separator = String(args[0]);
          args = [separator];
        }
        const parts = [];
        for (let i = 0; i < n; i += TYPED_JOIN_SLICE)
          parts.push(apply(native, view(this, i, min(i + TYPED_JOIN_SLICE, n)), args));
        return nativeArrayJoin(parts, separator);
      },
    }[name];
    defineProperty(wrapper, 'length', { value: native.length });
    defineProperty(TAP, name, { value: wrapper });
  }

  // JSON.stringify recurses in C once a level, and QuickJS's stack check does not see it: a value
  // nested 10,000 deep ran the page's own stack out (a RangeError out of WebAssembly, thrown out
  // of the Step). Each value now passes a replacer that knows its depth, refused past
  // MAX_JSON_DEPTH, as Redis' cjson refuses to encode past 1,000. The serializer goes depth
  // first and calls the replacer with the value's holder as \`this\`, so the objects open from
  // the root to that holder are a stack (no map of them). A replacer of the learner's runs
  // first, as it would; a list of names is applied here, in its order.
  const MAX_JSON_DEPTH = ${maxJsonDepth};
  const nativeStringify = JSON.stringify;
  const SafeSet = Set;
  const classOf = uncurry(Object.prototype.toString);
  // The call in progress (a replacer of the learner's may call JSON.stringify again).
  let open = null;
  let given;
  let names;
  const deeper = function (key, v) {
    if (given !== undefined) v = apply(given, this, [key, v]);
    if (typeof v !== 'object' || v === null) return v;
    let n = open.length;
    while (n > 0 && open[n - 1] !== this) n--;
    // The holder is not open only for the root's, made by the serializer itself.
    if (n === 0) open[n++] = this;
    if (n > MAX_JSON_DEPTH)
      throw new RangeError(
        'JSON.stringify: the value is nested more than ' + MAX_JSON_DEPTH + ' deep (or holds itself)',
      );
    if (names !== undefined && !isArray(v)) v = picked(v, names);
    open[n] = v;
    open.length = n + 1;
    return v;
  };
  // The listed names of \`v\`, read once each in the list's order, written in that order, as the
  // serializer does with the list: copied into an object of our own, "1" went before "b" (an
  // integer key goes first) and "__proto__" set that object's prototype, not a property.
  const SafeMap = Map;
  const SafeProxy = Proxy;
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const mapHas = uncurry(Map.prototype.has);
  const picked = (v, list) => {
    const values = new SafeMap();
    for (let i = 0; i < list.length; i++) mapSet(values, list[i], v[list[i]]);
    return new SafeProxy(
      {},
      {
        ownKeys: () => {
          const keys = [];
          for (let i = 0; i < list.length; i++) keys[i] = list[i];
          return keys;
        },
        getOwnPropertyDescriptor: (_, key) =>
          mapHas(values, key)
            ? { value: mapGet(values, key), writable: true, enumerable: true, configurable: true }
            : undefined,
        get: (_, key) => mapGet(values, key),
      },
    );
  };
  const stringify = {
    stringify(value, replacer, space) {
      const outer = [open, given, names];
      open = [];
      given = typeof replacer === 'function' ? replacer : undefined;
      names = undefined;
      if (given === undefined && isArray(replacer)) {
        names = [];
        const seen = new SafeSet();
        for (let i = 0; i < replacer.length; i++) {
          const item = replacer[i];
          const kind = typeof item === 'object' && item !== null ? classOf(item) : typeof item;
          if (
            kind === 'string' ||
            kind === 'number' ||
            kind === '[object String]' ||
            kind === '[object Number]'
          ) {
            const name = toStr(item);
            if (!seen.has(name)) names[names.length] = name;
            seen.add(name);
          }
        }
      }
      try {
        return nativeStringify(value, deeper, space);
      } finally {
        [open, given, names] = outer;
      }
    },
  }.stringify;
  defineProperty(stringify, 'length', { value: 3 });
  defineProperty(JSON, 'stringify', { value: stringify });
})();
`;

export const BOUNDED_BUILTINS = boundedBuiltinsSource();
