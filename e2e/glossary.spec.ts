import { axeOn, expect, test } from './fixtures';

test('policy and mitigation names in the narration and beside the controls open a definition', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set&step=6');
  // The narration names lease, versioned-fill and double-delete: each is a disclosure button.
  const term = sandbox.narration.getByRole('button', { name: 'lease', exact: true });
  await expect(term).toHaveAttribute('aria-expanded', 'false');
  await term.focus();
  await page.keyboard.press('Enter');
  await expect(term).toHaveAttribute('aria-expanded', 'true');
  const definition = page.getByRole('note');
  await expect(definition).toContainText('Read mitigation: lease.');
  await expect(definition).toContainText('takes a token (SET NX PX)');
  // Escape closes it and leaves focus on the term; ArrowRight still steps the page from there.
  await page.keyboard.press('Escape');
  await expect(definition).toHaveCount(0);
  await expect(term).toBeFocused();
  await expect(sandbox.narration.getByRole('button', { name: 'double-delete' })).toBeVisible();

  // Beside the settings: "What is <the selected one>?"
  const policyHelp = page.getByRole('button', { name: 'What is invalidate?' });
  await policyHelp.click();
  await expect(page.getByRole('note')).toContainText(
    'Write policy: invalidate. UPDATE the row, then DEL the key',
  );
  await sandbox.control('Read mitigation').selectOption('single-flight');
  await page.getByRole('button', { name: 'What is single-flight?' }).click();
  await expect(page.getByRole('note').last()).toContainText('Read mitigation: single-flight.');

  const axe = await axeOn(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );
});

test('an engine script the narration names opens its one-line definition from the keyboard', async ({
  page,
  sandbox,
}) => {
  // stale-set under versioned fills: step 4 is B's invalidation, sent as the engine's script.
  await sandbox.open('?scenario=stale-set&mitigation=versioned-fill&step=4');
  await expect(sandbox.narration).toContainText('B sends EVAL INVALIDATE_IF_OLDER 1 user:123 2');
  const name = sandbox.narration.getByRole('button', { name: 'INVALIDATE_IF_OLDER', exact: true });
  await name.focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('note')).toContainText(
    'Engine script: INVALIDATE_IF_OLDER. A Lua script sent with EVAL',
  );
  await expect(page.getByRole('note')).toContainText('puts a tombstone of the written version');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('note')).toHaveCount(0);
  await expect(name).toBeFocused();
});

test("presenter mode: the next line's and the diagram's engine scripts open the same one line from the keyboard", async ({
  page,
  sandbox,
}) => {
  // stale-set under versioned fills, step 4: B's INVALIDATE_IF_OLDER drawn, A's FILL_IF_NEWER next.
  await sandbox.open('?scenario=stale-set&mitigation=versioned-fill&step=4&present=1');
  const next = page.getByTestId('presenter.next');
  await expect(next).toContainText('next: A sends EVAL FILL_IF_NEWER 1 user:123');
  const fill = next.getByRole('button', { name: 'FILL_IF_NEWER', exact: true });
  await fill.focus();
  await page.keyboard.press('Enter');
  await expect(fill).toHaveAttribute('aria-expanded', 'true');
  await expect(next.getByRole('note')).toContainText(
    'Engine script: FILL_IF_NEWER. A Lua script sent with EVAL',
  );
  await expect(next.getByRole('note')).toContainText('write-through’s store of the row it wrote');
  await page.keyboard.press('Escape');
  await expect(fill).toBeFocused();
  // The diagram's labels: Tab from the next line's name goes back to the scripts the drawing names.
  const drawn = page.getByTestId('diagram.scripts');
  await expect(drawn.getByRole('button')).toHaveText(['FILL_IF_NEWER', 'INVALIDATE_IF_OLDER']);
  await page.keyboard.press('Shift+Tab');
  const invalidate = drawn.getByRole('button', { name: 'INVALIDATE_IF_OLDER', exact: true });
  await expect(invalidate).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(drawn.getByRole('note')).toContainText('puts a tombstone of the written version');
  // Step still answers the clicker with a definition open.
  await page.keyboard.press('Escape');
  await expect(page.getByText('Step 4 of 6')).toBeVisible();
});

test('presenter mode at 1280x720: a script definition opens over the drawing, which keeps its size', async ({
  page,
  sandbox,
}) => {
  // Before, each definition took its height from the drawing: with both open, none was left.
  await page.setViewportSize({ width: 1280, height: 720 });
  await sandbox.open('?scenario=stale-set&mitigation=versioned-fill&step=4&present=1');
  const drawing = page.locator('figure.diagram svg');
  const next = page.getByTestId('presenter.next');
  await expect(next).toContainText('next: A sends EVAL FILL_IF_NEWER 1 user:123');
  const before = await drawing.boundingBox();
  const lineBefore = await next.boundingBox();
  expect(before?.height).toBeGreaterThan(200);
  const drawn = page.getByTestId('diagram.scripts');
  const invalidate = drawn.getByRole('button', { name: 'INVALIDATE_IF_OLDER' });
  await invalidate.click();
  await expect(drawn.getByRole('note')).toBeInViewport({ ratio: 1 });
  expect(await drawing.boundingBox()).toEqual(before);
  // Both open over the drawing in the same place: opening the next line's closes the first,
  // which would otherwise lie under it, half hidden.
  await next.getByRole('button', { name: 'FILL_IF_NEWER', exact: true }).click();
  await expect(next.getByRole('note')).toBeInViewport({ ratio: 1 });
  await expect(invalidate).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('note')).toHaveCount(1);
  expect(await drawing.boundingBox()).toEqual(before);
  // The next line stays as high as it was, not split around a definition.
  expect(await next.boundingBox()).toEqual(lineBefore);
});
