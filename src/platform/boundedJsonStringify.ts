// Part of the sandbox's bounded built-ins (boundedBuiltins.ts), which this source runs inside of:
// it uses the names that file's source declares before it (apply, defineProperty, uncurry...).

/**
 * `JSON.stringify` refuses a value nested more than `maxJsonDepth` deep with a RangeError (see
 * `MAX_JSON_DEPTH` in boundedBuiltins.ts), through a replacer that knows each value's depth.
 */
export const jsonStringifySource = (
  maxJsonDepth: number,
): string => String.raw`  // JSON.stringify recurses in C once a level, and QuickJS's stack check does not see it: a value
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
  defineProperty(JSON, 'stringify', { value: stringify });`;
