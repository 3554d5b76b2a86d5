import { expect, openSandbox, test } from './fixtures';

test('the page loads Redis and SQLite and runs a real cache-aside read', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page, '?scenario=cold-read');
  const step = sandbox.stepButton;
  for (let i = 0; i < 3; i++) await step.click();
  await expect(sandbox.narration).toContainText('SET user:123');
  const state = await page.evaluate(() => window.cacheAside!.state());
  expect(state.log[0]).toMatch(/^0\.000000 \[0 actor:A\] "GET" "user:123"/);
  expect(state.log[1]).toContain('SELECT * FROM users WHERE id = 123');
  expect(state.cache[0]).toMatchObject({ key: 'user:123', ttlMs: 3_600_000, isStale: false });
  await expect(page.getByTestId('stat.Misses')).toContainText('1');
  await expect(page.getByTestId('stat.DB reads')).toContainText('1');
});
