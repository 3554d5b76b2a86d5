import { expect, openSandbox, test } from './fixtures';

// The sandbox's panels are unmounted while the page shows the lab: a field the learner set is
// found as it was left, as the consoles' lines are (useKeptState.ts).
test('a visit to the lab keeps the User id and Most to run the learner set', async ({ page }) => {
  await openSandbox(page);
  const userId = page.getByLabel('User id');
  const mostToRun = page.getByRole('spinbutton', { name: 'Most to run' });
  await userId.fill('7');
  await mostToRun.fill('42');
  await page.getByRole('link', { name: 'Workload lab' }).click();
  await expect(page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
  await page.getByRole('link', { name: 'Sandbox' }).click();
  await expect(userId).toHaveValue('7');
  await expect(mostToRun).toHaveValue('42');

  // What is typed but not yet taken is kept as typed too, with what it says about it.
  await userId.fill('12,');
  await mostToRun.fill('0');
  await expect(page.getByRole('alert')).toContainText('Most to run must be a whole number');
  await page.getByRole('link', { name: 'Workload lab' }).click();
  await expect(page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
  await page.getByRole('link', { name: 'Sandbox' }).click();
  await expect(userId).toHaveValue('12,');
  await expect(mostToRun).toHaveValue('0');
  await expect(page.getByRole('alert')).toContainText(
    'Most to run must be a whole number from 1 to',
  );
});

test('a visit to the sandbox keeps the fault being written and the TTLs to sweep', async ({
  page,
}) => {
  await openSandbox(page);
  await page.getByRole('link', { name: 'Workload lab' }).click();
  await expect(page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
  await page.getByLabel('Starts at (s)').fill('45');
  await page.getByLabel('Lasts (s)').fill('5');
  await page.getByLabel('TTLs to sweep (s)').fill('2, 20');
  await page.getByRole('link', { name: 'Sandbox' }).click();
  await expect(page.getByLabel('User id')).toBeVisible();
  await page.getByRole('link', { name: 'Workload lab' }).click();
  await expect(page.getByLabel('Starts at (s)')).toHaveValue('45');
  await expect(page.getByLabel('Lasts (s)')).toHaveValue('5');
  await expect(page.getByLabel('TTLs to sweep (s)')).toHaveValue('2, 20');
});
