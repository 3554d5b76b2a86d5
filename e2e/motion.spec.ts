import { expect, openSandbox, test } from './fixtures';

test.describe('motion', () => {
  test('a step animates the command travelling to Redis and the reply coming back', async ({
    page,
    sandbox,
  }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await openSandbox(page, '?scenario=cold-read');
    await sandbox.stepButton.click();
    const dot = page.locator('.message.animated .message-dot.request');
    await expect(dot).toHaveCount(1);
    expect(await dot.evaluate((el) => getComputedStyle(el).animationName)).toBe('travel-out');
  });

  test('under prefers-reduced-motion nothing moves and every label is shown at once', async ({
    page,
    sandbox,
  }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openSandbox(page, '?scenario=cold-read');
    await sandbox.stepButton.click();
    const message = sandbox.diagramMessage;
    await expect(message).toContainText('(nil)');
    const names = await message
      .locator('.message-dot, .reply-text')
      .evaluateAll((els) => els.map((el) => getComputedStyle(el).animationName));
    expect(names.every((n) => n === 'none')).toBe(true);
  });
});
