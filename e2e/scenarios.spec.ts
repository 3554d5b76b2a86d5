import { expect, openSandbox, test } from './fixtures';

test.describe('guided scenarios played through the page', () => {
  test('cold-read: miss, SELECT, SET ... EX 3600, then a hit that skips the database', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Scenario').selectOption('cold-read');
    await expect(page.getByText('Expected: One miss, then one hit')).toBeVisible();
    const step = sandbox.stepButton;

    await step.click();
    await expect(sandbox.narration).toContainText('(nil): a cache miss');
    await expect(sandbox.diagramMessage).toContainText('GET user:123');
    await expect(sandbox.diagramMessage).toContainText('MISS');

    await step.click();
    await expect(sandbox.diagramMessage).toContainText('SELECT * FROM users WHERE id = 123');
    await step.click();
    await expect(page.getByTestId('redis.key.user:123')).toContainText('"plan"');
    await expect(page.getByLabel('TTL of user:123')).toHaveText('TTL 1 h 0 min 0 s');
    await step.click();
    await expect(sandbox.diagramMessage).toContainText('HIT');

    await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
    await expect(page.getByTestId('stat.Hits')).toContainText('1');
    await expect(page.getByTestId('stat.DB reads')).toContainText('1');
    await expect(sandbox.stepButton).toBeDisabled();

    // Free play after the end: a read of another row misses and reads the database, as the
    // counters show, and the verdict still judges the end of the script.
    await page.getByLabel('User id').fill('7');
    await sandbox.startReadButton.click();
    // GET (a miss), SELECT, SET.
    await sandbox.step(3);
    await expect(sandbox.stepButton).toBeDisabled();
    await expect(page.getByTestId('stat.DB reads')).toContainText('2');
    await expect(page.getByRole('status').filter({ hasText: 'Outcome' })).toHaveText(
      /^Outcome met: One miss, then one hit.* Judged at the end of the script: the reads, writes and steps after it are free play, and it does not judge them\.$/,
    );
  });

  test('stale-read: a direct UPDATE leaves a STALE copy that is served until the TTL runs out', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?scenario=stale-read');
    await expect(sandbox.logLines).toContainText('"SET" "user:123"');
    const step = sandbox.stepButton;
    await step.click();
    await expect(sandbox.diagramMessage).toContainText('HIT');
    await step.click();
    const key = page.getByTestId('redis.key.user:123');
    await expect(key.getByText('STALE')).toBeVisible();
    await expect(page.getByTestId('db.row.123').locator('td.changed').first()).toBeVisible();
    await expect(sandbox.logLines).toContainText(
      "[sqlite actor:ops] UPDATE users SET plan = 'team'",
    );
    await step.click();
    await expect(sandbox.diagramMessage).toContainText('STALE READ');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('1');
    await step.click();
    await expect(page.getByTestId('redis.key.user:123')).toHaveCount(0);
    await step.click();
    await step.click();
    await step.click();
    await expect(key).toContainText('"version": 2');
    await expect(key.getByText('STALE')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
  });

  test('invalidate-on-write: UPDATE then DEL, and the next read misses and is fresh', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?scenario=invalidate-on-write');
    // Played with the keyboard this time.
    await page.locator('body').press('ArrowRight');
    await expect(sandbox.diagramMessage).toContainText('HIT');
    await page.locator('body').press('ArrowRight');
    await expect(page.getByTestId('redis.key.user:123').getByText('STALE')).toBeVisible();
    await page.locator('body').press('ArrowRight');
    await expect(sandbox.diagramMessage).toContainText('DEL user:123');
    await expect(sandbox.diagramMessage).toContainText('(integer) 1');
    await expect(page.getByTestId('redis.key.user:123')).toHaveCount(0);
    for (let i = 0; i < 3; i++) await page.locator('body').press('ArrowRight');
    await expect(page.getByTestId('redis.key.user:123')).toContainText('"version": 2');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('0');
    await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
  });
});
