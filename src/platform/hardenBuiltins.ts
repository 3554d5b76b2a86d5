/**
 * Run in the learner's sandbox once its code is loaded, before any of it runs: freezes the
 * global object and everything reachable from it, the built-in prototypes included (and the
 * prototypes no global names: the iterators', the generators'), so no run can change what the
 * next one sees: a patched `Array.prototype.includes` would otherwise hold for every later
 * request, interleaving and check in the same runtime.
 *
 * Freezing a prototype alone would make every inherited property read-only ("the override
 * mistake"): in strict code, `this.name = 'NotFound'` in an Error subclass, or
 * `obj.toString = ...` on an object of one's own, would throw. So first, as Hardened
 * JavaScript's property overrides do, each writable data property of a prototype becomes an
 * accessor: its getter returns the same value, and its setter defines an own property on the
 * object assigned to, or refuses with a TypeError that names the property when that object is a
 * built-in itself. This runs once per runtime; a run pays only a getter call where it reads an
 * inherited method.
 */
export const HARDEN_BUILTINS = String.raw`
'use strict';
(() => {
  const { defineProperty, freeze, getOwnPropertyDescriptor, getPrototypeOf, hasOwn } = Object;
  const ownKeys = Reflect.ownKeys;
  const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
  const keyText = (key) => (typeof key === 'symbol' ? '[' + key.description + ']' : '.' + key);

  const hardened = new WeakSet();
  const labels = new Map();
  const prototypes = new Set();
  const queue = [];
  // Names are only for the refusal's message. The walk is breadth first, so an object keeps
  // about its shortest name: Object.prototype, not Function.prototype.constructor.prototype.
  const reach = (v, parent, key) => {
    if (!isObject(v)) return;
    if (parent !== undefined && !labels.has(v)) {
      const name = key === undefined ? parent : parent === '' ? String(key) : parent + keyText(key);
      labels.set(v, name);
    }
    if (hardened.has(v)) return;
    hardened.add(v);
    queue.push(v);
  };
  // Prototypes no global names: reached only through an instance.
  const unnamed = [
    [[].values(), '%ArrayIteratorPrototype%'],
    [new Map().values(), '%MapIteratorPrototype%'],
    [new Set().values(), '%SetIteratorPrototype%'],
    [''[Symbol.iterator](), '%StringIteratorPrototype%'],
    [/a/[Symbol.matchAll](''), '%RegExpStringIteratorPrototype%'],
    [function* () {}, '%GeneratorFunction.prototype%'],
    [async function () {}, '%AsyncFunction.prototype%'],
    [async function* () {}, '%AsyncGeneratorFunction.prototype%'],
  ];
  if (typeof Iterator === 'function') {
    if (typeof Iterator.prototype.map === 'function')
      unnamed.push([[].values().map((x) => x), '%IteratorHelperPrototype%']);
    if (typeof Iterator.from === 'function')
      unnamed.push([Iterator.from({ next() {} }), '%WrapForValidIteratorPrototype%']);
  }
  reach(globalThis, 'globalThis');
  for (const [instance, label] of unnamed) {
    const proto = getPrototypeOf(instance);
    prototypes.add(proto);
    reach(proto, label);
  }
  for (let i = 0; i < queue.length; i++) {
    const obj = queue[i];
    // The globals are named by their own names: Array, not globalThis.Array.
    const label = obj === globalThis ? '' : labels.get(obj);
    const proto = getPrototypeOf(obj);
    if (proto !== null) prototypes.add(proto);
    reach(proto);
    for (const key of ownKeys(obj)) {
      const d = getOwnPropertyDescriptor(obj, key);
      if ('value' in d) {
        if (key === 'prototype' && isObject(d.value)) prototypes.add(d.value);
        reach(d.value, label, key);
      } else {
        reach(d.get);
        reach(d.set);
      }
    }
  }

  const refuse = (target, key) =>
    new TypeError(
      (labels.has(target) ? labels.get(target) + keyText(key) : 'a built-in\'s ' + String(key)) +
        ' cannot be changed: the built-ins are frozen so that no request can change them for' +
        ' the next (write a function or an object of your own instead)',
    );
  const accessors = [];
  for (const proto of prototypes) {
    for (const key of ownKeys(proto)) {
      const d = getOwnPropertyDescriptor(proto, key);
      if (!('value' in d) || !d.writable || !d.configurable) continue;
      const value = d.value;
      const { get, set } = {
        get() {
          return value;
        },
        // What assigning to an object of the learner's would do were the prototype not frozen:
        // create an own property, or set the one it has (reached through Reflect.set or super).
        set(v) {
          if (hardened.has(this)) throw refuse(this, key);
          if (hasOwn(this, key)) this[key] = v;
          else
            defineProperty(this, key, {
              value: v,
              writable: true,
              enumerable: true,
              configurable: true,
            });
        },
      };
      defineProperty(proto, key, { get, set, enumerable: d.enumerable, configurable: true });
      accessors.push(get, set);
    }
  }
  for (const obj of queue) freeze(obj);
  for (const fn of accessors) {
    hardened.add(fn);
    freeze(fn);
  }
})();
`;
