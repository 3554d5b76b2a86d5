import type { Page, Route } from '@playwright/test';
// The tests hold the editor's chunk: a page of their own, whose routes end with it.
import { expect, freshContextTest as test, type SandboxPage } from './fixtures';

// The code editor (CodeMirror) loads on first use; until it arrives the learner types into a
// plain text area. The swap must lose nothing: the text, the caret, the focus.

/**
 * Opens the sandbox and its code with the editor's chunk held; resolves to the held request
 * once the page has asked for it (only the plain text area is there until it is continued).
 */
async function openCodeWithEditorHeld(sandbox: SandboxPage, page: Page): Promise<Route> {
  const held = new Promise<Route>(
    (resolve) => void page.route('**/assets/CodeEditor-*.js', resolve),
  );
  await sandbox.open();
  await page.getByRole('button', { name: 'Edit the code' }).click();
  return held;
}

test('typing while the editor loads: every key lands where the caret was, and the editor keeps the focus', async ({
  sandbox,
  page,
}) => {
  const chunk = await openCodeWithEditorHeld(sandbox, page);

  // Only the plain text area is there: type into it, at the start of the second line (neither
  // where CodeMirror puts a new caret nor where replacing the whole text would leave it).
  const readPath = page.getByRole('textbox', { name: 'Your read path (JavaScript)' });
  await expect(readPath).toHaveClass('code-editor-fallback');
  await readPath.click();
  // By offset: the text area wraps long lines, and ArrowDown would stop inside the first.
  await readPath.evaluate((area: HTMLTextAreaElement) => {
    const secondLine = area.value.indexOf('\n') + 1;
    area.setSelectionRange(secondLine, secondLine);
  });
  await page.keyboard.type('one');

  // Keys typed while CodeMirror arrives and takes the text area's place, then once it is there.
  await chunk.continue();
  await page.keyboard.type(' two');
  const lines = page.getByTestId('learner.read').locator('.cm-line');
  await expect(lines.first()).toBeVisible();
  await page.keyboard.type(' three ');

  await expect(lines.nth(1)).toHaveText(/^one two three \/\/ Helpers:/);
  await expect(readPath).toBeFocused();
  await expect(page.locator('.code-editor-fallback')).toHaveCount(0);
});

test('the editor takes the focus only from the text area: opened and not typed in, it leaves it where it is', async ({
  sandbox,
  page,
}) => {
  await (await openCodeWithEditorHeld(sandbox, page)).continue();
  await expect(page.getByTestId('learner.read').locator('.cm-line').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hide my code' })).toBeFocused();
});
