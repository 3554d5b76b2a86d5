import { expect, test } from './fixtures';

// Free play tells a screen reader what each Step did, from the engine's events, as a scenario's
// narration does; a scenario keeps one live region, so nothing is announced twice.
test.describe('free play announces each Step', () => {
  test('Start read, then Step: a polite live region says what the GET did', async ({ sandbox }) => {
    await sandbox.open();
    const told = sandbox.page.getByTestId('narration.step');
    await expect(told).toHaveAttribute('aria-live', 'polite');
    await expect(told).toBeEmpty();
    await sandbox.startReadButton.click();
    await sandbox.step();
    await expect(told).toHaveText(
      'Step 1: A sends GET user:123: (nil), a miss: the key is not in the cache.',
    );
  });

  test('Restart Redis after a Step: the live region tells the restart, the Step kept as told before it', async ({
    sandbox,
  }) => {
    await sandbox.open();
    const told = sandbox.page.getByTestId('narration.step');
    await sandbox.startReadButton.click();
    for (let i = 0; i < 3; i++) await sandbox.step();
    await expect(told).toContainText('Redis holds version 1, the current row.');
    await sandbox.page.getByRole('button', { name: 'Restart Redis' }).click();
    await expect(told).toHaveText(
      'Redis restarts with an empty memory: it lost the cached copy it held.',
    );
    // The Step's "Redis holds version 1" stays, marked as told before the restart.
    const before = sandbox.page.getByTestId('narration.before');
    await expect(before).toHaveText(
      /^Told before the input since \(what it says may no longer hold\): Step 3: A sends SET user:123 .*Redis holds version 1, the current row\.$/,
    );
    await expect(before).not.toHaveAttribute('aria-live');
  });

  test('console lines the console refused are not counted among the inputs since a Step', async ({
    sandbox,
    api,
  }) => {
    await sandbox.open();
    await sandbox.startReadButton.click();
    await sandbox.step();
    const before = sandbox.page.getByTestId('narration.before');
    // Refused before anything was sent: the GET's sentence still holds, and the mark says why.
    await api.redis('FOO bar');
    await api.redis('MONITOR');
    await expect(sandbox.page.getByTestId('narration.step')).toHaveText(
      'The Redis console refused MONITOR: nothing was sent, and nothing changed.',
    );
    await expect(before).toHaveText(
      /^Told before the 2 console lines since, which the console refused \(nothing was sent, so it still holds\): Step 1: A sends GET user:123: /,
    );
    // One line that ran: counted alone, the refused ones left out.
    await api.redis('SET k v');
    await expect(before).toHaveText(
      /^Told before the input since \(what it says may no longer hold\): Step 1: A sends GET user:123: /,
    );
  });

  test('a scenario: one live region, the narration', async ({ sandbox }) => {
    await sandbox.open('?scenario=cold-read');
    await sandbox.step();
    await expect(sandbox.page.getByTestId('narration.step')).toHaveCount(0);
    // The story is the one live region the narration speaks from (the verdict's status sits
    // beside it once the scenario ends, e2e/live-regions.spec.ts).
    const narration = sandbox.page.getByRole('region', { name: 'Narration' });
    await expect(narration).not.toHaveAttribute('aria-live');
    await expect(narration.locator('[aria-live]')).toHaveCount(1);
    await expect(narration.getByTestId('narration.told')).toHaveAttribute('aria-live', 'polite');
  });
});
