// The walkthrough README.md shows for `window.cacheAside`, kept runnable here.
import { expect, test } from './fixtures';

test('README example: a stale set, visible on the page', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.cacheAside !== undefined);
  const api = (fn: string, ...args: unknown[]) =>
    page.evaluate(
      ([f, a]) =>
        (window.cacheAside as unknown as Record<string, (...x: unknown[]) => unknown>)[f](...a),
      [fn, args] as const,
    );

  await api('configure', { actors: 2 });
  await api('read', 'A', 'user:1');
  await api('write', 'B', 'user:1', { name: 'New name' });
  for (const actor of ['A', 'A', 'B', 'B', 'A']) await api('stepActor', actor); // GET, SELECT, UPDATE, DEL, SET
  const state = await page.evaluate(() => window.cacheAside!.state());
  expect(state.cache[0]).toMatchObject({ key: 'user:1', isStale: true });
  await expect(page.getByText('STALE', { exact: true })).toBeVisible();
});

test("README's walkthrough is this spec: same title, same calls", async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const from = readme.indexOf('A Playwright walkthrough of the stale-set race:');
  const block = readme.slice(readme.indexOf('```ts', from), readme.indexOf('```\n', from + 20));
  const spec = readFileSync(new URL(import.meta.url), 'utf8');
  const title = /test\('([^']*)'/.exec(block)?.[1];
  expect(spec).toContain(`test('README example: ${title}'`);
  for (const line of block.split('\n').filter((l) => l.includes('await api(')))
    expect(spec, line).toContain(line.trim());
});
