import { expect, openSandbox, test } from './fixtures';

test.describe('a link carries the whole run', () => {
  test('reads, actor steps, the clock, Redis down and both consoles are restored from the link', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?ttl=600');
    await page.getByLabel('As actor').selectOption('B');
    await page.getByLabel('User id').fill('7');
    await sandbox.startReadButton.click();
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step B' }).click();
    await page.getByRole('button', { name: 'Advance clock +1 min' }).click();
    const redis = sandbox.redisConsole;
    await redis.fill('SET note "shared <i>link</i>"');
    await redis.press('Enter');
    const sql = sandbox.sqlConsole;
    await sql.fill("UPDATE users SET plan = 'team' WHERE id = 7");
    await sql.press('Enter');
    await page.getByRole('button', { name: 'Take Redis down' }).click();
    await expect(page.getByRole('button', { name: 'Bring Redis up' })).toBeVisible();
    await expect(page).toHaveURL(/[?&]run=1\./);
    await expect(page).toHaveURL(/ttl=600/);
    await expect(page).not.toHaveURL(/[?&]step=/);
    const link = page.url();
    const before = await page.evaluate(() => window.cacheAside!.state());

    await page.goto('about:blank');
    await openSandbox(page, new URL(link).search);
    await expect(page.getByRole('button', { name: 'Bring Redis up' })).toBeVisible();
    await expect(page.getByTestId('redis.key.user:7').getByText('STALE')).toBeVisible();
    await expect(page.getByTestId('redis.key.note')).toContainText('shared <i>link</i>');
    await expect(sandbox.redisOutput).toContainText('SET note');
    await expect(sandbox.sqlOutput).toContainText(/rows? changed/);
    await expect(page.getByTestId('stat.Virtual time')).toContainText('60.');
    await expect(page.getByRole('alert')).toHaveCount(0);
    const after = await page.evaluate(() => window.cacheAside!.state());
    expect(after).toEqual(before);
  });

  test('after Back the link holds the position shown, and the undone steps to redo', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.evaluate(async () => {
      const api = window.cacheAside!;
      await api.read('A', 3);
      await api.step(2);
      await api.redis('SET undone 1');
      await api.back();
    });
    await expect(page.getByText('Step 1 of 2')).toBeVisible();
    await expect(page).toHaveURL(/[?&]run=/);
    const before = await page.evaluate(() => window.cacheAside!.state());
    await openSandbox(page, new URL(page.url()).search);
    await expect(page.getByText('Step 1 of 2')).toBeVisible();
    await expect(page.getByTestId('redis.key.undone')).toHaveCount(0);
    expect(await page.evaluate(() => window.cacheAside!.state())).toEqual(before);
    // Step redoes what Back stepped over, the console line with it, as on the page it came from.
    await sandbox.stepButton.click();
    await expect(page.getByText('Step 2 of 2')).toBeVisible();
    await expect(page.getByTestId('redis.key.undone')).toHaveCount(1);
  });

  test('a malformed or oversized run falls back to the start with a notice; the page works', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?scenario=cold-read&run=1.not*base64&step=2');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('the run in the link could not be restored (not base64url)');
    await expect(alert).toContainText('"step" ignored');
    await expect(page.getByText('0 / 4')).toBeVisible();
    await sandbox.stepButton.click();
    await expect(sandbox.diagramMessage).toContainText('GET user:123');

    await openSandbox(page, `?run=1.${'A'.repeat(7000)}`);
    await expect(page.getByRole('alert')).toContainText('longer than 6000 characters');
    await expect(page.getByText('Step 0 of 0')).toBeVisible();
  });

  test('a run that does not fit the settings is restored up to the refused action, with a notice', async ({
    page,
  }) => {
    // Actor C starts a read, but the link says one actor: restored up to action 1 of 2.
    const run = await page.evaluate(() => {
      const json = JSON.stringify([
        ['r', 'A', 4],
        ['r', 'C', 4],
      ]);
      return `1.${btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    });
    await openSandbox(page, `?actors=1&run=${run}`);
    await expect(page.getByRole('alert').filter({ hasText: 'up to action 1 of 2' })).toBeVisible();
    await expect(page.getByTestId('actor.A')).toContainText('GET user:4');
  });

  test('a run too long for a link leaves the settings in the address and says so', async ({
    page,
  }) => {
    await openSandbox(page, '?ttl=90');
    await page.evaluate(async () => {
      for (let i = 0; i < 5; i++) await window.cacheAside!.redis(`SET big${i} ${'x'.repeat(1000)}`);
    });
    await expect(
      page.getByRole('status').filter({ hasText: 'too long to share as a link' }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\?ttl=90$/);
  });
});
