import { expect, test } from './fixtures';

// The interleaving explorer: every order of a read racing an invalidating write, judged; a stale
// cell loaded into the sandbox and stepped through; the grid recomputed under a lease.

// Each interleaving is a fresh simulation in a worker: seconds on a busy 2-core machine.
test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ sandbox, api }) => {
  await sandbox.open();
  await api.read('A', 1);
  await api.write('B', 1, { name: 'New name' });
});

test('a read racing an invalidating write: stale cells with no mitigation, one loads and Step reproduces it, none under lease', async ({
  sandbox,
  explorer,
  page,
}) => {
  // The count shows before anything runs.
  await expect(explorer.count).toContainText('About 10 interleavings');
  await explorer.exploreButton.click();
  await expect(explorer.summary).toContainText(
    'All 10 interleavings under invalidate and read mitigation none',
  );
  await expect(explorer.cells()).toHaveCount(10);
  await expect(explorer.outcomeCount('staleCache')).toHaveText('1');
  // The stale cell is the grid's first (the shortest of the worst outcome first).
  const stale = explorer.cells('staleCache');
  await expect(stale).toHaveCount(1);
  await expect(explorer.cells().first()).toHaveAttribute('data-outcome', 'staleCache');
  await expect(stale).toHaveText('C'); // a cue besides colour

  // Hover shows its schedule as a row of actor letters.
  await stale.hover();
  await expect(explorer.detail.getByLabel('schedule A A B B A')).toBeVisible();
  await expect(explorer.detail).toContainText('stale entry left in the cache');

  // Focus and Enter load it at its first step.
  await stale.focus();
  await stale.press('Enter');
  await expect(sandbox.position(0, 5)).toBeVisible();
  await expect(sandbox.redisKeyCount(0)).toBeVisible();

  // Step reproduces it exactly: A GET, A SELECT, B UPDATE, B DEL, A SET, and the cache is stale.
  const actors: string[] = [];
  for (let i = 0; i < 5; i++) {
    await sandbox.stepButton.click();
    await expect(sandbox.position(i + 1, 5)).toBeVisible();
    const log = await page.evaluate(() => window.cacheAside!.state().log);
    actors.push(/actor:(\w)/.exec(log.at(-1) ?? '')?.[1] ?? '?');
  }
  expect(actors).toEqual(['A', 'A', 'B', 'B', 'A']);
  const state = await page.evaluate(() => window.cacheAside!.state());
  expect(state.cache[0]).toMatchObject({ key: 'user:1', isStale: true });
  expect(state.stats.staleFills).toBe(1);
  await expect(page.getByText('STALE', { exact: true })).toBeVisible();
  expect(await sandbox.stepButton.isEnabled()).toBe(false);

  // Back to the queued requests, then a lease: the grid recomputes and no cell is stale.
  await sandbox.backButton.click();
  await expect(sandbox.position(4, 5)).toBeVisible();
  await page.evaluate(() => window.cacheAside!.back(4));
  await expect(sandbox.position(0, 5)).toBeVisible();
  await sandbox.control('Read mitigation').selectOption('lease');
  await expect(explorer.summary).toContainText('read mitigation lease');
  await expect(explorer.cells('staleCache')).toHaveCount(0);
  await expect(explorer.cells('staleRead')).toHaveCount(0);
  await expect(explorer.outcomeCount('fresh')).not.toHaveText('0');
  // What each fix costs: a row per setting, with database reads and round trips.
  await expect(explorer.costs.getByRole('row', { name: /invalidate \/ none/ })).toBeVisible();
  await expect(explorer.costs.getByRole('row', { name: /invalidate \/ lease/ })).toBeVisible();
});

test('window.cacheAside.explore: outcomes per setting, and a seeded sample above the limit', async ({
  api,
}) => {
  const plain = await api.explore({});
  expect(plain).toMatchObject({ total: 10, sampled: false });
  expect(plain.outcomes.staleCache).toBe(1);
  expect(plain.interleavings[0]).toMatchObject({
    schedule: ['A', 'A', 'B', 'B', 'A'],
    outcome: 'staleCache',
  });
  const lease = await api.explore({ readMitigation: 'lease' });
  expect(lease.outcomes).toMatchObject({ staleCache: 0, staleRead: 0, error: 0 });
  expect(lease.outcomes.fresh).toBe(lease.interleavings.length);
  const sample = await api.explore({ limit: 4 });
  expect(sample).toMatchObject({ total: 10, sampled: true });
  expect(sample.interleavings).toHaveLength(4);
  expect(await api.explore({ limit: 4 })).toEqual(sample);
  await expect(api.explore({ limit: 0 })).rejects.toThrow(/limit must be/);
});

test('screenshot of the explorer grid for the README', async ({ page, explorer, api }) => {
  test.skip(!process.env.SCREENSHOT, 'run with SCREENSHOT=1 to refresh the picture');
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  // A reads and B writes (queued before each test); C reads too.
  await api.configure({ actors: 3 });
  await api.read('C', 1);
  await page.getByLabel('Most to run').fill('120');
  await explorer.exploreButton.click();
  await expect(explorer.summary).toContainText('sample of 120', { timeout: 500_000 });
  await explorer.cells('staleCache').first().hover();
  await explorer.region.screenshot({ path: 'e2e/screenshots/explorer.png' });
});
