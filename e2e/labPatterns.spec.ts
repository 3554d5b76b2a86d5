import { expect, test } from './fixtures';

test('the lab compares the caching patterns on one seeded workload', async ({ lab, page }) => {
  test.setTimeout(90_000);
  await lab.open();
  await lab.field('Requests').fill('1500');
  await page.getByRole('button', { name: 'Compare the patterns' }).click();
  await expect(lab.status).toContainText('4 patterns compared on the same seeded workload', {
    timeout: 80_000,
  });
  const table = page.getByRole('table', { name: 'Comparison summary' });
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(table.getByRole('columnheader', { name: 'Writes lost' })).toBeVisible();
  const header = table.getByRole('columnheader');
  const column = (await header.allTextContents()).indexOf('Consistent within 1 s / 10 s / 60 s');
  expect(column).toBeGreaterThan(0);
  const rowB = table.getByRole('row', { name: /^B/ });
  await expect(rowB).toContainText('pattern write-through');
  // Write-through stores every write in the cache before it acknowledges: no write waits.
  await expect(rowB.getByRole('cell').nth(column - 1)).toHaveText('all / all / all nines');

  // The database's load compares per request, not per second of each run's own length (a
  // write-behind run lasts longer, by its last flush): every pattern made the same writes.
  const texts = await header.allTextContents();
  const reads = texts.indexOf('DB reads (per request)') - 1;
  const writes = texts.indexOf('DB writes (per request)') - 1;
  expect(reads).toBeGreaterThan(0);
  const cell = (row: string, at: number) =>
    table
      .getByRole('row', { name: new RegExp(`^${row}`) })
      .getByRole('cell')
      .nth(at);
  const writesB = await cell('B', writes).textContent();
  expect(writesB).toMatch(/^[\d,]+ \(\d+\.\d{3}\)$/);
  await expect(cell('C', writes)).toHaveText(writesB!);
  await expect(cell('C', reads)).toHaveText(/^[\d,]+ \(\d+\.\d{3}\)$/);
});
