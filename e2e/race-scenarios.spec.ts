import type { Locator, Page } from '@playwright/test';
import { expect, openSandbox, SandboxPage, test } from './fixtures';

/**
 * The race and failure scenarios played through the page: picked in the Scenario picker (or
 * opened from a link), stepped with the Step button or the → key, checked at the beats where the
 * learner should see something happen.
 */

const narration = (page: Page) => page.getByRole('region', { name: 'Narration' });
const sequence = (page: Page) => new SandboxPage(page).sequenceDiagram;
const lastRow = (page: Page) => sequence(page).getByTestId('sequence.row').last();
const message = (page: Page) => new SandboxPage(page).diagramMessage;
const key = (page: Page, name: string) => page.getByTestId(`redis.key.${name}`);
/** A counter's value alone (its <dd>), so "5" does not also match "15". */
const stat = (page: Page, label: string): Locator =>
  page.getByTestId(`stat.${label}`).getByRole('definition');
const outcomeMet = (page: Page) => page.getByRole('status').filter({ hasText: 'Outcome met' });

/** Opens the sandbox and picks a scenario the way a learner does. */
async function pick(page: Page, id: string): Promise<void> {
  await openSandbox(page);
  await page.getByLabel('Scenario').selectOption(id);
  await expect(page).toHaveURL(new RegExp(`scenario=${id}(&|$)`));
  await expect(narration(page).getByRole('heading')).toContainText(' 0 / ');
}

/** Presses Step (or →) once and waits until the narration shows that beat. */
async function step(page: Page, beat: number, how: 'click' | 'key' = 'click'): Promise<void> {
  if (how === 'key') await page.locator('body').press('ArrowRight');
  else await new SandboxPage(page).stepButton.click();
  await expect(narration(page).getByRole('heading')).toContainText(` ${beat} / `);
}

