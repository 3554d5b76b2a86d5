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

  test('a scenario: one live region, the narration', async ({ sandbox }) => {
    await sandbox.open('?scenario=cold-read');
    await sandbox.step();
    await expect(sandbox.page.getByTestId('narration.step')).toHaveCount(0);
    const narration = sandbox.page.getByRole('region', { name: 'Narration' });
    await expect(narration).toHaveAttribute('aria-live', 'polite');
    await expect(narration.locator('[aria-live]')).toHaveCount(0);
  });
});
