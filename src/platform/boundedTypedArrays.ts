// Part of the sandbox's bounded built-ins (boundedBuiltins.ts), which this source runs inside of:
// it uses the names that file's source declares before it (apply, defineProperty, uncurry...).

/**
 * A typed array's `sort()` (and `toSorted()`) past NATIVE_SORT_MAX elements sorts with a
 * comparator of the same order, which polls; its `join` and `toLocaleString` past
 * TYPED_JOIN_SLICE elements join natively in slices of that many from a loop, which polls.
 */
export const typedArraysSource = String.raw`  // A typed array's default order: numbers ascending, -0 before +0, NaN last (BigInts too).
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
  }`;
