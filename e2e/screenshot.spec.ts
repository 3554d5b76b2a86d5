import { openSandbox, test } from './fixtures';

test('screenshot of the stale-read story', async ({ page }) => {
  test.skip(!process.env.SCREENSHOT, 'run with SCREENSHOT=1 to refresh the picture');
  await page.setViewportSize({ width: 1600, height: 1400 });
  await openSandbox(page, '?scenario=stale-read');
  await page.evaluate(() => window.cacheAside!.step(3));
  await page.waitForTimeout(1200);
  await page.screenshot({ path: 'test-results/sandbox.png', fullPage: true });
});
