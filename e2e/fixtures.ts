import { test as base, expect, type Page } from '@playwright/test';
import type {} from '../src/store/automationApi';

/** Opens the sandbox and waits until both stores are loaded and the page accepts input. */
export async function openSandbox(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeEnabled();
  await page.waitForFunction(() => window.cacheAside?.state !== undefined);
}

/**
 * `test` with a guard that fails any test whose page logs an error or throws: "no console
 * errors in any test".
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
