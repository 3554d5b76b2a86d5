import { expect, test } from './fixtures';

test('a stale copy is marked field by field beside its row, in the Redis panel and the diagram', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-read');
  await sandbox.step();
  // A fresh hit: nothing differs, and the reply's label is readable (no green halo over green text).
  await expect(sandbox.redisKey('user:123').getByRole('table')).toHaveCount(0);
  const hitReply = page.locator('.message.tone-hit .reply-text').first();
  await expect(hitReply).toBeVisible();
  const halo = await hitReply.evaluate((el) => getComputedStyle(el).stroke);
  const fill = await hitReply.evaluate((el) => getComputedStyle(el).fill);
  expect(halo).not.toBe(fill);

  await sandbox.step(); // the ops UPDATE: plan free -> team, version 1 -> 2
  const diff = sandbox.redisKey('user:123').getByRole('table', {
    name: 'Differs from the database row',
  });
  await expect(diff.getByRole('row', { name: /^plan/ })).toHaveText('plan"free""team"');
  await expect(diff.getByRole('row', { name: /^version/ })).toHaveText('version12');

  await sandbox.step(); // A's stale hit
  const reply = page.locator('[data-testid="diagram.message"] .reply-text').first();
  await expect(reply).toHaveText(/^"\{"plan":"free","version":1,/);
  await expect(page.getByTestId('diagram.diff')).toHaveText(
    'cached: plan "free", version 1row now: plan "team", version 2',
  );
});

test('a stale fill in the race is marked in the diagram too', async ({ sandbox, page }) => {
  await sandbox.open('?scenario=stale-set&step=5');
  await expect(page.getByTestId('diagram.diff')).toContainText('row now: plan "team", version 2');
  await expect(sandbox.redisKey('user:123').getByRole('table')).toContainText('"team"');
});

test('a fill that was refused is not drawn as cached', async ({ sandbox, page }) => {
  for (const mitigation of ['lease', 'versioned-fill']) {
    await sandbox.open(`?scenario=stale-set&mitigation=${mitigation}&step=5`);
    await expect(page.getByTestId('diagram.message').first()).toContainText('(integer) 0');
    // Nothing of version 1 is in Redis (versioned-fill leaves B's tombstone there).
    await expect(sandbox.redisPanel).not.toContainText('"free"');
    // The old row it carried never reached Redis: no "cached: ..." beside the row.
    await expect(page.getByTestId('diagram.diff')).toHaveCount(0);
  }
});
