import { expect, openSandbox, test } from './fixtures';

test.describe('consoles follow the timeline', () => {
  test('Back takes a Redis console command away; Step and the scrubber bring it back', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.getByLabel('User id').fill('9');
    await sandbox.startReadButton.click();
    const step = sandbox.stepButton;
    for (let i = 0; i < 3; i++) await step.click();
    await expect(page.getByText('Step 3 of 3')).toBeVisible();

    const input = sandbox.redisConsole;
    const output = sandbox.redisOutput;
    await input.fill('SET note hello');
    await input.press('Enter');
    await expect(output.getByRole('listitem')).toHaveCount(1);
    await expect(output).toContainText('SET note hello');
    await expect(page.getByTestId('redis.key.note')).toBeVisible();

    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByText('Step 2 of 3')).toBeVisible();
    await expect(output.getByRole('listitem')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.note')).toHaveCount(0);
    await expect(sandbox.logLines).not.toContainText('"note"');

    // Redo: Step returns to where Back left from, console line included.
    await step.click();
    await expect(page.getByText('Step 3 of 3')).toBeVisible();
    await expect(output.getByRole('listitem')).toHaveCount(1);
    await expect(output).toContainText('OK');
    await expect(page.getByTestId('redis.key.note')).toBeVisible();

    await page.getByRole('slider', { name: 'Step position' }).fill('0');
    await expect(output.getByRole('listitem')).toHaveCount(0);
    await page.getByRole('slider', { name: 'Step position' }).fill('3');
    await expect(output).toContainText('SET note hello');

    // A new action after Back replaces the undone future: the line is gone for good.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(output.getByRole('listitem')).toHaveCount(0);
    await page.getByRole('button', { name: 'Advance clock +1 s' }).click();
    await expect(page.getByText('Step 2 of 2')).toBeVisible();
    await expect(output.getByRole('listitem')).toHaveCount(0);
    // Typing history is the learner's, not the run's: it survives.
    await input.press('ArrowUp');
    await expect(input).toHaveValue('SET note hello');
  });

  test('Back undoes a SQL console UPDATE with its transcript line; Reset clears both consoles', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 5);
      await window.cacheAside!.runToEnd();
    });
    const sql = sandbox.sqlConsole;
    const output = sandbox.sqlOutput;
    await sql.fill("UPDATE users SET plan = 'team' WHERE id = 5");
    await sql.press('Enter');
    await expect(output).toContainText(/rows? changed/);
    await expect(page.getByTestId('redis.key.user:5').getByText('STALE')).toBeVisible();

    // The keyboard shortcuts work once focus leaves the console.
    await sql.blur();
    await page.locator('body').press('ArrowLeft');
    await expect(output.getByRole('listitem')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.user:5')).toHaveCount(0);

    await page.locator('body').press('ArrowRight');
    await expect(output.getByRole('listitem')).toHaveCount(1);
    await expect(page.getByTestId('redis.key.user:5').getByText('STALE')).toBeVisible();

    await sandbox.redisConsole.fill('GET user:5');
    await sandbox.redisConsole.press('Enter');
    await expect(sandbox.redisOutput.getByRole('listitem')).toHaveCount(1);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(output.getByRole('listitem')).toHaveCount(0);
    await expect(sandbox.redisOutput.getByRole('listitem')).toHaveCount(0);
    await expect(page.getByText('Redis keys (0)')).toBeVisible();
  });

  test('a setting change replays the run, and a notice says the replies shown are what it gives now', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.getByLabel('User id').fill('123');
    await sandbox.startReadButton.click();
    await sandbox.step(3);
    await expect(page.getByText('Step 3 of 3')).toBeVisible();
    await sandbox.redisConsole.fill('TTL user:123');
    await sandbox.redisConsole.press('Enter');
    await expect(sandbox.redisOutput).toContainText('(integer) 3600');

    const ttl = page.getByRole('textbox', { name: 'TTL (s)' });
    await ttl.fill('60');
    await ttl.press('Enter');
    // The reply shown is the one under the new TTL, and the page says why it changed.
    await expect(sandbox.redisOutput).toContainText('(integer) 60');
    const notices = page.getByRole('list', { name: 'Notices' });
    await expect(notices.getByRole('status')).toHaveText(
      'Setting changed (TTL: 3600 s → 60 s): your 3 steps and 1 console line ran again under it; the replies, the log and the steps shown are what they give now.',
    );
  });
});
