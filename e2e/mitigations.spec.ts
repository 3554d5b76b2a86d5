import type { Page } from '@playwright/test';
import { expect, openSandbox, SandboxPage, test } from './fixtures';

/** Takes one step for each actor named, in order, through the automation API. */
const interleave = (page: Page, actors: string[]) =>
  page.evaluate(async (list) => {
    for (const actor of list) await window.cacheAside!.stepActor(actor);
  }, actors);

const logLines = (page: Page) => new SandboxPage(page).logLines.getByRole('listitem');
const sequence = (page: Page) => new SandboxPage(page).sequenceDiagram;

test.describe('read mitigations and write policies through the page', () => {
  test('single-flight: two readers miss together, one takes the lock, one SELECT', async ({
    page,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Read mitigation').selectOption('single-flight');
    await expect(page.getByRole('region', { name: 'Program code' })).toContainText(
      'readSingleFlight.ts',
    );
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.read('B', 7);
    });
    // A GET nil, B GET nil, A SET lock NX -> OK, B SET lock NX -> nil (B waits).
    await interleave(page, ['A', 'B', 'A', 'B']);
    await expect(page.getByTestId('redis.key.lock:user:7')).toBeVisible();
    await expect(page.getByTestId('actor.B')).toContainText('wait');
    await page.getByLabel('Speed').selectOption('8');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();

    await expect(
      logLines(page).filter({ hasText: 'SELECT * FROM users WHERE id = 7' }),
    ).toHaveCount(1);
    await expect(page.getByTestId('stat.DB reads')).toContainText('1');
    await expect(page.getByTestId('stat.Reads')).toContainText('2');
    await expect(page.getByTestId('redis.key.lock:user:7')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.user:7')).toContainText('"version": 1');
    await expect(sequence(page).getByTestId('sequence.row').last()).toContainText('HIT');
  });

  test('versioned-fill: the writer leaves a tombstone and the stale fill is refused', async ({
    page,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Read mitigation').selectOption('versioned-fill');
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.write('B', 7, { plan: 'team' });
    });
    // The stale-set race: A GET nil; A SELECT v1; B UPDATE v2; B tombstone v2 (EVAL); A fill v1.
    await interleave(page, ['A', 'A', 'B']);
    await expect(page.getByTestId('actor.B')).toContainText('EVAL INVALIDATE_IF_OLDER 1 user:7');
    await interleave(page, ['B', 'A']);
    await expect(sequence(page).getByTestId('sequence.row').last()).toContainText('(integer) 0');
    // Two different scripts, each named: their texts cut to fit would read alike.
    await expect(sequence(page).getByTestId('sequence.row').nth(3)).toContainText(
      'EVAL INVALIDATE_IF_OLDER 1 user:7',
    );
    await expect(sequence(page).getByTestId('sequence.row').last()).toContainText(
      'EVAL FILL_IF_NEWER 1 user:7',
    );
    await expect(new SandboxPage(page).diagramMessage).toContainText('EVAL FILL_IF_NEWER 1 user:7');
    await expect(sequence(page)).not.toContainText('STALE');
    const key = page.getByTestId('redis.key.user:7');
    await expect(key).toContainText('"tombstone": true');
    await expect(key.getByText('STALE')).toHaveCount(0);

    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.runToEnd();
    });
    await expect(key).toContainText('"version": 2');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('0');
  });

  test('early-refresh: a hit close to expiry refreshes the key before it runs out', async ({
    page,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Read mitigation').selectOption('early-refresh');
    await page.getByLabel('TTL (s)').fill('1');
    await page.getByLabel('TTL (s)').press('Enter');
    await expect(page).toHaveURL(/ttl=1(&|$)/);
    await page.evaluate(async () => {
      const api = window.cacheAside!;
      await api.read('A', 9);
      await api.runToEnd();
      // Leave 2 ms of the 1 s TTL: XFetch refreshes with probability exp(-remaining/(beta*delta)).
      await api.advanceClock(api.state().cache[0].ttlMs - 2);
      await api.read('A', 9);
      await api.runToEnd();
    });
    const lines = logLines(page);
    await expect(lines.nth(3)).toContainText('"GET" "user:9"');
    await expect(lines.nth(4)).toContainText('"PTTL" "user:9"');
    await expect(lines.nth(5)).toContainText('SELECT * FROM users WHERE id = 9');
    await expect(lines.nth(6)).toContainText('"SET" "user:9"');
    await expect(page.getByLabel('TTL of user:9')).toHaveText('TTL 1 s');
    await expect(page.getByTestId('stat.DB reads')).toContainText('2');
  });

  test('double-delete: the second DEL removes what a racing reader filled', async ({ page }) => {
    await openSandbox(page);
    await page.getByLabel('Write policy').selectOption('double-delete');
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.write('B', 7, { plan: 'team' });
    });
    // B DEL; A GET nil; A SELECT v1; B UPDATE v2; A SET v1: the cache holds the old row...
    await interleave(page, ['B', 'A', 'A', 'B', 'A']);
    const key = page.getByTestId('redis.key.user:7');
    await expect(key.getByText('STALE')).toBeVisible();
    // ...until B, after its delay, deletes again: the old row did not stay, so it never counts
    // as a stale fill (one that outlives every write of its row).
    await interleave(page, ['B', 'B']);
    await expect(key).toHaveCount(0);
    await expect(sequence(page)).not.toContainText('STALE FILL');
    await expect(logLines(page).filter({ hasText: '[0 actor:B] "DEL" "user:7"' })).toHaveCount(2);
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.runToEnd();
    });
    await expect(key).toContainText('"version": 2');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('0');
  });

  test("double-delete's delay: a setting beside Write policy, told by the wait, kept by the link, Back and a reload", async ({
    page,
  }) => {
    const sandbox = new SandboxPage(page);
    await sandbox.open();
    const delay = page.getByLabel('Double-delete delay (ms)');
    // Only double-delete waits: the setting is shown with it.
    await expect(delay).toHaveCount(0);
    await page.getByLabel('Write policy').selectOption('double-delete');
    await expect(delay).toHaveValue('500');
    await delay.fill('40');
    await delay.press('Enter');
    await expect(page).toHaveURL(/\?policy=double-delete&ddelay=40$/);
    await expect(page.getByTestId('config.patternInfo')).toContainText(
      'on a write it deletes the key before the UPDATE and removes the cached copy again 40 ms after it.',
    );
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.write('B', 7, { plan: 'team' });
    });
    // B DEL; A GET nil; A SELECT v1; B UPDATE v2; A SET v1; then B's wait, as set.
    await interleave(page, ['B', 'A', 'A', 'B', 'A', 'B']);
    await expect(page.getByTestId('narration.step')).toHaveText(
      'Step 6: B waits 40 ms, the double-delete delay, before deleting user:7 a second time.',
    );
    await expect(sandbox.codePanel).toContainText(
      "pause('wait', ctx.settings.doubleDeleteDelayMs)",
    );
    // Back replays the run under the same settings; the link keeps the delay and the run.
    await sandbox.backButton.click();
    await expect(page).toHaveURL(/ddelay=40/);
    await expect(delay).toHaveValue('40');
    await page.reload();
    await sandbox.waitUntilReady();
    await expect(page.getByLabel('Double-delete delay (ms)')).toHaveValue('40');
    expect(await page.evaluate(() => window.cacheAside!.state().doubleDeleteDelayMs)).toBe(40);
    // configure() checks it by the same schema, naming it as the API does.
    const refusal = await page.evaluate(() =>
      window.cacheAside!.configure({ doubleDeleteDelayMs: 600_001 }).then(
        () => 'applied',
        (e: Error) => e.message,
      ),
    );
    expect(refusal).toBe('doubleDeleteDelayMs must be a number from 0 to 600,000 ms, got 600001');
  });

  test('delete-first: a read between DEL and UPDATE refills the old row, and it is served stale', async ({
    page,
  }) => {
    await openSandbox(page);
    await page.getByLabel('Write policy').selectOption('delete-first');
    await page.evaluate(async () => {
      await window.cacheAside!.read('A', 7);
      await window.cacheAside!.write('B', 7, { plan: 'team' });
    });
    // B DEL; A GET nil; A SELECT v1; A SET v1; B UPDATE v2.
    await interleave(page, ['B', 'A', 'A', 'A', 'B']);
    const key = page.getByTestId('redis.key.user:7');
    await expect(key.getByText('STALE')).toBeVisible();
    await page.evaluate(() => window.cacheAside!.read('A', 7));
    await page.getByRole('button', { name: 'Step A' }).click();
    await expect(sequence(page)).toContainText('STALE READ');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('1');
  });

  test('Redis down during the DEL: a lost invalidation, and the old value is served once Redis is back', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.getByLabel('User id').fill('7');
    await sandbox.startReadButton.click();
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step A' }).click();
    const key = page.getByTestId('redis.key.user:7');
    await expect(key).toContainText('"version": 1');

    await page.getByLabel('As actor').selectOption('B');
    await page.getByLabel('Set plan to').selectOption('team');
    await page.getByRole('button', { name: 'Start write' }).click();
    await page.getByRole('button', { name: 'Step B' }).click();
    await expect(page.getByTestId('db.row.7').locator('td.changed').first()).toHaveText('team');
    await page.getByRole('button', { name: 'Take Redis down' }).click();
    await page.getByRole('button', { name: 'Step B' }).click();
    await expect(
      logLines(page)
        .filter({ hasText: '(not sent) [client actor:B] "DEL" "user:7"' })
        .filter({ hasText: 'Connection is closed' }),
    ).toHaveCount(1);
    await expect(page.getByTestId('stat.Cache errors')).toContainText('1');
    await expect(page.getByTestId('stat.Lost invalidations')).toContainText('1');

    await page.getByRole('button', { name: 'Bring Redis up' }).click();
    await expect(key.getByText('STALE')).toBeVisible();
    await page.getByLabel('As actor').selectOption('A');
    await sandbox.startReadButton.click();
    await page.getByRole('button', { name: 'Step A' }).click();
    await expect(sandbox.diagramMessage).toContainText('STALE READ');
    await expect(page.getByTestId('stat.Stale reads')).toContainText('1');
    await expect(key).toContainText('"plan": "pro"');
  });
});
