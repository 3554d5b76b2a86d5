/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  plugins: [react(), cspMeta()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: {
    format: 'es',
  },
  server: {
    headers: DEV_CSP_HEADERS,
  },
  preview: {
    headers: CSP_HEADERS,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // The unit tests' host: ioredis-mock's globals (as the page, lab worker and CLI install
    // them) and sql.js for the engine's test harness.
    setupFiles: ['src/platform/vitestSetup.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on this project's 2-core
    // machine, with the second core idle. Two workers there; the default on a larger machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files in a worker share one module graph instead of importing the engine, React and
    // both stores afresh for each file: on 2 cores the suite went from 3.1 minutes (imports were
    // 130 s of it) to under one. Every file must therefore leave globals as it found them (spies
    // restored, ioredis-mock's Buffer polyfill kept off Node's global by ioredisMockGlobals);
    // `npx vitest run --sequence.shuffle` checks that no file depends on the order.
    isolate: false,
  },
});
