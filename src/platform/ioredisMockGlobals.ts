// Installs the one global ioredis-mock needs before it loads. Import this first from every
// entry point that runs the engine (the page, the workers, the CLI, the unit tests' setup); the
// engine itself never writes globals.
//
// The page and its workers bundle ioredis-mock from its sources (see vite.config.ts), and those
// sources, and ioredis' own that they import, use Node's `Buffer` as a global. A page or a
// worker has none, so the npm `buffer` package (the one Node's is modelled on) stands in. Under
// Node this import is Node's own module and its `Buffer` is already global: nothing changes.
import { Buffer } from 'buffer';

const g = globalThis as unknown as { Buffer?: unknown };
g.Buffer ??= Buffer;
export {};
