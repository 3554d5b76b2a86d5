import { expect, openSandbox, test } from './fixtures';

// Each read, then a second on the clock: Redis' LRU clock ticks once a second, so reads within
// the same second look equally recent to allkeys-lru, on Redis as here.
const fill = (page: import('@playwright/test').Page, ids: number[]) =>
  page.evaluate(async (list) => {
    for (const id of list) {
      await window.cacheAside!.read('A', id);
      await window.cacheAside!.runToEnd();
      await window.cacheAside!.advanceClock(1000);
    }
  }, ids);

test.describe('max keys and eviction', () => {
  test('allkeys-lru evicts the least recently used key; the panel and the log show it', async ({
    page,
  }) => {
    await openSandbox(page);
    const maxKeys = page.getByRole('textbox', { name: 'Max keys' });
    await maxKeys.fill('2');
    await maxKeys.press('Enter');
    await page.getByRole('combobox', { name: 'Eviction' }).selectOption('allkeys-lru');
    await expect(page).toHaveURL(/maxkeys=2/);
    await expect(page).toHaveURL(/eviction=allkeys-lru/);

    // user:1 is read again (a hit), so user:2 is the least recently used when user:3 arrives.
    await fill(page, [1, 2, 1]);
    await expect(page.getByRole('region', { name: 'Redis keys' })).toContainText('(2 of max 2)');
    await expect(page.getByTestId('redis.evicted')).toHaveCount(0);
    await fill(page, [3]);

    await expect(page.getByTestId('redis.evicted')).toContainText('EVICTED user:2');
    await expect(page.getByTestId('redis.key.user:2')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.user:1')).toBeVisible();
    await expect(page.getByTestId('redis.key.user:3')).toBeVisible();
    const evictLine = page.getByRole('list', { name: 'Log lines' }).getByRole('listitem').filter({
      hasText: '* evicted user:2 to stay within 2 keys (maxmemory-policy allkeys-lru)',
    });
    await expect(evictLine).toContainText('EVICTED');
    // The server's act, not a DEL no client sent (before, `[0 actor:evict] "DEL" "user:2"`).
    await expect(page.getByRole('list', { name: 'Log lines' })).not.toContainText('actor:evict');
    await expect(page.getByTestId('stat.Evictions')).toContainText('1');

    // Back before the read of user:3 undoes the eviction too.
    await page.getByRole('slider', { name: 'Step position' }).fill('7');
    await expect(page.getByTestId('redis.evicted')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.user:2')).toBeVisible();
  });

  test('a limit of one key is said as one key', async ({ page }) => {
    await openSandbox(page, '?maxkeys=1&eviction=allkeys-lru');
    await fill(page, [1, 2]);
    await expect(page.getByTestId('redis.evicted')).toHaveText(
      'EVICTED user:1 to stay within 1 key',
    );
  });

  test('noeviction refuses the fill with the OOM error and the read still answers', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?maxkeys=1');
    await expect(page.getByRole('combobox', { name: 'Eviction' })).toHaveValue('noeviction');
    await fill(page, [1, 2]);
    // The log shortens long replies; the start of Redis' OOM error is enough.
    await expect(sandbox.logLines).toContainText('(error) OOM command not allowed');
    await expect(page.getByTestId('redis.key.user:2')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.user:1')).toBeVisible();
    await expect(page.getByTestId('stat.Reads')).toContainText('2');
  });

  test('a key limit out of range is refused with a clear message and nothing changes', async ({
    page,
  }) => {
    await openSandbox(page, '?maxkeys=3&eviction=allkeys-random');
    await fill(page, [1]);
    const maxKeys = page.getByRole('textbox', { name: 'Max keys' });
    await expect(maxKeys).toHaveValue('3');
    // "0x10" is 16 to JavaScript's Number, not a number as a person types one: refused too.
    // The refusal quotes what was typed: text that is no number is not shown as "NaN".
    for (const [bad, got] of [
      ['5000', '5000'],
      ['abc', '"abc"'],
      ['-1', '-1'],
      ['0x10', '"0x10"'],
    ]) {
      await maxKeys.fill(bad);
      await maxKeys.press('Enter');
      await expect(page.getByRole('alert').last()).toContainText(
        `max keys must be a whole number from 0 (no limit) to 1,000, got ${got}`,
      );
      // The field keeps what was typed, marked refused and described by the refusal (as the
      // lab's fields); the setting itself stays 3 (below).
      await expect(maxKeys).toHaveValue(bad);
      await expect(maxKeys).toHaveAttribute('aria-invalid', 'true');
      await expect(maxKeys).toHaveAccessibleDescription(/max keys must be a whole number/);
    }
    await expect(page.getByTestId('redis.key.user:1')).toBeVisible();
    await expect(page).toHaveURL(/maxkeys=3/);
    const state = await page.evaluate(() => window.cacheAside!.state());
    expect(state).toMatchObject({ maxKeys: 3, eviction: 'allkeys-random', step: 3 });
  });

  test('bad key-limit link parameters fall back to defaults with a notice', async ({ page }) => {
    await openSandbox(page, '?maxkeys=99999&eviction=volatile-ttl');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('bad maxkeys "99999"');
    await expect(alert).toContainText('bad eviction "volatile-ttl"');
    await expect(page.getByRole('textbox', { name: 'Max keys' })).toHaveValue('0');
    await expect(page.getByRole('combobox', { name: 'Eviction' })).toHaveValue('noeviction');
  });
});
