import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/setup/find-chromium.mjs';

// PW_PORT lets two checkouts (or two engineers) test their own builds side by side.
const port = Number(process.env.PW_PORT ?? 4173);
const outDir = process.env.PW_OUT_DIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts/,
  fullyParallel: true,
  // Two workers on this project's 2-core machine, as CI runs them (Playwright's own default, half
  // the cores, would give a newcomer's `npm test` one); half the cores on a larger machine.
  workers: Math.max(2, Math.floor(availableParallelism() / 2)),
  // On CI a test that fails is run once more, and the report names it "flaky" if the second
  // passes: a fresh machine shared with other work can stretch one wait past its timeout (the
  // run of 17b7d77 lost the accessibility spec that way once). Locally it fails at once.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A trace (every action with the page's DOM before and after it) is recorded when CI runs a
    // failed test again, not for every test: recording one for each test that then passes cost
    // the suite a sixth of its time (presenter and race-scenarios specs: 64 s with, 53 s without;
    // with the screencast too it was 1.5x). Locally `npx playwright test --trace on` records them.
    trace: 'on-first-retry',
    video: 'off',
    // Pages run with prefers-reduced-motion: reduce, so a Step's message does not travel across
    // the diagram for up to 0.9 s of frames (style, paint, raster, composite in four processes)
    // that no test looks at. A test whose subject is motion asks for it with
    // `page.emulateMedia({ reducedMotion: 'no-preference' })` (motion.spec.ts, the presenter's
    // glides); the page is checked under both.
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: findChromium(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // The build is skipped when outDir holds one of the same sources (`.ci/run` builds just before).
    command: `node e2e/setup/build-once.mjs ${outDir} && npx vite preview --outDir ${outDir} --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    // Never test a server this run did not start: a build already serving on the port (another
    // checkout's, an old one) would be tested without a word.
    reuseExistingServer: false,
    timeout: 180_000,
  },
});
