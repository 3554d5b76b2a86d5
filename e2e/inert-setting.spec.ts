import { expect, test } from './fixtures';

/**
 * A setting a scenario's script never feels (Write policy in cold-read, which writes nothing)
 * keeps the authored story and its verdict, and the page says why; one that changes the run (a
 * TTL) still leaves the script. Decided from the engine's events: `src/store/inertSetting.test.ts`.
 */
test('a setting that makes no difference to the script keeps its story and verdict; one that does leaves it', async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open();
  await api.loadScenario('cold-read');
  await sandbox.step(2);
  await sandbox.control('Write policy').selectOption('update-cache');
  await expect(page.getByRole('status').filter({ hasText: 'makes no difference' })).toHaveText(
    "Write policy: invalidate → update-cache makes no difference to this scenario's script: played under it, every step sends the same commands and gets the same replies as under the scenario's own settings, so its story and verdict stand.",
  );
  await sandbox.step(2);
  const narration = page.getByTestId('narration.text');
  await expect(narration).toContainText('This time GET user:123 returns the JSON: a hit.');
  await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Narration' }).getByRole('status')).toContainText(
    /^Outcome met: /,
  );

  await sandbox.commit('TTL (s)', '7');
  await expect(page.getByTestId('narration.off-script')).toContainText('TTL: 7 s');
  await expect(page.getByRole('status').filter({ hasText: 'makes no difference' })).toHaveCount(0);
  await expect(narration).toContainText('A sends GET user:123 and hits version 1: fresh.');
});
