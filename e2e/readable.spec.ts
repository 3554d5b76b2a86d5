import type { Locator } from '@playwright/test';
import { axeOn, expect, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 720 } });
// axe over the whole page takes a while on a busy machine.
test.slow();

/** Whether an element's content fits its width (nothing cut, no sideways scrolling needed). */
const fitsWidth = (box: Locator) => box.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);

test('at 1280 px code lines wrap, the database table shows its last column, and the sequence keeps its lane names in view', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stampede&step=5');
  const code = sandbox.codePanel.locator('.code-scroll');
  await expect(code.first()).toBeVisible();
  for (const listing of await code.all()) expect(await fitsWidth(listing)).toBe(true);

  const table = page.getByRole('region', { name: 'Rows in play' });
  await expect(table.getByRole('columnheader', { name: 'updated_at' })).toBeVisible();
  expect(await fitsWidth(table)).toBe(true);

  // Four actors and a dozen commands: the list scrolls to the newest, the lane names stay on top.
  const scroller = page
    .getByRole('region', { name: 'Sequence diagram' })
    .locator('.sequence-scroll');
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  const head = scroller.locator('.sequence-head');
  const [headBox, scrollBox] = [await head.boundingBox(), await scroller.boundingBox()];
  expect(Math.abs(headBox!.y - scrollBox!.y)).toBeLessThanOrEqual(2);
  await expect(head.getByText('SQLite')).toBeAttached();

  // Quiz, glossary and difference marking open together: axe (contrast included) finds nothing.
  await page.getByRole('checkbox', { name: /Quiz mode/ }).check();
  await page.getByRole('button', { name: 'What is invalidate?' }).click();
  const axe = await axeOn(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );
});

test('a stale read at 1280 px passes axe with its difference marked', async ({ page, sandbox }) => {
  await sandbox.open('?scenario=stale-read&step=3');
  await expect(page.getByTestId('diagram.diff')).toBeVisible();
  await expect(sandbox.redisKey('user:123').getByRole('table')).toBeVisible();
  const axe = await axeOn(page).withRules(['color-contrast']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );
});

test('the lab writes its chart text at 12 px or more, and says what λ and T are', async ({
  page,
  lab,
}) => {
  // The link runs: a press of Run after it had made a second run, waiting for the first to end.
  await lab.open('?requests=3000');
  await lab.statusSays('Finished:', 60_000);
  await lab.settled();
  const hitRate = lab.chart('Hit rate over time');
  await expect(hitRate).toContainText('λ is one key’s read rate');
  await expect(hitRate).toContainText('T the TTL in seconds');
  const sizes = await page
    .locator('.lab-chart svg text')
    .evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
  expect(sizes.length).toBeGreaterThan(10);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
});
