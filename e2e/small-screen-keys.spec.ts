import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// A keyboard-only learner on a phone (375 px) and on a laptop at 200% zoom (1280x800 drawn at
// 640x400): what they open stays on the screen and what has the focus shows it.

/** How far the page scrolls sideways (0 or less: not at all). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

for (const viewport of [
  { width: 375, height: 740 },
  { width: 640, height: 400 },
]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test("a setting's ? opens its definition on the screen, and the page does not scroll sideways", async ({
      page,
      sandbox,
    }) => {
      // The definition hung from the ? by its left edge, 40 characters wide: the write policy's
      // at 375 px and the read mitigation's at 640 px ran past the screen's right edge, cut
      // mid-word, and the whole page scrolled sideways.
      await sandbox.open('?scenario=stale-set-lease&step=2');
      for (const name of ['What is invalidate?', 'What is lease?']) {
        const help = page.getByRole('button', { name });
        await help.focus();
        await page.keyboard.press('Enter');
        await expect(help).toHaveAttribute('aria-expanded', 'true');
        const definition = page.getByRole('note');
        await expect(definition).toBeVisible();
        const box = (await definition.boundingBox())!;
        expect(box.x, name).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
        expect(await sideways(page), name).toBeLessThanOrEqual(0);
        // Escape closes it and leaves the focus on its ?.
        await page.keyboard.press('Escape');
        await expect(definition).toHaveCount(0);
        await expect(help).toBeFocused();
      }
    });
  });
}
