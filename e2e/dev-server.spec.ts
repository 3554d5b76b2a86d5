import { test as base } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { CacheAsideLabApi } from '../src/lab/labApi';
import { expect, LabPage, SandboxPage } from './fixtures';

// The quick start's first command is `npm start`: Vite's dev server, which pre-bundles the
// dependencies its own way (without the build's plugins). Every other spec tests the production
// build; this one opens the page from the dev server, steps a scenario whose fills are Lua
// scripts (fengari), types in the Redis console, makes a short lab run (its worker), and sees no
// error on the page.

// Its own port beside the suite's, and its own dependency cache, so a dev server a developer
// has running is neither tested nor disturbed.
const port = Number(process.env.PW_PORT ?? 4173) + 100;
const test = base.extend<object, { devServer: ViteDevServer }>({
  devServer: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await createServer({
        cacheDir: 'node_modules/.vite-e2e',
        logLevel: 'warn',
        server: { port, strictPort: true, host: '127.0.0.1', open: false },
      });
      await server.listen();
      await use(server);
      await server.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

test('the page opens, steps and runs the lab from the dev server (npm start)', async ({
  devServer,
  browser,
}) => {
  // The first load pre-bundles the dependencies: slow on a busy machine.
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  expect(devServer.config.server.port).toBe(port);

  const sandbox = new SandboxPage(page);
  // Under the lease the fills are Lua scripts: they run in fengari, which reads `process`.
  await page.goto('/?scenario=stale-set&mitigation=lease');
  await expect(sandbox.resetButton).toBeEnabled({ timeout: 120_000 });
  await sandbox.waitUntilReady();
  for (let i = 0; i < 6; i++) await sandbox.stepButton.click();
  await expect(sandbox.logLines).toContainText('"EVAL"');
  await sandbox.redisConsole.fill('SET greeting hello');
  await sandbox.redisConsole.press('Enter');
  await expect(sandbox.redisOutput).toContainText('OK');

  const lab = new LabPage(page);
  await lab.open();
  const summary = await page.evaluate(() =>
    (window.cacheAside?.lab as CacheAsideLabApi).run({ requests: 2000, keys: 50, seed: 1 }),
  );
  expect(summary.requests).toBe(2000);
  expect(errors).toEqual([]);
  await context.close();
});
