import type { Page } from '@playwright/test';
import { expect, freshContextTest, test } from './fixtures';

// The fixtures themselves: each test's page is the worker's one shared page, and a test on it
// costs no browser context of its own (Playwright's `context` fixture makes one for every test
// that names it, whether or not a page is ever opened in it).

test('a test on the shared page runs with the worker’s one browser context and no other', async ({
  page,
  browser,
}) => {
  expect(browser.contexts()).toEqual([page.context()]);
  expect(page.context().pages()).toEqual([page]);
});

freshContextTest(
  'freshContextTest gives a page in a new context of its own',
  async ({ page, browser }) => {
    expect(browser.contexts()).toContain(page.context());
    expect(page.context().pages()).toEqual([page]);
    expect(page.url()).toBe('about:blank');
  },
);

test.describe('one after the other on the same page', () => {
  test.describe.configure({ mode: 'serial' });

  test('a test leaves a second page of its own open', async ({ page }) => {
    await page.context().newPage();
    expect(page.context().pages()).toHaveLength(2);
  });

  test('the next test finds only the shared page', async ({ page }) => {
    expect(page.context().pages()).toEqual([page]);
  });
});

test.describe('emulated media is put back for the next test', () => {
  test.describe.configure({ mode: 'serial' });

  const matches = (page: Page, query: string) =>
    page.evaluate((q) => window.matchMedia(q).matches, query);

  test('a test emulates forced colours, more contrast, print and full motion', async ({ page }) => {
    await page.emulateMedia({
      forcedColors: 'active',
      contrast: 'more',
      media: 'print',
      reducedMotion: 'no-preference',
    });
    expect(await matches(page, '(forced-colors: active)')).toBe(true);
  });

  test('the next test finds none of it, and the project’s reduced motion', async ({ page }) => {
    expect(await matches(page, '(forced-colors: active)')).toBe(false);
    expect(await matches(page, '(prefers-contrast: more)')).toBe(false);
    expect(await matches(page, 'print')).toBe(false);
    expect(await matches(page, '(prefers-reduced-motion: reduce)')).toBe(true);
  });
});
