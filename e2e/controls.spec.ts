import { expect, openSandbox, test } from './fixtures';

test.describe('playback, clock and Redis controls', () => {
  test('Step, Back by replay, scrubber, Reset and the keyboard', async ({ page }) => {
    await openSandbox(page, '?scenario=cold-read');
    const body = page.locator('body');
    await body.press('ArrowRight');
    await body.press('ArrowRight');
    await body.press('ArrowRight');
    await expect(page.getByText('Step 3 of 4')).toBeVisible();
    await expect(page.getByTestId('redis.key.user:123')).toBeVisible();

    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByText('Step 2 of 4')).toBeVisible();
    await expect(page.getByTestId('redis.key.user:123')).toHaveCount(0);
    await expect(page.getByTestId('narration.text')).toContainText(
      'SELECT * FROM users WHERE id = 123',
    );

    await body.press('ArrowLeft');
    await expect(page.getByText('Step 1 of 4')).toBeVisible();
    await page.getByRole('slider', { name: 'Step position' }).fill('3');
    await expect(page.getByText('Step 3 of 4')).toBeVisible();
    await expect(page.getByTestId('redis.key.user:123')).toBeVisible();
    // Redo with Step follows the same path (the focused slider keeps its own arrow keys).
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByTestId('diagram.message')).toContainText('HIT');

    await body.press('r');
    await expect(page.getByText('Step 0 of 4')).toBeVisible();
    await expect(page.getByText('Redis keys (0)')).toBeVisible();
  });

  test('Play runs the scenario to its end by itself; Pause stops it', async ({ page }) => {
    await openSandbox(page, '?scenario=cold-read');
    await page.getByLabel('Speed').selectOption('8');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();

    await page.getByLabel('Scenario').selectOption('stale-read');
    await page.getByLabel('Speed').selectOption('0.25');
    await page.locator('body').press(' ');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await page.locator('body').press(' ');
    await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
    const beat = await page.evaluate(() => window.cacheAside!.state().beat);
    expect(beat).toBeLessThan(7);
  });

  test('clock buttons expire keys; the TTL counts down in virtual time', async ({ page }) => {
    await openSandbox(page);
    await page.evaluate(async () => {
      await window.cacheAside!.configure({ ttlSeconds: 90 });
      await window.cacheAside!.read('A', 9);
      await window.cacheAside!.runToEnd();
    });
    const ttl = page.getByLabel('TTL of user:9');
    await expect(ttl).toHaveText('TTL 1 min 30 s');
    await page.getByRole('button', { name: 'Advance clock +1 s' }).click();
    await expect(ttl).toHaveText('TTL 1 min 29 s');
    await page.getByRole('button', { name: 'Advance clock +1 min' }).click();
    await expect(ttl).toHaveText('TTL 29 s');
    await page.getByRole('button', { name: 'Next expiry' }).click();
    await expect(page.getByTestId('redis.key.user:9')).toHaveCount(0);
    await expect(page.getByTestId('stat.Virtual time')).toContainText('90.0');
  });

  test('Redis down: reads fall back to the database and count errors; restart flushes', async ({
    page,
  }) => {
    await openSandbox(page);
    await page.getByLabel('User id').fill('42');
    await page.getByRole('button', { name: 'Start read' }).click();
    await expect(page.getByTestId('actor.A')).toContainText('GET user:42');
    for (let i = 0; i < 3; i++)
      await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByTestId('redis.key.user:42')).toBeVisible();

    await page.getByRole('button', { name: 'Take Redis down' }).click();
    await expect(page.getByRole('button', { name: 'Bring Redis up' })).toBeVisible();
    await page.getByRole('button', { name: 'Start read' }).click();
    await page.getByRole('button', { name: 'Step A' }).click();
    await expect(page.getByTestId('diagram.message')).toContainText('ERROR');
    await page.getByRole('button', { name: 'Step A' }).click();
    await expect(page.getByTestId('diagram.message')).toContainText('SELECT');
    await expect(page.getByTestId('stat.Cache errors')).toContainText('1');

    await page.getByRole('button', { name: 'Bring Redis up' }).click();
    await page.getByRole('button', { name: 'Restart Redis' }).click();
    await expect(page.getByText('Redis keys (0)')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Log lines' })).toContainText('"FLUSHALL"');
  });

  test('a write from the form runs the active policy and is shown in the code panel', async ({
    page,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Write policy').selectOption('delete-first');
    await page.getByLabel('As actor').selectOption('B');
    await page.getByLabel('Set plan to').selectOption('team');
    await page.getByRole('button', { name: 'Start write' }).click();
    const code = page.getByRole('region', { name: 'Program code' });
    await expect(code).toContainText('Write path (delete-first)');
    await expect(code.locator('.code-line.current')).toContainText("redis('del', 'DEL', key)");
    await page.getByRole('button', { name: 'Step B' }).click();
    await expect(code.locator('.code-line.current')).toContainText("updateUser('update'");
    await page.getByRole('button', { name: 'Step B' }).click();
    await expect(page.getByTestId('db.row.123').locator('td.changed').first()).toHaveText('team');
  });
});
