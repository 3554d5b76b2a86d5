/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import type { TestSequencer, TestSpecification, Vitest } from 'vitest/node';
import { BUILD_STAMP, buildInputsHash } from './e2e/setup/buildInputs.mjs';
import { LostFiles, recordWorkerDeaths } from './e2e/setup/unitWorkerDeaths.ts';
import { ioredisMockForPage } from './src/platform/ioredisMockSource.ts';

/**
 * The page's Content-Security-Policy: only its own scripts, workers and styles, WebAssembly
 * (sql.js) compiled with 'wasm-unsafe-eval' and no other eval, no inline script or style
 * element, no plugins, no other origins. React and recharts set styles through the CSSOM
 * (element.style), which style-src does not govern, so no 'unsafe-inline' is needed. Images
 * may be data: URLs: the lab draws a chart's SVG into a canvas that way to export a PNG.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Headers may say what a meta element cannot: no page may frame this one. */
const CSP_HEADERS = {
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
};

/**
 * The dev server's policy: the same, except that Vite's dev client and React Refresh need an
 * inline script, inline style elements (CSS hot updates) and a WebSocket.
 */
const DEV_CSP_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  )
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws: wss:"),
};

/** Writes the policy into the built index.html as a meta element (any static host keeps it). */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * The preview server serves the build's hashed files (`/assets/`, named by their content) as
 * immutable, as a static host should: a browser that has them never asks again, and keeps the
 * code it compiled from them. Served `no-cache` (sirv's default), each load revalidated them and
 * Chromium made its code cache for the main chunk afresh every other load, half a second of the
 * page's main thread (measured in the README); index.html still revalidates every time.
 */
function immutableAssets(): Plugin {
  return {
    name: 'immutable-assets',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/assets/'))
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        next();
      });
    },
  };
}

/**
 * The preview server sends a client on this machine its files as they are, not gzipped: Vite's
 * preview compresses every text file afresh for each request (the main chunk, 1 MB, in about 30 ms
 * of the server's CPU), which over loopback saves no time and costs the CPU the page shares with
 * it on the same cores. The end-to-end suite loads the page and its workers some 500 times a run:
 * the preview server was 5% of the run's CPU, most of it gzip. A client on another host (`npm run
 * preview -- --host`) still gets them compressed.
 */
function plainOnLoopback(): Plugin {
  const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
  return {
    name: 'plain-on-loopback',
    configurePreviewServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (loopback.has(req.socket.remoteAddress ?? '')) delete req.headers['accept-encoding'];
        next();
      });
    },
  };
}

/**
 * Leaves a stamp of the build's inputs in its output directory once every file is written, so
 * the end-to-end run serves this build instead of making the same one again (see
 * e2e/setup/buildInputs.mjs). The inputs are hashed as the build starts: a file changed during
 * the build makes a stamp that no longer matches, and the next run builds again.
 */
function buildInputsStamp(): Plugin {
  let root = '';
  let outDir = '';
  let mode = '';
  let hash = '';
  return {
    name: 'build-inputs-stamp',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
      mode = config.mode;
    },
    buildStart() {
      hash = buildInputsHash(root, mode);
    },
    writeBundle() {
      writeFileSync(join(outDir, BUILD_STAMP), `${hash}\n`);
    },
  };
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The page and its workers bundle ioredis-mock from its CommonJS sources rather than load its
 * prebuilt browser bundle, which carries crypto-browserify, stream-browserify and a process
 * polyfill whole (about 40% of the page's first load) and needs a global `require` and `window`.
 * Its sources need three things from Node: `crypto`'s SHA-1 and `stream`'s Readable (aliased to
 * src/platform/nodeShims), and `process` for `nextTick`, given to that one module by
 * {@link ioredisMockForPage}, which also leaves out COMMAND's tables. `Buffer` is the npm
 * package's, installed as a global by src/platform/ioredisMockGlobals.ts (ioredis reads it when
 * it loads).
 */
function ioredisMockFromSources(): Plugin {
  const source = /[\\/]node_modules[\\/]ioredis-mock[\\/]lib[\\/]index\.js$/;
  return {
    name: 'ioredis-mock-from-sources',
    transform(code, id) {
      if (!source.test(id)) return null;
      return { code: ioredisMockForPage(code), map: null };
    },
  };
}

