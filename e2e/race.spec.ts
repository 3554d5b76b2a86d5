import { expect, openSandbox, test } from './fixtures';

test.describe('the stale-set race, built by hand with stepActor', () => {
  test('without a mitigation: a stale fill, then a stale read', async ({ page, sandbox }) => {
    await openSandbox(page);
    await page.evaluate(async () => {
      const api = window.cacheAside!;
      await api.read('A', 'user:7');
      await api.write('B', 'user:7', { plan: 'team' });
      for (const actor of ['A', 'A', 'B', 'B', 'A']) await api.stepActor(actor);
    });
    const sequence = sandbox.sequenceDiagram;
    await expect(sequence).toContainText('STALE FILL');
    await expect(page.getByTestId('redis.key.user:7').getByText('STALE')).toBeVisible();
    // The next read, stepped with the actor's own button, hits the stale copy.
    await page.evaluate(() => window.cacheAside!.read('A', 7));
    await page.getByRole('button', { name: 'Step A' }).click();
    await expect(sequence).toContainText('STALE READ');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('1');
  });

  test('the same interleaving with leases: the fill is refused and nothing is stale', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Read mitigation').selectOption('lease');
    await expect(page.getByRole('region', { name: 'Program code' })).toContainText(
      'readWithLease.ts',
    );
    const state = await page.evaluate(async () => {
      const api = window.cacheAside!;
      await api.read('A', 7);
      await api.write('B', 7, { plan: 'team' });
      // With leases the reader takes a lease before its SELECT: one more step for A.
      for (const actor of ['A', 'A', 'A', 'B', 'B', 'A']) await api.stepActor(actor);
      await api.read('A', 7);
      return api.runToEnd();
    });
    expect(state.stats.staleReads).toBe(0);
    expect(state.stats.staleFills).toBe(0);
    const sequence = sandbox.sequenceDiagram;
    await expect(sequence).toContainText('(integer) 0');
    await expect(sequence).not.toContainText('STALE');
    await expect(page.getByTestId('redis.key.user:7')).toContainText('"version": 2');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('0');
  });
});
