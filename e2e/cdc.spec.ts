import { expect, test } from './fixtures';

/**
 * Invalidation from the change log, played in the page: the write only UPDATEs, the cdc
 * consumer's DEL comes 1 s later, and a read in between is served version 1 from Redis while the
 * database row beside it holds version 2.
 */
test('cdc-late-invalidation: the stale read beside the row, the consumer in the diagram, versioned fills fix the late fill', async ({
  page,
  sandbox,
}) => {
  test.setTimeout(60_000);
  await sandbox.open('?scenario=cdc-late-invalidation');
  await expect(page.getByLabel('Invalidation', { exact: true })).toHaveValue('cdc');
  // The write only UPDATEs, so no write policy runs: its control is off and the page says why.
  await expect(sandbox.control('Write policy')).toBeDisabled();
  // Nor does it offer to define a policy that takes no part.
  await expect(page.getByRole('button', { name: 'What is invalidate?' })).toHaveCount(0);
  await expect(page.getByTestId('config.patternInfo')).toContainText(
    "Under cdc the application's write only UPDATEs and the change log's consumer invalidates, so the write policy is off.",
  );
  const heading = page.getByRole('region', { name: 'Narration' }).getByRole('heading');
  const lastRow = sandbox.sequenceDiagram.getByTestId('sequence.row').last();
  for (let beat = 1; beat <= 4; beat++) {
    await sandbox.stepButton.click();
    await expect(heading).toContainText(` ${beat} / `);
  }
  // Beat 4: C's GET hits version 1 while the database holds version 2.
  await expect(lastRow).toContainText('STALE READ');
  await expect(sandbox.redisKey('user:42')).toContainText('"version": 1');
  await expect(sandbox.redisKey('user:42').getByText('STALE')).toBeVisible();
  await expect(sandbox.dbRow(42)).toContainText('team');
  await expect(sandbox.dbRow(42)).toContainText('2');
  await expect(sandbox.narration).toContainText('staleness window');
  // The code panel shows what runs: the UPDATE-only write path, and the consumer's own code.
  await expect(sandbox.codePanel).toContainText(
    "Write path (UPDATE only; the change log's consumer invalidates) · changeCapture.ts",
  );
  await expect(sandbox.codePanel).toContainText('function* writeUpdateOnly(');
  const consumer = page.getByLabel("Change log's consumer: DELs the key · changeCapture.ts");
  await expect(consumer).toContainText('function* consumeChanges(');
  for (let beat = 5; beat <= 8; beat++) {
    await sandbox.stepButton.click();
    await expect(heading).toContainText(` ${beat} / `);
    // After its wait, the consumer's next line is the DEL it sends without a mitigation.
    if (beat === 6)
      await expect(consumer.locator('.code-line.current')).toHaveText(
        /^\d+cdc\s+return redis\('del', 'DEL', key\);$/,
      );
  }
  // The consumer is an actor of its own: its SQL on the change log and its DEL are in the diagram.
  await expect(sandbox.sequenceDiagram).toContainText('SELECT id, user_id, version, at F');
  await expect(sandbox.sequenceDiagram).toContainText('1 change');
  await expect(sandbox.sequenceDiagram).toContainText('DEL user:42');
  await expect(lastRow).toContainText('STALE FILL');
  await sandbox.stepButton.click();
  await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();

  await sandbox.control('Read mitigation').selectOption('versioned-fill');
  await expect(page).toHaveURL(/mitigation=versioned-fill/);
  await expect(
    page.getByLabel(
      "Change log's consumer: leaves a tombstone of the new version (EVAL) · changeCapture.ts",
    ),
  ).toBeVisible();
  await expect(sandbox.sequenceDiagram).not.toContainText('STALE FILL');
  await expect(sandbox.stat('Stale reads').getByRole('definition')).toHaveText('1');
  await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
});

test("free play under cdc: the consumer's lag, held-back and dropped invalidations are settings, in the link and checked", async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open();
  const lag = sandbox.control("Consumer's lag (ms)");
  await expect(lag).toHaveCount(0);
  await page.getByLabel('Invalidation', { exact: true }).selectOption('cdc');
  await expect(lag).toHaveValue('200');
  await lag.fill('750');
  await lag.press('Enter');
  await expect(page).toHaveURL(/cdcdelay=750/);
  // Out of range: refused with the setting's name and range; the field keeps what was typed,
  // marked refused, and the setting and the link stay as they were.
  await lag.fill('-5');
  await lag.press('Enter');
  const refusal = "consumer's lag must be a number from 0 to 600,000 ms, got -5";
  await expect(page.getByRole('list', { name: 'Notices' }).getByText(refusal)).toBeVisible();
  await expect(lag).toHaveAttribute('aria-invalid', 'true');
  await expect(lag).toHaveAccessibleDescription(refusal);
  await expect(page).toHaveURL(/cdcdelay=750/);

  // A caches user 5; B's write commits; the consumer polls, waits the lag set here, then DELs.
  await api.read('A', 5);
  await api.step(3);
  await api.write('B', 5, { plan: 'team' });
  await api.step(3);
  await expect(sandbox.stat('Virtual time').getByRole('definition')).toHaveText(/^0\.75\d{4} s$/);
  await sandbox.stepButton.click();
  await expect(sandbox.sequenceDiagram).toContainText('DEL user:5');
  await expect(sandbox.redisKeyCount(0)).toBeVisible();

  // Every invalidation dropped: nothing is deleted and the page counts it lost.
  const dropped = sandbox.control('Dropped (chance)');
  await dropped.fill('1');
  await dropped.press('Enter');
  await expect(page).toHaveURL(/cdcloss=1/);
  await api.runToEnd();
  // The replay under it: no DEL, A's version 1 stays beside version 2 in the database.
  await expect(sandbox.sequenceDiagram).not.toContainText('DEL user:5');
  await expect(sandbox.stat('Lost invalidations').getByRole('definition')).toHaveText('1');
  await expect(sandbox.redisKey('user:5').getByText('STALE')).toBeVisible();
  // The drop sent nothing, so the consumer's poll that read the change says it was dropped.
  await expect(
    page.getByText("The consumer dropped the invalidation of user 5's change to version 2"),
  ).toBeVisible();

  const heldBack = sandbox.control('Held back (chance)');
  await heldBack.fill('0.25');
  await heldBack.press('Enter');
  await expect(page).toHaveURL(/cdcreorder=0\.25/);

  // A reload keeps the settings (the link carries them).
  await page.reload();
  await sandbox.waitUntilReady();
  await expect(sandbox.control("Consumer's lag (ms)")).toHaveValue('750');
  await expect(sandbox.control('Dropped (chance)')).toHaveValue('1');
  await expect(sandbox.control('Held back (chance)')).toHaveValue('0.25');
});