test.describe('race scenarios played through the page', () => {
  test('stale-set: DEL removes nothing, the late SET is a STALE FILL, then a STALE READ; lease fixes it', async ({
    page,
    sandbox,
  }) => {
    await pick(page, 'stale-set');
    await step(page, 1);
    await expect(message(page)).toContainText('GET user:123');
    await expect(message(page)).toContainText('MISS');
    await step(page, 2);
    await step(page, 3);
    await expect(message(page)).toContainText('1 row changed (version 2)');
    await step(page, 4);
    await expect(message(page)).toContainText('DEL user:123');
    await expect(message(page)).toContainText('(integer) 0');
    await step(page, 5);
    await expect(lastRow(page)).toContainText('STALE FILL');
    await expect(key(page, 'user:123').getByText('STALE')).toBeVisible();
    await expect(key(page, 'user:123')).toContainText('"version": 1');
    await step(page, 6);
    await expect(lastRow(page)).toContainText('STALE READ');
    await expect(stat(page, 'Stale reads')).toHaveText('1');
    await expect(outcomeMet(page)).toBeVisible();
    await expect(sandbox.narration).toContainText('lease or versioned-fill');
    await expect(sandbox.stepButton).toBeDisabled();

    // The fix the narration points at: the page replays the same presses under leases.
    await page.getByLabel('Read mitigation').selectOption('lease');
    await expect(page).toHaveURL(/mitigation=lease/);
    await expect(sequence(page)).toContainText('(integer) 0');
    await expect(sequence(page)).not.toContainText('STALE');
    await expect(stat(page, 'Stale reads')).toHaveText('0');
    // A's next read ran to its end: a miss, a new lease, and version 2 cached, not stale.
    await expect(key(page, 'user:123')).toHaveCount(1);
    await expect(key(page, 'user:123')).not.toContainText('STALE');
    // The run left the script: the page says so, tells the step from its events, and judges
    // the variant the scenario declares for leases: the fix works, so the outcome is met.
    await expect(page.getByTestId('narration.off-script')).toContainText('Read mitigation: lease');
    await expect(sandbox.narration).not.toContainText('STALE READ');
    // A's fill of version 1 was refused at beat 5 (the sequence has its (integer) 0); this read
    // takes a new lease and caches version 2.
    await expect(sandbox.narration).toContainText('holds the lease and may fill');
    await expect(outcomeMet(page)).toContainText('With leases');

    // The address reproduces that view.
    await page.reload();
    await expect(page.getByLabel('Read mitigation')).toHaveValue('lease');
    await expect(narration(page).getByRole('heading')).toContainText('6 / 6');
    await expect(outcomeMet(page)).toBeVisible();
    await expect(sequence(page)).not.toContainText('STALE');

    // Back reaches the beat before, told from the engine's event: A read version 1 before the
    // write (its lease taken first), and its late fill of it is refused.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(narration(page).getByRole('heading')).toContainText('5 / 6');
    await expect(sandbox.narration).toContainText(
      "the fill is refused: A's lease is gone (B's DEL removed it). So version 1, no longer the current row, stays out of the cache.",
    );
    // The read returned that version all the same, and the page says why it is no stale read.
    await expect(sandbox.narration).toContainText(
      "A's read returns version 1, while the database holds version 2: the read began before that version was committed, so it may return either and is not counted a stale read.",
    );
    await expect(sandbox.stat('Stale reads').getByRole('definition')).toHaveText('0');

    // Versioned fills: a tombstone stops the old row, and the verdict is met too.
    await page.getByLabel('Read mitigation').selectOption('versioned-fill');
    await step(page, 6);
    await expect(page.getByTestId('narration.off-script')).toContainText(
      'Read mitigation: versioned-fill',
    );
    await expect(sandbox.narration).toContainText('finds a tombstone');
    await expect(outcomeMet(page)).toContainText('With versioned fills');
    await expect(stat(page, 'Stale reads')).toHaveText('0');

    // Back to the script: the authored story and its own verdict return.
    await page.getByLabel('Read mitigation').selectOption('none');
    await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
    await expect(sandbox.narration).toContainText('lease or versioned-fill');
    await expect(outcomeMet(page)).toContainText('Without a mitigation');
  });

  test('update-cache-race switched to invalidate: nothing stale is left, and the verdict says so', async ({
    page,
    sandbox,
  }) => {
    // At the race's end from a link: the subject is the switch; another test plays the steps.
    await openSandbox(page, '?scenario=update-cache-race&step=5');
    await expect(narration(page).getByRole('heading')).toContainText(' 5 / 5');
    await expect(outcomeMet(page)).toBeVisible();
    await page.getByLabel('Write policy').selectOption('invalidate');
    await expect(page.getByTestId('narration.off-script')).toContainText(
      'Write policy: invalidate',
    );
    await expect(outcomeMet(page)).toContainText('With invalidate');
    await expect(stat(page, 'Stale reads')).toHaveText('0');
    await expect(sandbox.narration).not.toContainText('STALE');
  });

  test('stale-set-lease: the DEL takes the lease with it and the fill answers (integer) 0', async ({
    page,
  }) => {
    await pick(page, 'stale-set-lease');
    await step(page, 1, 'key');
    await step(page, 2, 'key');
    await expect(message(page)).toContainText('SET lease:user:123');
    await expect(message(page)).toContainText('OK');
    await expect(key(page, 'lease:user:123')).toBeVisible();
    await step(page, 3, 'key');
    await step(page, 4, 'key');
    await step(page, 5, 'key');
    await expect(message(page)).toContainText('DEL user:123 lease:user:123');
    await expect(message(page)).toContainText('(integer) 1');
    await expect(key(page, 'lease:user:123')).toHaveCount(0);
    await step(page, 6, 'key');
    await expect(message(page)).toContainText('EVAL');
    await expect(message(page)).toContainText('(integer) 0');
    await expect(key(page, 'user:123')).toHaveCount(0);
    for (const beat of [7, 8, 9]) await step(page, beat, 'key');
    await expect(message(page)).toContainText('(integer) 1');
    await expect(key(page, 'user:123')).toContainText('"version": 2');
    await expect(key(page, 'user:123').getByText('STALE')).toHaveCount(0);
    await expect(sequence(page)).not.toContainText('STALE');
    await expect(stat(page, 'Stale reads')).toHaveText('0');
    await expect(outcomeMet(page)).toBeVisible();
  });

  // The warm-up read ran a fixed three steps until 2026-12-04: under a lease its fill was left
  // to come, the first read queued behind it, and Step 3 hit the STALE copy with no stale read.
  test('stale-read under a lease: Step 3 is a stale read of the STALE copy, as without one', async ({
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-read&mitigation=lease');
    await expect(sandbox.redisKey('user:123')).toContainText('"version": 1');
    await expect(sandbox.stat('Reads').getByRole('definition')).toHaveText('1');
    await sandbox.step(3);
    await expect(sandbox.redisKey('user:123').getByText('STALE')).toBeVisible();
    await expect(sandbox.narration).toContainText(
      'A STALE READ: the database has held version 2 since before this read began.',
    );
    await expect(sandbox.stat('Stale reads').getByRole('definition')).toHaveText('1');
  });

  test('update-cache-race: the first writer SETs last, and version 2 overwrites version 3', async ({
    page,
  }) => {
    await pick(page, 'update-cache-race');
    await step(page, 1);
    await step(page, 2);
    await expect(message(page)).toContainText('1 row changed (version 3)');
    await step(page, 3);
    await expect(key(page, 'user:123')).toContainText('"version": 3');
    await expect(key(page, 'user:123').getByText('STALE')).toHaveCount(0);
    await step(page, 4);
    await expect(lastRow(page)).toContainText('STALE FILL');
    await expect(key(page, 'user:123')).toContainText('"version": 2');
    await expect(key(page, 'user:123').getByText('STALE')).toBeVisible();
    await expect(page.getByTestId('db.row.123')).toContainText('team');
    await step(page, 5);
    await expect(lastRow(page)).toContainText('STALE READ');
    await expect(stat(page, 'Stale reads')).toHaveText('1');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('delete-first-race: a read in the gap refills version 1, and the UPDATE turns it STALE', async ({
    page,
  }) => {
    await pick(page, 'delete-first-race');
    await step(page, 1);
    await expect(message(page)).toContainText('DEL user:123');
    await expect(message(page)).toContainText('(integer) 1');
    await expect(key(page, 'user:123')).toHaveCount(0);
    await step(page, 2);
    await expect(message(page)).toContainText('MISS');
    await step(page, 3);
    await step(page, 4);
    await expect(key(page, 'user:123')).toContainText('"version": 1');
    await expect(key(page, 'user:123').getByText('STALE')).toHaveCount(0);
    await expect(sequence(page)).not.toContainText('STALE');
    await step(page, 5);
    await expect(message(page)).toContainText('1 row changed (version 2)');
    await expect(key(page, 'user:123').getByText('STALE')).toBeVisible();
    await step(page, 6);
    await expect(lastRow(page)).toContainText('STALE READ');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('stampede: after the expiry four readers miss and the database is read four times', async ({
    page,
  }) => {
    await pick(page, 'stampede');
    await expect(page.getByTestId('actor.D')).toBeVisible();
    await expect(stat(page, 'DB reads')).toHaveText('1');
    await step(page, 1);
    await expect(key(page, 'user:1')).toHaveCount(0);
    await step(page, 2);
    await step(page, 3);
    await expect(lastRow(page)).toContainText('MISS');
    await expect(
      sequence(page).getByTestId('sequence.row').filter({ hasText: 'MISS' }),
    ).toHaveCount(5);
    await step(page, 4);
    await expect(stat(page, 'DB reads')).toHaveText('5');
    await step(page, 5);
    await expect(key(page, 'user:1')).toBeVisible();
    await expect(stat(page, 'Misses')).toHaveText('5');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('stampede-single-flight: one lock, one SELECT, and the waiting readers hit', async ({
    page,
  }) => {
    await pick(page, 'stampede-single-flight');
    await expect(stat(page, 'DB reads')).toHaveText('1');
    for (const beat of [1, 2, 3, 4]) await step(page, beat, 'key');
    await expect(message(page)).toContainText('SET lock:user:1');
    await expect(key(page, 'lock:user:1')).toBeVisible();
    await step(page, 5, 'key');
    await expect(message(page)).toContainText('(nil)');
    await step(page, 6, 'key');
    await expect(stat(page, 'DB reads')).toHaveText('2');
    await step(page, 7, 'key');
    await expect(key(page, 'lock:user:1')).toHaveCount(0);
    await expect(key(page, 'user:1')).toBeVisible();
    await step(page, 8, 'key');
    await step(page, 9, 'key');
    await expect(lastRow(page)).toContainText('HIT');
    await expect(stat(page, 'Hits')).toHaveText('3');
    await expect(stat(page, 'DB reads')).toHaveText('2');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('lost-invalidation: the DEL fails while Redis is down, the old row is served until the TTL', async ({
    page,
  }) => {
    await pick(page, 'lost-invalidation');
    const redisPanel = page.getByRole('region', { name: 'Redis keys' });
    await step(page, 1);
    await expect(redisPanel).toContainText('down');
    await step(page, 2);
    await step(page, 3);
    await expect(message(page)).toContainText('DEL user:123');
    await expect(message(page)).toContainText('(error) Connection is closed.');
    await expect(stat(page, 'Cache errors')).toHaveText('1');
    await expect(stat(page, 'Lost invalidations')).toHaveText('1');
    await step(page, 4);
    await expect(redisPanel).not.toContainText('down');
    await expect(key(page, 'user:123').getByText('STALE')).toBeVisible();
    await step(page, 5);
    await expect(lastRow(page)).toContainText('STALE READ');
    await expect(stat(page, 'Stale reads')).toHaveText('1');
    await step(page, 6);
    await expect(key(page, 'user:123')).toHaveCount(0);
    await step(page, 7);
    await step(page, 8);
    await expect(key(page, 'user:123')).toContainText('"version": 2');
    await expect(key(page, 'user:123').getByText('STALE')).toHaveCount(0);
    await expect(page.getByLabel('TTL of user:123')).toHaveText('TTL 30 s');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('cache-down-fallback: reads fall back to SQLite while Redis is down, then the cache warms up', async ({
    page,
  }) => {
    await pick(page, 'cache-down-fallback');
    await step(page, 1);
    await step(page, 2);
    await expect(message(page)).toContainText('(error) Connection is closed.');
    await expect(message(page)).toContainText('ERROR');
    await expect(stat(page, 'Cache errors')).toHaveText('1');
    await step(page, 3);
    await expect(message(page)).toContainText('SELECT * FROM users WHERE id = 123');
    await expect(stat(page, 'DB reads')).toHaveText('1');
    await expect(stat(page, 'Reads')).toHaveText('1');
    await step(page, 4);
    await expect(stat(page, 'Cache errors')).toHaveText('2');
    await expect(stat(page, 'DB reads')).toHaveText('2');
    await expect(key(page, 'user:123')).toHaveCount(0);
    await step(page, 5);
    await step(page, 6);
    await expect(message(page)).toContainText('MISS');
    await step(page, 7);
    await expect(key(page, 'user:123')).toBeVisible();
    await step(page, 8);
    await expect(message(page)).toContainText('HIT');
    await expect(stat(page, 'DB reads')).toHaveText('3');
    await expect(stat(page, 'Cache errors')).toHaveText('2');
    await expect(stat(page, 'Stale reads')).toHaveText('0');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('write-then-read: stale under ttl-only, fresh under invalidate', async ({ page }) => {
    await pick(page, 'write-then-read');
    await step(page, 1);
    await expect(key(page, 'user:123').getByText('STALE')).toBeVisible();
    await step(page, 2);
    await expect(lastRow(page)).toContainText('STALE READ');
    await expect(stat(page, 'Stale reads')).toHaveText('1');
    await expect(outcomeMet(page)).toBeVisible();

    await page.getByLabel('Scenario').selectOption('write-then-read-invalidate');
    await expect(page.getByLabel('Write policy')).toHaveValue('invalidate');
    await step(page, 1);
    await step(page, 2);
    await expect(message(page)).toContainText('DEL user:123');
    await expect(message(page)).toContainText('(integer) 1');
    await step(page, 3);
    await expect(message(page)).toContainText('MISS');
    await step(page, 4);
    await expect(key(page, 'user:123')).toContainText('"version": 2');
    await expect(sequence(page)).not.toContainText('STALE READ');
    await expect(stat(page, 'Stale reads')).toHaveText('0');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('a scenario link reproduces the run: stampede at its last beat', async ({ page }) => {
    await openSandbox(page, '?scenario=stampede&step=5');
    await expect(narration(page).getByRole('heading')).toContainText('5 / 5');
    await expect(stat(page, 'DB reads')).toHaveText('5');
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('only-what-is-asked: two of 1,000 users are cached, and the TTL empties Redis again', async ({
    page,
  }) => {
    await pick(page, 'only-what-is-asked');
    await step(page, 1);
    await step(page, 2, 'key');
    await expect(key(page, 'user:7')).toBeVisible();
    await expect(key(page, 'user:42')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Redis keys' })).toContainText('(2)');
    await step(page, 3);
    await expect(message(page)).toContainText('HIT');
    await expect(stat(page, 'DB reads')).toHaveText('2');
    await step(page, 4);
    await expect(page.getByText('Empty: no key is cached.')).toBeVisible();
    await expect(outcomeMet(page)).toBeVisible();
  });

  test('stampede: FLUSHALL after the last beat leaves the outcome met, as the counters show', async ({
    page,
    sandbox,
  }) => {
    await page.goto('/?scenario=stampede&step=5');
    await expect(narration(page).getByRole('heading')).toContainText(' 5 / 5');
    await expect(outcomeMet(page)).toBeVisible();
    await sandbox.redisConsole.fill('FLUSHALL');
    await sandbox.redisConsole.press('Enter');
    await expect(sandbox.redisOutput).toContainText('OK');
    await expect(stat(page, 'DB reads')).toHaveText('5');
    await expect(outcomeMet(page)).toContainText(
      'FLUSHALL in the Redis console after its last beat changed what the stores hold, not what happened.',
    );
  });
});
