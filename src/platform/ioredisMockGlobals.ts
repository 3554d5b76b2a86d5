// Installs the two globals ioredis-mock's browser bundle needs before it loads. Import this
// first from every entry point that runs the engine (the page, the lab worker, the CLI, the
// unit tests' setup); the engine itself never writes globals.
//
// The bundle calls `require("fs")`, `require("path")` and `require("vm")` when it loads
// (upstream issue 1465) and writes `window.Buffer`. A page has no `require`, and a Web Worker
// or an ES module in Node has neither, so this provides a `require` that answers those names
// with empty objects and gives it a `window`. Nothing in the bundle's code path we use touches
// what those modules would have provided.
//
// In a page or a worker that `window` is the global object, so the bundle's Buffer polyfill
// becomes the global `Buffer`, as the bundle expects. In Node the global `Buffer` is Node's own,
// which other code relies on (ioredis tells a string reply from bytes with it): there `window`
// is an object that reads through to the global one but keeps what is written to it, so the
// polyfill stays the bundle's and Node's Buffer stays everyone else's. (A proxy, not an object
// inheriting from the global one: Node's `crypto` getter refuses any other receiver.)
const g = globalThis as unknown as { window?: unknown; require?: unknown; Buffer?: unknown };
g.window ??= typeof g.Buffer === 'function' ? readThroughWindow() : globalThis;

function readThroughWindow(): object {
  const written = new Map<PropertyKey, unknown>();
  const global = globalThis as unknown as Record<PropertyKey, unknown>;
  return new Proxy(
    {},
    {
      get: (_, name) => (written.has(name) ? written.get(name) : global[name]),
      has: (_, name) => written.has(name) || name in globalThis,
      set: (_, name, value) => {
        written.set(name, value);
        return true;
      },
    },
  );
}
g.require ??= (name: string): object => {
  if (name === 'fs' || name === 'path' || name === 'vm') return {};
  throw new Error(`require("${name}") is not available here`);
};
export {};
