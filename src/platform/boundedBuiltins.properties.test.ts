import fc from 'fast-check';
import type { QuickJSContext } from 'quickjs-emscripten-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDED_BUILTINS, boundedBuiltinsSource } from './boundedBuiltins';
import { countdownOf } from './interruptCounter';
import { loadQuickJsNode } from './quickjsNode';

// The wrappers against QuickJS's own methods, on small inputs with bounds so tiny (4
// comparisons a slice, a prefix of 3, a walk of 6 indices, a native sort of 2, a typed join of 3
// elements a slice) that every search
// takes the sliced path, its prefix and its checks: the same answers, the same errors, and the
// learner's toString called as often, in the same order.

const runs = { numRuns: 400 };
let native: QuickJSContext;
let bounded: QuickJSContext;
const disposers: (() => void)[] = [];

/** A value given to a method: a string, a number, undefined, or an object whose toString logs. */
type Arg = { s: string } | { n: number } | { u: true } | { o: string };
const HELPERS = String.raw`
globalThis.__log = [];
globalThis.__mk = (a) => 'o' in a ? { toString() { __log.push(a.o); return a.o; } }
  : 'n' in a ? a.n : 'u' in a ? undefined : a.s;
globalThis.__try = (f) => { __log = []; try { return JSON.stringify({ v: f(), log: __log }); }
  catch (e) { return JSON.stringify({ threw: e.name, log: __log }); } };
`;

beforeAll(async () => {
  const quickjs = await loadQuickJsNode();
  for (const wrap of [false, true]) {
    const runtime = quickjs.newRuntime();
    const vm = runtime.newContext();
    vm.unwrapResult(vm.evalCode(HELPERS)).dispose();
    if (wrap) vm.unwrapResult(vm.evalCode(boundedBuiltinsSource(4, 3, 6, 2, 3))).dispose();
    if (wrap) bounded = vm;
    else native = vm;
    disposers.push(() => {
      vm.dispose();
      runtime.dispose();
    });
  }
});
afterAll(() => disposers.forEach((d) => d()));

const inBoth = (code: string): [unknown, unknown] =>
  [native, bounded].map((vm) => {
    const r = vm.unwrapResult(vm.evalCode(`__try(() => ${code})`));
    const out: unknown = JSON.parse(vm.getString(r));
    r.dispose();
    return out;
  }) as [unknown, unknown];

const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é'), maxLength: 14 });
const replacement = fc.string({
  unit: fc.constantFrom('a', '$', '&', '`', "'", '1', '<'),
  maxLength: 6,
});
const arg = (strings: fc.Arbitrary<string>): fc.Arbitrary<Arg> =>
  fc.oneof(
    { weight: 6, arbitrary: strings.map((s) => ({ s })) },
    { weight: 1, arbitrary: strings.map((o) => ({ o })) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: 20 }).map((n) => ({ n })) },
    { weight: 1, arbitrary: fc.constant({ u: true as const }) },
  );
const js = (a: Arg): string => `__mk(${JSON.stringify(a)})`;

describe('the bounded string searches answer as QuickJS does', () => {
  it.each(['indexOf', 'lastIndexOf', 'includes', 'split'])('%s', (method) => {
    fc.assert(
      fc.property(arg(text), arg(text), fc.option(arg(text), { nil: undefined }), (self, a, b) => {
        const args = b === undefined ? js(a) : `${js(a)}, ${js(b)}`;
        const [n, w] = inBoth(`String.prototype.${method}.call(${js(self)}, ${args})`);
        expect(w).toEqual(n);
      }),
      runs,
    );
  });

  it.each(['replace', 'replaceAll'])('%s, with $ patterns and with a function', (method) => {
    fc.assert(
      fc.property(
        arg(text),
        arg(text),
        fc.oneof(
          replacement.map((r) => JSON.stringify(r)),
          fc.constant('(m, at, s) => `[${m}@${at}/${s.length}]`'),
        ),
        (self, search, rep) => {
          const [n, w] = inBoth(
            `String.prototype.${method}.call(${js(self)}, ${js(search)}, ${rep})`,
          );
          expect(w).toEqual(n);
        },
      ),
      runs,
    );
  });

  it('keeps each method as it was seen: its name, its length, no constructor', () => {
    for (const m of ['indexOf', 'lastIndexOf', 'includes', 'split', 'replace', 'replaceAll'])
      expect(
        inBoth(
          `[String.prototype.${m}.name, String.prototype.${m}.length, 'prototype' in String.prototype.${m}]`,
        )[1],
      ).toEqual(
        inBoth(
          `[String.prototype.${m}.name, String.prototype.${m}.length, 'prototype' in String.prototype.${m}]`,
        )[0],
      );
  });
});