/** Where the page's build finds what ioredis-mock's sources import (see above). */
const IOREDIS_MOCK_ALIASES = [
  { find: /^ioredis-mock$/, replacement: here('./node_modules/ioredis-mock/lib/index.js') },
  { find: /^crypto$/, replacement: here('./src/platform/nodeShims/crypto.ts') },
  { find: /^stream$/, replacement: here('./src/platform/nodeShims/stream.ts') },
  {
    find: /^(fs|path|os|util|child_process|readline-sync|tmp)$/,
    replacement: here('./src/platform/nodeShims/nodeOnly.ts'),
  },
];

/** Vitest runs the engine under Node, whose own modules ioredis-mock finds by itself. */
const isVitest = process.env.VITEST !== undefined;
if (isVitest) recordWorkerDeaths();

/**
 * Vitest's order of the test files, then the files that need a DOM (`@vitest-environment jsdom`)
 * after all the others. A worker runs files of one environment only: Vitest stops it and starts
 * another, which imports the engine, React and both stores afresh, whenever the next file's
 * environment differs from its own. In Vitest's own order the 41 jsdom files lay among the 269
 * others, and a full run started 68 workers instead of 4. `--sequence.shuffle` shuffles the files
 * as Vitest would (the same seed, the same order) before they are put in the two blocks; files of
 * two environments never share a worker, so their order across the blocks cannot matter.
 */
class FilesByEnvironment implements TestSequencer {
  private readonly ctx: Vitest;

  constructor(ctx: Vitest) {
    this.ctx = ctx;
  }

  // vitest/node is imported here, not at the top: `vite` and `vite build` read this file too.
  async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { BaseSequencer } = await import('vitest/node');
    return new BaseSequencer(this.ctx).shard(files);
  }

  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { sequence } = this.ctx.config;
    const { BaseSequencer } = await import('vitest/node');
    const ordered = sequence.shuffle
      ? shuffled(files, sequence.seed)
      : await new BaseSequencer(this.ctx).sort(files);
    const environments = await Promise.all(ordered.map(environmentOf));
    return [
      ...ordered.filter((_, i) => environments[i] === 'node'),
      ...ordered.filter((_, i) => environments[i] !== 'node'),
    ];
  }
}

/** A file's environment as Vitest reads it: its `@vitest-environment` comment, else the config's. */
async function environmentOf(spec: TestSpecification): Promise<string> {
  const code = await readFile(spec.moduleId, 'utf8');
  return (
    /@(?:vitest|jest)-environment\s+([\w-]+)\b/.exec(code)?.[1] ?? spec.project.config.environment
  );
}

/** Vitest's own seeded shuffle of the files (its RandomSequencer's), on a copy. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  for (let length = out.length; length > 0; seed++) {
    const x = Math.sin(seed) * 1e4;
    const index = Math.floor((x - Math.floor(x)) * length--);
    [out[length], out[index]] = [out[index], out[length]];
  }
  return out;
}

export default defineConfig({
  plugins: [
    react(),
    cspMeta(),
    immutableAssets(),
    plainOnLoopback(),
    ...(isVitest ? [] : [ioredisMockFromSources(), buildInputsStamp()]),
  ],
  resolve: { alias: isVitest ? [] : IOREDIS_MOCK_ALIASES },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: {
    format: 'es',
    plugins: () => (isVitest ? [] : [ioredisMockFromSources()]),
  },
  server: {
    headers: DEV_CSP_HEADERS,
  },
  // The dev server pre-bundles dependencies without the plugins above: ioredis-mock gets its
  // `process` there too, and fengari's `process.env` reads are the empty object a build makes
  // them (`npm start` opened a page that stopped at once on "process is not defined").
  optimizeDeps: {
    rolldownOptions: {
      plugins: [ioredisMockFromSources()],
      transform: { define: { 'process.env': '{}' } },
    },
  },
  preview: {
    headers: CSP_HEADERS,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // The unit tests' host: the globals the page's ioredis-mock needs (none beyond Node's own
    // here) and sql.js for the engine's test harness.
    setupFiles: ['src/platform/vitestSetup.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on this project's 2-core
    // machine, with the second core idle. Two workers there; the default on a larger machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files in a worker share one module graph instead of importing the engine, React and
    // both stores afresh for each file: on 2 cores the suite went from 3.1 minutes (imports were
    // 130 s of it) to under one. Every file must therefore leave globals as it found them (spies
    // restored, no global written that Node does not already have) and the module graph whole
    // (no vi.resetModules, which lint refuses: later files would load the engine again beside
    // ioredis-mock's old keyspaces);
    // `npx vitest run --sequence.shuffle` checks that no file depends on the order.
    isolate: false,
    sequence: { sequencer: FilesByEnvironment },
    reporters: ['default', new LostFiles()],
  },
});
