import { axeOn, expect, openSandbox, test } from './fixtures';

/** axe-core's WCAG 2.1 A and AA rules; a violation lists the rule and the elements it found. */
async function violations(page: import('@playwright/test').Page) {
  const result = await axeOn(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

test('the sandbox, mid-scenario, has no WCAG A/AA violations axe can find', async ({
  page,
  sandbox,
}) => {
  // A bad link parameter: its notice is on screen too.
  await openSandbox(page, '?scenario=stale-read&ttl=abc');
  await expect(page.getByRole('alert')).toContainText('bad ttl "abc"');
  for (let i = 0; i < 3; i++) await sandbox.stepButton.click();
  await expect(page.getByText('STALE', { exact: true }).first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the sandbox with console output, Redis down and timed scheduling has no violations either', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page, '?scheduler=timed&maxkeys=5&eviction=allkeys-lru');
  await page.getByLabel('SQL statement').fill('SELECT id, name, plan FROM users WHERE id <= 3');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The line is tried on a copy in a worker first (its first use loads sql.js there): its rows
  // are on the page before the next console is used.
  const sqlConsole = page.getByRole('region', { name: 'SQL console' });
  await expect(sqlConsole.getByRole('table')).toBeVisible();
  await expect(sqlConsole.locator('.console-pending')).toHaveText('');
  await page.getByLabel('Redis command').fill('GET');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('(error) ERR wrong number of arguments')).toBeVisible();
  await page.getByRole('button', { name: 'Take Redis down' }).click();
  await sandbox.startReadButton.click();
  await sandbox.stepButton.click();
  expect(await violations(page)).toEqual([]);
});

test('the workload lab, after a run, a comparison and a sweep, has no WCAG A/AA violations axe can find', async ({
  page,
}) => {
  // A run, two comparison entries and a two-TTL sweep, then axe over the charts: more than a
  // minute on a busy 2-core machine (1.8 min at load average 23).
  test.setTimeout(180_000);
  // The link runs: a press of Run after it had made a second run, waiting for the first to end.
  await page.goto('/#/lab?requests=2000');
  await expect(page.getByRole('region', { name: 'Run' }).getByRole('status')).toContainText(
    'Finished',
  );
  await page.getByRole('button', { name: 'Add current settings to comparison' }).click();
  await page.getByLabel('TTL (s)').fill('5');
  await page.getByRole('button', { name: 'Add current settings to comparison' }).click();
  await page.getByLabel('TTLs to sweep (s)').fill('1, 10');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByRole('table').last()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('each lab chart a Tab reaches is named by its title, the comparison and the sweep too', async ({
  page,
  lab,
}) => {
  // recharts makes each chart's drawing a Tab stop (role application: the arrow keys move its
  // tooltip); it had an empty <title>, so a screen reader announced an application with no name.
  test.setTimeout(120_000);
  await lab.open('?requests=3000');
  await lab.statusSays('Finished:', 60_000);
  await lab.settled();
  await page.getByRole('button', { name: 'Add current settings to comparison' }).click();
  await page.getByLabel('TTLs to sweep (s)').fill('1, 10');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByRole('figure', { name: 'Hit rate and stale reads vs TTL' })).toBeVisible({
    timeout: 60_000,
  });
  const figures = page.locator('figure.lab-chart');
  const titles = await figures.locator('h3').allTextContents();
  expect(titles).toEqual(
    expect.arrayContaining([
      'Hit rate over time',
      'Compared: Cumulative hit rate',
      'Hit rate and stale reads vs TTL',
    ]),
  );
  for (const title of titles)
    await expect(
      page.getByRole('figure', { name: title, exact: true }).getByRole('application'),
    ).toHaveAccessibleName(title);
});

test.describe('keyboard focus', () => {
  test('the first Tab shows a skip link to Start the course, and Enter goes there', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to “Start the course”' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('link', { name: /^Start the course: / })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('narration.text')).toBeVisible();
    // With a scenario open, the same first Tab stop leads to the page's content.
    await sandbox.open('?scenario=cold-read');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the page’s content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  test('presenting, the first screen has no Start the course: the skip link does not promise one', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?present=1');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the page’s content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    // ... and from there the clicker's → opens the course's first scenario, as the page says.
    await expect(page.getByTestId('presenter.next')).toHaveText(
      /^next: → opens the first scenario/,
    );
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.evaluate(() => window.cacheAside!.state().scenario))
      .toBe('cold-read');
    // Leaving presenter mode on the first screen brings Start the course back, and the link to it
    // (the tab keeps presenter mode; a link's present=0 leaves it).
    await sandbox.open('?present=0');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to “Start the course”' })).toBeFocused();
  });

  test('Step at the end hands focus to Back, Back at the start to Step', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=cold-read&step=2');
    await sandbox.stepButton.focus();
    await page.keyboard.press('Enter');
    await expect(sandbox.position(3, 4)).toBeVisible();
    await expect(sandbox.stepButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(sandbox.position(4, 4)).toBeVisible();
    await expect(sandbox.stepButton).toBeDisabled();
    await expect(sandbox.backButton).toBeFocused();

    await sandbox.open('?scenario=cold-read&step=1');
    await sandbox.backButton.focus();
    await page.keyboard.press('Enter');
    await expect(sandbox.position(0, 4)).toBeVisible();
    await expect(sandbox.backButton).toBeDisabled();
    await expect(sandbox.stepButton).toBeFocused();
  });

  test('arrow keys on the Scenario picker browse the list, keeping focus there', async ({
    page,
    sandbox,
    api,
  }) => {
    await sandbox.open('?scenario=stale-set&step=4&mitigation=lease');
    const picker = sandbox.control('Scenario');
    await picker.focus();
    await page.keyboard.press('ArrowDown');
    await expect(picker).toHaveValue('stale-set-lease');
    await expect(picker).toBeFocused();
    await expect.poll(async () => (await api.state()).scenario).toBe('stale-set-lease');
    await page.keyboard.press('ArrowDown');
    await expect(picker).toHaveValue('update-cache-race');
    await expect(picker).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(picker).toHaveValue('stale-set-lease');
    await expect(picker).toBeFocused();
    // ArrowRight still steps (a shortcut whatever has focus).
    await page.keyboard.press('ArrowRight');
    await expect(sandbox.position(1, 9)).toBeVisible();
    // The run left behind is the browser's Back away.
    await page.goBack();
    await page.goBack();
    await page.goBack();
    await expect(picker).toHaveValue('stale-set');
    await expect(sandbox.position(4, 6)).toBeVisible();
    await expect(sandbox.control('Read mitigation')).toHaveValue('lease');

    // Picked from the list (not with keys), the scenario loads and focus goes to the page.
    await picker.selectOption('cold-read');
    await expect(page.getByRole('main')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(sandbox.position(1, 4)).toBeVisible();
  });
});

test.describe('at 375 px', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the sandbox with a scenario loaded needs no sideways scrolling', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-set&step=3');
    await expect(sandbox.narration).toBeVisible();
    const widths = () =>
      page.evaluate(() => {
        const root = document.documentElement;
        return { scroll: root.scrollWidth, client: root.clientWidth };
      });
    const { scroll, client } = await widths();
    expect(scroll).toBeLessThanOrEqual(client);
    // The explanation, the controls and the settings each fit on the screen.
    for (const box of [
      sandbox.narration,
      page.getByRole('toolbar', { name: 'Playback' }),
      page.getByRole('group', { name: 'Settings' }),
      sandbox.control('Scenario'),
    ]) {
      const rect = await box.boundingBox();
      expect(rect!.x).toBeGreaterThanOrEqual(0);
      expect(rect!.x + rect!.width).toBeLessThanOrEqual(client);
    }
    // The summary wraps under the picker rather than a word a line beside it.
    const summary = await sandbox.page.getByTestId('scenario.summary').boundingBox();
    expect(summary!.width).toBeGreaterThan(200);
  });
});
