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
