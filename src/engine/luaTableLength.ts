// `#t` as Lua 5.1 (Redis') answers it for a table with holes. Any border is a valid answer, and
// which one each Lua finds depends on how it stores the table: 5.1 searches the table's array
// part first (as long as its constructor's list), then past it; fengari, which keeps every key
// in one Map, searched from its count of keys. `#{nil, nil, 3}` was 0 here (Redis: 3),
// `local t = {} t[2] = 2 return #t` 2 (Redis: 0), `#{1, 2, 3}` after `t[5] = 5` 5 (Redis: 3).
// A table's array part is modelled as the longest list it was given by a constructor (or by a
// library building one in order); the growth 5.1 gives it on assignment is not.
import ltable from 'fengari/src/ltable.js';

/** A fengari table, as its module hands it over: the array part this adds. */
interface SizedTable {
  arraySize51: number;
}

/** Lua 5.1's `luaH_getn`: a border found in the array part, or searched for past it. */
function length51(t: object): number {
  const isNil = (i: number): boolean => ltable.luaH_getint(t, i).ttisnil();
  let j = (t as SizedTable).arraySize51;
  if (j > 0 && isNil(j)) {
    let i = 0;
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (isNil(m)) j = m;
      else i = m;
    }
    return i;
  }
  // 5.1's unbound_search.
  let i = j;
  j++;
  while (!isNil(j)) {
    i = j;
    if (j > 2 ** 30) {
      let k = 1;
      while (!isNil(k)) k++;
      return k - 1;
    }
    j *= 2;
  }
  while (j - i > 1) {
    const m = Math.floor((i + j) / 2);
    if (isNil(m)) j = m;
    else i = m;
  }
  return i;
}

/**
 * The array size 5.1's constructor gives a list of `n` items: `n` written as its instruction's
 * "floating point byte" (`luaO_int2fb`, rounding up past 15) and read back (`#` of a 17-item
 * list with holes searches 18 slots).
 */
function constructorSize(n: number): number {
  let x = n;
  let e = 0;
  while (x >= 16) {
    x = (x + 1) >> 1;
    e++;
  }
  return x * 2 ** e;
}

let isPatched = false;

/**
 * Makes `#t`, `table.getn` and what reads a table's length (`unpack`, `table.insert`) answer
 * as Lua 5.1 does. Idempotent.
 */
export function lengthAsLua51(): void {
  if (isPatched) return;
  isPatched = true;
  (ltable.Table.prototype as SizedTable).arraySize51 = 0;
  // A constructor's list (OP_SETLIST, its last item first) and JavaScript's `lua_rawseti` set
  // their items here; an assignment does not.
  const setItem = ltable.luaH_setint;
  ltable.luaH_setint = (t, key, value) => {
    if (key > (t as SizedTable).arraySize51) (t as SizedTable).arraySize51 = constructorSize(key);
    setItem(t, key, value);
  };
  ltable.luaH_getn = length51;
}
