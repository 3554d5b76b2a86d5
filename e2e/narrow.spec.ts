import { expect, test } from './fixtures';

test.use({ viewport: { width: 375, height: 667 } });

test('on a phone the diagram keeps readable text and scrolls sideways by itself, by keyboard too', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set&step=5');
  const diagram = page.getByRole('figure', { name: /Application processes, Redis and SQLite/ });
  const label = diagram.getByText('STALE FILL', { exact: true });
  await expect(label).toBeVisible();
  // Its size on screen: its font size times the drawing's scale.
  const shownPx = await label.evaluate((el) => {
    const svg = el.closest('svg')!;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(el).fontSize) * scale;
  });
  expect(shownPx).toBeGreaterThanOrEqual(9);
  // The diagram scrolls, and takes the focus so the arrow keys scroll it; the page does not.
  const sideways = (el: Element) => el.scrollWidth - el.clientWidth;
  expect(await diagram.evaluate(sideways)).toBeGreaterThan(0);
  expect(await page.locator('html').evaluate(sideways)).toBeLessThanOrEqual(0);
  await diagram.focus();
  await expect(diagram).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => diagram.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});