describe('the bounded Array methods and typed array sort', () => {
  it('answer as QuickJS does up to the walk bound, and refuse past it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null)), { maxLength: 8 }),
        fc.constantFrom(
          'indexOf(1)',
          'lastIndexOf(1)',
          'includes(2)',
          'reverse()',
          'copyWithin(0, 1)',
          'join()',
          'slice(1)',
          'concat([9])',
          'sort()',
        ),
        (items, call) => {
          const [n, w] = inBoth(`${JSON.stringify(items)}.${call}`);
          if (items.length <= 6) expect(w).toEqual(n);
          else expect(w).toMatchObject({ threw: 'RangeError' });
        },
      ),
      runs,
    );
  });

  it('flat and flatMap answer as QuickJS does on nested arrays up to the walk bound, and refuse past it', () => {
    type Nested = number | null | Nested[];
    const { tree } = fc.letrec<{ tree: Nested[]; item: Nested }>((tie) => ({
      tree: fc.array(tie('item'), { maxLength: 4 }),
      item: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer({ min: 0, max: 3 }),
        fc.constant(null),
        tie('tree'),
      ),
    }));
    // The indices flat walks: each array reached before its depth runs out, its length.
    const walked = (a: Nested[], depth: number): number =>
      a.length +
      (depth > 0
        ? a.reduce<number>((n, e) => n + (Array.isArray(e) ? walked(e, depth - 1) : 0), 0)
        : 0);
    const depths: [string, number][] = [
      ['', 1],
      ['undefined', 1],
      ['0', 0],
      ['1', 1],
      ['2', 2],
      ['1.7', 1],
      ["'2'", 2],
      ['-1', 0],
      ['NaN', 0],
      ['Infinity', Infinity],
    ];
    fc.assert(
      fc.property(tree, fc.constantFrom(...depths), (items, [arg, depth]) => {
        const [n, w] = inBoth(`${JSON.stringify(items)}.flat(${arg})`);
        if (walked(items, depth) <= 6) expect(w).toEqual(n);
        else expect(w).toMatchObject({ threw: 'RangeError' });
        const [nm, wm] = inBoth(
          `${JSON.stringify(items)}.flatMap(function (x, i, o) { return Array.isArray(x) ? x : [x, i, o.length, this.k]; }, { k: 'k' })`,
        );
        const mapped = items.map((x) => (Array.isArray(x) ? x.length : 4));
        if (items.length <= 6 && mapped.every((k) => k <= 6)) expect(wm).toEqual(nm);
        else expect(wm).toMatchObject({ threw: 'RangeError' });
      }),
      runs,
    );
    // A callback that is no function is refused as QuickJS refuses it.
    const [n, w] = inBoth('[1].flatMap(3)');
    expect(w).toEqual(n);
  });

  it('String.raw answers as QuickJS does up to the walk bound, and refuses past it', () => {
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 8 }),
        fc.array(arg(text), { maxLength: 4 }),
        (raw, subs) => {
          const args = [`{ raw: ${JSON.stringify(raw)} }`, ...subs.map(js)].join(', ');
          const [n, w] = inBoth(`String.raw(${args})`);
          if (raw.length <= 6) expect(w).toEqual(n);
          else expect(w).toMatchObject({ threw: 'RangeError' });
        },
      ),
      runs,
    );
  });

  it("joins a typed array past its slice as the native does: any kind, a view's offset, the separator made a string once", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'Int16Array',
          'Float16Array',
          'Float64Array',
          'Uint8ClampedArray',
          'BigInt64Array',
        ),
        fc.array(fc.integer({ min: -40_000, max: 40_000 }), { maxLength: 12 }),
        fc.nat(4),
        fc.option(arg(fc.string({ unit: fc.constantFrom('-', ',', ''), maxLength: 2 })), {
          nil: undefined,
        }),
        fc.boolean(),
        (kind, items, skip, separator, isLocale) => {
          const list = items.map((x) => (kind === 'BigInt64Array' ? `${x}n` : String(x))).join(',');
          const sep = separator === undefined ? '' : `__mk(${JSON.stringify(separator)})`;
          const call = isLocale ? 'toLocaleString()' : `join(${sep})`;
          const code = `new ${kind}([${list}]).subarray(${skip}).${call}`;
          const [n, w] = inBoth(code);
          expect(w).toEqual(n);
        },
      ),
      runs,
    );
  });

  it('sorts a typed array past the native bound in the same order: -0 before 0, NaN last', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, Infinity)), { maxLength: 12 }),
        (items) => {
          const list = items.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(',');
          const code = `Array.from(new Float64Array([${list}]).sort(), (x) => Object.is(x, -0) ? '-0' : String(x))`;
          const [n, w] = inBoth(code);
          expect(w).toEqual(n);
        },
      ),
      runs,
    );
  });
});

