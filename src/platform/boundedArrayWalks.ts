// Part of the sandbox's bounded built-ins (boundedBuiltins.ts), which this source runs inside of:
// it uses the names that file's source declares before it (apply, defineProperty, MAX_WALK...).

/**
 * The Array methods that walk every index of `length` without a call back for each refuse a
 * length over MAX_WALK with a RangeError naming the method and the bound; `flat` counts the
 * indices of the arrays inside first, `flatMap` checks each array its callback returns, `concat`
 * each spreadable argument, and `String.raw` its template's `raw.length`.
 */
export const arrayWalksSource = String.raw`  const group = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
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
  defineProperty(String, 'raw', { value: rawWrapper });`;
