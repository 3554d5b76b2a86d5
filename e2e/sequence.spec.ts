import { expect, openSandbox, test } from './fixtures';

test('the sequence diagram stays readable past 30 steps: it scrolls and keeps the newest step in view', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page);
  // Twelve cold reads by A and B: 36 commands (GET, SELECT, SET each).
  await page.evaluate(async () => {
    const api = window.cacheAside!;
    for (let id = 1; id <= 12; id++) await api.read(id % 2 ? 'A' : 'B', id);
    await api.runToEnd();
  });
  const diagram = sandbox.sequenceDiagram;
  const rows = diagram.getByTestId('sequence.row');
  await expect(rows).toHaveCount(36);
  await diagram.scrollIntoViewIfNeeded();
  await expect(rows.last()).toBeInViewport();
  await expect(rows.last()).toContainText('OK');
  await expect(rows.first()).not.toBeInViewport();
  // Back by one step: the diagram shows the steps up to the current one, newest in view.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(rows).toHaveCount(35);
  await diagram.scrollIntoViewIfNeeded();
  await expect(rows.last()).toBeInViewport();
  await expect(rows.last()).toContainText('SELECT');
});
