import type { Page } from '@playwright/test';
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

test('in presenter mode on a phone the next press wraps its long command, and the page does not scroll sideways', async ({
  page,
  sandbox,
}) => {
  // B's next press under write-behind names a SET whose JSON has no space for 34 characters:
  // at 20 px it ran 50 px past the screen's edge and the whole page scrolled sideways.
  await sandbox.open('?scenario=write-behind-lost&step=1&present=1');
  const next = page.getByTestId('presenter.next');
  await expect(next).toContainText('then RPUSH write-behind:queue');
  const box = (await next.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  expect(await next.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const sideways = (el: Element) => el.scrollWidth - el.clientWidth;
  expect(await page.locator('html').evaluate(sideways)).toBeLessThanOrEqual(0);
});

test('on a phone each actor lane shows its next step on a line of its own, not cut to a few letters', async ({
  page,
  sandbox,
}) => {
  // Four lanes, one with a long task ("invalidate from the change log"): the next steps had the
  // width the task and the button left them, 31 px for A's SET and 16 px for cdc's wait ("w…").
  await sandbox.open('?scenario=cdc-late-invalidation&step=5');
  const next = (actor: string) => page.getByTestId(`actor.${actor}`).locator('.actor-next');
  await expect(next('cdc')).toHaveText(/^wait \d/);
  const whole = (el: Element) => el.scrollWidth <= el.clientWidth;
  expect(await next('cdc').evaluate(whole)).toBe(true);
  // A's SET carries the row's JSON: it is cut, but after its command and key.
  await expect(next('A')).toHaveText(/^SET user:42 /);
  expect((await next('A').boundingBox())!.width).toBeGreaterThanOrEqual(250);
  // Each lane's Step button stays within the page's width.
  for (const actor of ['A', 'B', 'C', 'cdc']) {
    const box = (await page.getByTestId(`actor.${actor}`).getByRole('button').boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
});

test('on a phone the TTL sweep table scrolls in its own box, its last column reachable', async ({
  page,
  lab,
}) => {
  // Its four columns were 400 px wide: they ran past the section and the screen's edge, and the
  // page does not scroll sideways, so "Stale-read rate", then the last, could not be seen at all.
  // The last is now "Where the model does not hold".
  await lab.open('?requests=2000');
  await lab.statusSays('Finished:', 60_000);
  await page.getByLabel('TTLs to sweep (s)').fill('1, 10');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  const results = page.getByRole('table', { name: 'Sweep results' });
  const lastColumn = results.getByRole('columnheader', { name: 'Where the model does not hold' });
  await expect(lastColumn).toBeVisible({ timeout: 60_000 });
  await lastColumn.scrollIntoViewIfNeeded();
  const shown = (await lastColumn.boundingBox())!;
  expect(shown.x + shown.width).toBeLessThanOrEqual(375);
  // Keyboard users reach the box with Tab and scroll it with the arrow keys.
  const box = page.getByRole('region', { name: 'Sweep results, scrolls sideways' });
  await expect(box).toHaveAttribute('tabindex', '0');
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a cached row's value taller than its box scrolls by keyboard, its last field reachable", async ({
    page,
    sandbox,
  }) => {
    // At 360 px the row's email wraps and its value runs past the box's 140 px: updated_at was
    // below the edge, and the box took no focus, so only a pointer could scroll to it.
    await sandbox.open('?scenario=cold-read&step=3');
    const value = page.getByRole('region', { name: 'Value of user:123' });
    await expect(value).toContainText('"updated_at"');
    expect(await value.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeGreaterThan(0);
    await value.focus();
    await expect(value).toBeFocused();
    await page.keyboard.press('End');
    await expect
      .poll(() => value.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1))
      .toBe(true);
  });

  test('in presenter mode, speaker notes taller than their box scroll by keyboard', async ({
    page,
    sandbox,
  }) => {
    // The notes stop at 30% of the screen's height; expensive-miss's opening notes pass it here.
    await sandbox.open('?scenario=expensive-miss&present=1');
    await page.getByRole('button', { name: 'Speaker notes' }).click();
    const notes = page.getByRole('region', { name: 'Speaker notes text' });
    expect(await notes.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeGreaterThan(0);
    await notes.focus();
    await expect(notes).toBeFocused();
    await page.keyboard.press('End');
    await expect
      .poll(() => notes.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1))
      .toBe(true);
  });
  test("in presenter mode, Cache vs database keeps each side's words inside its own column", async ({
    page,
    sandbox,
  }) => {
    // stale-set step 5: a stale copy with its TTL beside a row with two changed fields. The row's
    // column was 70 px wide here: its "updated_at 2.3" ran out of the panel, cut, and the copy's
    // TTL ran under the row's version.
    await sandbox.open('?scenario=stale-set&step=5&present=1');
    const compare = page.getByTestId('presenter.compare');
    const cached = compare.getByTestId('compare.cached');
    const row = compare.getByTestId('compare.row');
    await expect(row.locator('mark', { hasText: 'updated_at' })).toBeVisible();
    await expect(cached.getByText(/^TTL /)).toBeVisible();
    const panel = (await compare.boundingBox())!;
    for (const side of [cached, row]) {
      const column = (await side.boundingBox())!;
      for (const word of await side.locator('mark, .ttl, .badge, .compare-version').all()) {
        const box = (await word.boundingBox())!;
        const text = await word.innerText();
        expect(box.x, text).toBeGreaterThanOrEqual(column.x - 1);
        expect(box.x + box.width, text).toBeLessThanOrEqual(column.x + column.width + 1);
        expect(box.x + box.width, text).toBeLessThanOrEqual(panel.x + panel.width);
      }
    }
    // The two columns do not overlap.
    const [a, b] = [(await cached.boundingBox())!, (await row.boundingBox())!];
    const isSideBySide = b.x >= a.x + a.width - 1;
    const isStacked = b.y >= a.y + a.height - 1;
    expect(isSideBySide || isStacked).toBe(true);
  });
});

test.describe('at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  /** How far the page scrolls sideways (0 or less: not at all). */
  const sideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  test('the page does not scroll sideways with the code editors open, nor in presenter mode after a fill', async ({
    page,
    sandbox,
    api,
  }) => {
    await sandbox.open();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    await expect(page.locator('.learner-editors')).toBeVisible();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Hide my code' }).click();

    // A read's SET step: the narration quotes the row's JSON, one long word.
    await api.read('A', 1);
    for (let i = 0; i < 3; i++) await sandbox.stepButton.click();
    await expect(page.getByTestId('narration.step')).toContainText('{"id":1,');
    await sandbox.press('p');
    await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByTestId('narration.step')).toContainText('{"id":1,');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });
});