// What flat costs the learner's budget, in QuickJS's polls (each counted: the count to the next
// check set to 1). Its count of the arrays inside finds them natively, a poll an element: walked
// in a loop here, four, and a flat of 1,000,000 numbers (natively one poll) outran the budget.
describe("flat's cost in polls", () => {
  it('is about one poll an element of an array that holds no array', async () => {
    const quickjs = await loadQuickJsNode();
    const runtime = quickjs.newRuntime();
    const vm = runtime.newContext();
    vm.unwrapResult(vm.evalCode(BOUNDED_BUILTINS)).dispose();
    vm.unwrapResult(vm.evalCode('globalThis.a = new Array(10000).fill(0);')).dispose();
    const setCountdown = countdownOf(quickjs, vm);
    expect(setCountdown).not.toBeNull();
    let polls = 0;
    runtime.setInterruptHandler(() => {
      polls++;
      setCountdown?.(1);
      return false;
    });
    setCountdown?.(1);
    vm.unwrapResult(vm.evalCode('a.flat().length')).dispose();
    expect(polls).toBeGreaterThan(10_000);
    expect(polls).toBeLessThan(12_000);
    vm.dispose();
    runtime.dispose();
  });
});

describe('JSON.stringify with a list of names answers as QuickJS does', () => {
  // Its depth check builds the object it serializes: an integer name ("1") went first, before
  // the list's order, and "__proto__" set that object's prototype instead of being written.
  it.each([
    `JSON.stringify({ b: 1, 1: 2 }, ['b', '1'])`,
    `JSON.stringify({ a: { b: 1, 2: 3 } }, ['a', 'b', '2'])`,
    `JSON.stringify({ b: 1, a: 2, c: 3 }, ['b', 'a', 'b', 4])`,
    `JSON.stringify({}, ['__proto__'])`,
    `JSON.stringify(Object.defineProperty({}, '__proto__', { value: 1, enumerable: true }), ['__proto__'])`,
    `JSON.stringify([{ 0: 'x', k: [1, { k: 2, z: 3 }] }], ['k', '0'], 1)`,
    `JSON.stringify({ get b() { __log.push('b'); return 1; }, get a() { __log.push('a'); return 2; } }, ['a', 'b'])`,
  ])('%s', (code) => {
    const [n, w] = inBoth(code);
    expect(w).toEqual(n);
  });

  it('still refuses a value nested over 1,000 deep through the names listed', () => {
    const [, w] = inBoth(
      `(() => { let o = {}; for (let i = 0; i < 1500; i++) o = { o }; return JSON.stringify(o, ['o']); })()`,
    );
    expect(w).toEqual({ threw: 'RangeError', log: [] });
  });
});
