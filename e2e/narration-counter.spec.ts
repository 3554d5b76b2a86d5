import { expect, test } from './fixtures';

// At 320 px, as a phone shows it: the counter sits beside the title in a narrow heading.
test.use({ viewport: { width: 320, height: 640 } });

// The counter beside a scenario's title: a step of your own between beats is not "past its
// beats"; only a step after the last beat is.
test('an actor’s own Step mid-scenario counts as a step of your own, not past the beats', async ({
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set&step=2');
  const count = sandbox.page.getByRole('region', { name: 'Narration' }).locator('.beat-count');
  await expect(count).toHaveText('2 / 6');
  // "2 / 6" on one line: until 2026-12-07 it broke into "2 /" and "6" at 320 px.
  const lines = await count.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  expect(lines).toBe(1);
  await sandbox.stepActorButton('B').click();
  await sandbox.step();
  await expect(count).toHaveText('3 / 6, + 1 step of your own');
  await expect(count).not.toContainText('past its beats');
});
