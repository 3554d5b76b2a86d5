import { expect, test } from './fixtures';

// The counter beside a scenario's title: a step of your own between beats is not "past its
// beats"; only a step after the last beat is.
test('an actor’s own Step mid-scenario counts as a step of your own, not past the beats', async ({
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set&step=2');
  const count = sandbox.page.getByRole('region', { name: 'Narration' }).locator('.beat-count');
  await expect(count).toHaveText('2 / 6');
  await sandbox.stepActorButton('B').click();
  await sandbox.step();
  await expect(count).toHaveText('3 / 6, + 1 step of your own');
  await expect(count).not.toContainText('past its beats');
});
