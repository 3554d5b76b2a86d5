import { expect, openSandbox, test } from './fixtures';

// Small things the page says, checked as a learner sees them: each must agree with the engine.

test('a run= link to an unknown scenario keeps the page usable, says why, and keeps its console lines and settings', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page, '?scenario=stale-set');
  await sandbox.step(2);
  await page.evaluate(() => window.cacheAside!.redis('SET note kept'));
  await expect(page).toHaveURL(/[?&]run=1\./);
  const search = new URL(page.url()).search.replace('scenario=stale-set', 'scenario=nope');
  await openSandbox(page, `${search}&ttl=90`);
  await expect(sandbox.alert).toContainText(
    'unknown scenario "nope": its 2 Step presses were not replayed (the run\'s 1 other action was)',
  );
  await expect(sandbox.alert).toHaveCount(1);
  await expect(page.getByTestId('redis.key.note')).toContainText('kept');
  await expect(page).toHaveURL(/ttl=90/);
  await expect(page).toHaveURL(/[?&]run=1\./);
  // Still usable: a read starts and steps.
  await sandbox.startReadButton.click();
  await page.getByRole('button', { name: 'Step A' }).click();
  await expect(sandbox.diagramMessage).toContainText('GET user:123');
});

test('a refused UPDATE is no DB write; a hand-set version ahead of the row is badged as never committed', async ({
  page,
}) => {
  await openSandbox(page);
  await page.evaluate(async () => {
    const api = window.cacheAside!;
    await api.sql('ALTER TABLE users RENAME COLUMN plan TO tier');
    await api.write('B', 5, { plan: 'team' });
    await api.step(1);
  });
  await expect(page.getByTestId('stat.DB writes').getByRole('definition')).toHaveText('0');
  await expect(page.getByTestId('stat.Failed requests').getByRole('definition')).toHaveText('1');
  await expect(page.getByTestId('narration.note')).toContainText(
    "The database refused B's UPDATE (no such column: plan): it wrote nothing",
  );

  await page.evaluate(async () => {
    const api = window.cacheAside!;
    await api.resetDatabase();
    await api.redis(
      `SET user:9 '${JSON.stringify({ id: 9, name: 'N', email: 'e', plan: 'pro', version: 7, updated_at: 0 })}'`,
    );
  });
  const badge = page.getByTestId('redis.key.user:9').locator('.badge-ahead');
  await expect(badge).toHaveText('AHEAD · never committed');
  await expect(badge).toHaveAttribute('title', /a read that hits it is counted stale/);
});

test('the User id refusal writes the range with separators; the clock reads to the microsecond', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page);
  await page.getByLabel('User id').fill('abc');
  await sandbox.startReadButton.click();
  await expect(sandbox.alert).toContainText(
    'User id must be a whole number from 1 to 1,000, got "abc".',
  );
  await page.evaluate(() => window.cacheAside!.advanceClock(0.15));
  await expect(page.getByTestId('stat.Virtual time').getByRole('definition')).toHaveText(
    '0.000150 s',
  );
});

test('a link copied after Back opens where the page stood, with the step Back stepped over to redo', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page);
  for (const id of ['1', '2', '3', '4']) {
    await page.getByLabel('User id').fill(id);
    await sandbox.startReadButton.click();
  }
  await sandbox.step(10);
  await sandbox.backButton.click();
  await expect(sandbox.position(9, 10)).toBeVisible();
  // The view shows 13 of the run's 14 actions: the four reads started and nine presses.
  await expect(page).toHaveURL(/[?&]at=13(&|$)/);
  const shown = await page.evaluate(() => window.cacheAside!.state());

  await openSandbox(page, new URL(page.url()).search);
  await expect(sandbox.position(9, 10)).toBeVisible();
  expect(await page.evaluate(() => window.cacheAside!.state())).toEqual(shown);
  await sandbox.stepButton.click();
  await expect(sandbox.position(10, 10)).toBeVisible();
});
