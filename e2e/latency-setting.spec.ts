import { expect, test } from './fixtures';

test('the latency model setting: lognormal in a scenario leaves the script, is in the link, and gives no verdict', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set&step=6');
  const narration = page.getByRole('region', { name: 'Narration' });
  await expect(narration.getByRole('status')).toContainText('Outcome met');
  await expect(page.getByLabel('Tail (p99 / median)')).toHaveCount(0);

  await page.getByLabel('Latency model').selectOption('lognormal');
  await expect(page.getByTestId('narration.off-script')).toContainText('Latency model: lognormal');
  await expect(narration.getByRole('status')).toContainText('No verdict');
  await expect(page).toHaveURL(/latency=lognormal/);

  // The tail's settings appear with it; a value out of range is refused and the field undone.
  const stall = page.getByLabel('Stall chance');
  await stall.fill('0.5');
  await stall.press('Enter');
  await expect(page).toHaveURL(/stallchance=0\.5/);
  await stall.fill('2');
  await stall.press('Enter');
  const refusal = 'stall chance must be a number from 0 to 1, got 2';
  await expect(page.getByRole('list', { name: 'Notices' }).getByText(refusal)).toBeVisible();
  await expect(stall).toHaveAttribute('aria-invalid', 'true');
  await expect(stall).toHaveAccessibleDescription(refusal);
  expect(await page.evaluate(() => window.cacheAside!.state().stallChance)).toBe(0.5);

  // Back to constant: on the script again, with the authored verdict.
  await page.getByLabel('Latency model').selectOption('constant');
  await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
  await expect(narration.getByRole('status')).toContainText('Outcome met');
});

test('the database read setting: expensive-miss opens at its slow database, another value leaves the script, a bad one is refused', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=expensive-miss');
  const dbRead = sandbox.control('Database read (ms)');
  await expect(dbRead).toHaveValue('30');
  await expect(page.getByTestId('narration.off-script')).toHaveCount(0);

  // The default read time is another setting here: off the script, and the field stays to type 30 back.
  await sandbox.commit('Database read (ms)', '2');
  await expect(page.getByTestId('narration.off-script')).toContainText('Database read: 2 ms');
  await expect(page).toHaveURL(/dblatency=2/);
  await expect(dbRead).toHaveValue('2');

  await sandbox.commit('Database read (ms)', '20000');
  const refusal = 'database read must be a number from 0 to 10,000 ms, got 20000';
  await expect(page.getByRole('list', { name: 'Notices' }).getByText(refusal)).toBeVisible();
  await expect(dbRead).toHaveAttribute('aria-invalid', 'true');
  expect(await page.evaluate(() => window.cacheAside!.state().dbLatency)).toBe(2);

  await sandbox.commit('Database read (ms)', '30');
  await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
});

test('tokens numbered after: shown while set, refused out of range from a link, gone at 0', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?tokensafter=-1&ttl=30');
  const notices = page.getByRole('list', { name: 'Notices' });
  await expect(notices).toContainText('bad tokensafter "-1"');
  await expect(notices).toContainText('must be a whole number from 0 to 1,000,000');
  await expect(sandbox.control('Tokens numbered after')).toHaveCount(0);
  // The rest of the link is kept.
  expect(await page.evaluate(() => window.cacheAside!.state().ttlSeconds)).toBe(30);

  await sandbox.open('?tokensafter=10');
  const tokens = sandbox.control('Tokens numbered after');
  await expect(tokens).toHaveValue('10');
  await sandbox.commit('Tokens numbered after', '0');
  await expect(tokens).toHaveCount(0);
  await expect(page).not.toHaveURL(/tokensafter/);
});
