import { expect, test } from './fixtures';

// 200% zoom of a 1280×720 window: the settings sit above the results, the Run bar sticks on top.
test.use({ viewport: { width: 640, height: 360 } });

test('at 640×360 Shift+Tab from Run sweep never leaves the focused control under the Run bar', async ({
  lab,
  page,
}) => {
  // The link runs (2,000 requests are enough to draw every chart and its export button); a
  // press of Run after it had made a second run of 20,000, waiting for the first to end.
  await lab.open('?requests=2000');
  await lab.statusSays('Finished:', 60_000);
  await lab.settled();
  await page.getByRole('button', { name: 'Run sweep' }).focus();
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return {
        name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName,
        isInRunBar: el.closest('.lab-runbar') !== null,
        isShown: top !== null && (top === el || el.contains(top)),
      };
    });
    // Up to the Run bar itself: the controls above it are not under it.
    if (focused.isInRunBar) break;
    seen.push(focused.name);
    expect(focused.isShown, `"${focused.name}" is covered`).toBe(true);
  }
  // The way up passes the comparison and each chart's export.
  expect(seen).toContain('Add current settings to comparison');
  expect(seen).toContain('Export "Request latency" as PNG');
});

test('at 640 px, where the settings sit above the results, no hint points to them "on the left"', async ({
  lab,
  page,
}) => {
  await lab.open();
  await expect(page.getByText('One run per TTL, with the other settings.')).toBeVisible();
  await expect(page.getByText(/Set the workload in the settings/)).toBeVisible();
  await expect(page.getByText(/on the left/)).toHaveCount(0);
});
