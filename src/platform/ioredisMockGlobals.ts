// Installs the two globals ioredis-mock's browser bundle needs before it loads. Import this
// first from every entry point that runs the engine (the page, the lab worker, the CLI, the
// unit tests' setup); the engine itself never writes globals.
//
// The bundle calls `require("fs")`, `require("path")` and `require("vm")` when it loads
// (upstream issue 1465) and writes `window.Buffer`. A page has no `require`, and a Web Worker
// or an ES module in Node has neither, so this provides a `require` that answers those names
// with empty objects and points `window` at the global object. Nothing in the bundle's code
// path we use touches what those modules would have provided.
const g = globalThis as unknown as { window?: unknown; require?: unknown };
g.window ??= globalThis;
g.require ??= (name: string): object => {
  if (name === 'fs' || name === 'path' || name === 'vm') return {};
  throw new Error(`require("${name}") is not available here`);
};
export {};
