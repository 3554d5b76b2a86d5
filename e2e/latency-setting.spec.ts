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
