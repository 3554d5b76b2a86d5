import { expect, test } from './fixtures';

// Before the first Step, a scenario opened with other settings never presents its authored intro
// as describing this run: it says what the run changed (from → to) and frames the intro as the
// script under the scenario's own settings.
test.describe('the opening text of a scenario opened with other settings', () => {
  for (const [query, changed, outdated] of [
    [
      '?scenario=delete-first-race&policy=invalidate',
      'Write policy: delete-first → invalidate',
      'Writer B uses write policy "delete-first"',
    ],
    ['?scenario=ttl-expiry&ttl=10', 'TTL: 60 s → 10 s', 'the TTL is 60 s'],
  ] as const) {
    test(`${query}: names ${changed} and frames the intro as the script`, async ({ sandbox }) => {
      await sandbox.open(query);
      await expect(sandbox.page.getByTestId('narration.off-script')).toBeVisible();
      await expect(sandbox.narration).toContainText(
        `This run is not the scenario's script (${changed}), so each step will be told from what the engine does. The script, written for the scenario's own settings, opens: “`,
      );
      // The authored words are still there, but only inside the quoted script.
      await expect(sandbox.narration).toContainText(outdated);
      await expect(sandbox.narration).not.toHaveText(new RegExp(`^[^“]*${outdated}`));
    });
  }

  test('on its own settings, the intro as authored', async ({ sandbox }) => {
    await sandbox.open('?scenario=delete-first-race');
    await expect(sandbox.narration).toContainText('Writer B uses write policy "delete-first"');
    await expect(sandbox.narration).not.toContainText("This run is not the scenario's script");
  });
});
