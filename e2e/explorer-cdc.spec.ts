import { axeOn, expect, test } from './fixtures';

// The interleaving explorer under invalidation from the change log, in one page load: the
// consumer is one more actor in the grid, its late DEL lets a slow fill leave version 1 cached,
// and versioned fills turn every cell fresh. Engine facts are in interleavingGridCdc.test.ts.

// Each interleaving is a fresh simulation in a worker: seconds on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

test('a read racing a write under cdc: the consumer steps in the grid, two orders leave a stale entry, versioned-fill none', async ({
  sandbox,
  explorer,
  api,
  page,
}) => {
  await sandbox.open('?invalidation=cdc');
  await api.read('A', 1);
  await api.write('B', 1, { name: 'New name' });
  // Counted before running: the consumer's four steps come only after B's UPDATE.
  await expect(explorer.count).toContainText('56 interleavings');
  await expect(explorer.count).toContainText('cdc: 4 steps');
  await explorer.exploreButton.click();
  await expect(explorer.summary).toContainText(
    'All 56 interleavings under invalidation from the change log',
  );
  await expect(explorer.cells()).toHaveCount(56);
  await expect(explorer.outcomeCount('staleCache')).toHaveText('2');
  // The shortest stale cell: A's fill of version 1 lands after the consumer's DEL.
  await explorer.cells('staleCache').first().hover();
  await expect(explorer.detail.getByLabel('schedule A A B cdc cdc cdc A cdc')).toBeVisible();

  // Versioned fills: the grid is explored again and no order leaves a stale entry.
  await sandbox.control('Read mitigation').selectOption('versioned-fill');
  await expect(explorer.summary).toContainText('read mitigation versioned-fill');
  await expect(explorer.outcomeCount('fresh')).toHaveText('56');
  await expect(explorer.cells('staleCache')).toHaveCount(0);
  await expect(
    explorer.costs.getByRole('row', { name: /^change-log consumer \(cdc\) \/ versioned-fill/ }),
  ).toBeVisible();

  // The API takes the setting too: the same requests with the application's own DEL.
  const app = await api.explore({ invalidation: 'app', readMitigation: 'none' });
  expect(app).toMatchObject({ total: 10, sampled: false });
  expect(app.interleavings.every((i) => !i.schedule.includes('cdc'))).toBe(true);

  const axe = await axeOn(page)
    .include('section.explorer')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
    [],
  );
});
