import type { Page } from '@playwright/test';
import { expect, SandboxPage, test } from './fixtures';

const KEY = 'cache-aside-lab.settings';

/** Opens the code editors and types a line at the end of the read path, as a learner does. */
async function typeInReadEditor(page: Page, line: string): Promise<void> {
  await page.getByRole('button', { name: 'Edit the code' }).click();
  // The editor (CodeMirror) loads on first use: type once it is there.
  await expect(page.locator('.cm-editor').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Your read path (JavaScript)' }).click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(`\n${line}`);
}

test.describe('settings that last', () => {
  test('a new visit restores the settings and the speed', async ({ sandbox, page }) => {
    await sandbox.open();
    await sandbox.control('Write policy').selectOption('delete-first');
    await sandbox.control('TTL (s)').fill('600');
    await sandbox.control('TTL (s)').press('Enter');
    await sandbox.control('Speed').selectOption('4');
    await expect(page).toHaveURL(/ttl=600/);
    // A plain address this time: no link carries the settings.
    await page.goto('about:blank');
    await sandbox.open();
    await expect(sandbox.control('Write policy')).toHaveValue('delete-first');
    await expect(sandbox.control('TTL (s)')).toHaveValue('600');
    await expect(sandbox.control('Speed')).toHaveValue('4');
    await expect(sandbox.alert).toHaveCount(0);
  });

  test('the code typed in the editor comes back on the next visit, shown and not run', async ({
    sandbox,
    page,
  }) => {
    await sandbox.open();
    await typeInReadEditor(page, '// kept across visits');
    await expect(page.getByTestId('learner.read')).toContainText('// kept across visits');
    await page.goto('about:blank');
    await sandbox.open();
    await expect(page.getByText('Your code from your last visit is back')).toBeVisible();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    await expect(page.getByTestId('learner.read')).toContainText('// kept across visits');
    await expect(page.getByTestId('learner.read')).toContainText('not running');
  });

  test('Reset to ours runs ours again and keeps the code typed, in the editor and the next visit', async ({
    sandbox,
    page,
  }) => {
    await sandbox.open();
    await typeInReadEditor(page, '// not to be lost');
    await page.getByRole('button', { name: 'Run my version' }).click();
    await expect(page.getByTestId('learner.read')).toContainText('running in the sandbox');
    await page.getByRole('button', { name: 'Reset to ours' }).click();
    await expect(page.getByText('Your code stays in the editors, not running')).toBeVisible();
    await expect(page.getByTestId('learner.read')).toContainText('not running');
    await expect(page.getByTestId('learner.read')).toContainText('// not to be lost');
    await page.goto('about:blank');
    await sandbox.open();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    await expect(page.getByTestId('learner.read')).toContainText('// not to be lost');

    // Start from ours puts our read path in the editor and sets the learner's aside: a reload
    // or "Undo Start from ours" returns it.
    const read = page.getByTestId('learner.read');
    await read.getByRole('button', { name: 'Start from ours (read path)', exact: true }).click();
    await expect(read).not.toContainText('// not to be lost');
    await expect(read.getByRole('status')).toHaveText(
      'The code this editor held is set aside until you edit this editor.',
    );
    await expect(
      read.getByRole('button', { name: 'Start from ours (read path)', exact: true }),
    ).toBeDisabled();
    await read.getByRole('button', { name: 'Undo Start from ours (read path)' }).click();
    await expect(read).toContainText('// not to be lost');
    await expect(read.getByRole('status')).toHaveText('');
    await read.getByRole('button', { name: 'Start from ours (read path)', exact: true }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    await expect(page.getByTestId('learner.read')).toContainText('// not to be lost');
  });

  test('a corrupted entry is set aside with a notice and the page opens with defaults', async ({
    sandbox,
    page,
  }) => {
    await sandbox.open();
    await page.evaluate((key) => localStorage.setItem(key, '{"version": 2, "sandbox": '), KEY);
    await page.reload();
    await sandbox.waitUntilReady();
    await expect(sandbox.alert).toContainText(
      'Your saved settings could not be read (not valid JSON), so defaults are used.',
    );
    await expect(sandbox.alert).toContainText(`"${KEY}.set-aside"`);
    await expect(sandbox.control('Write policy')).toHaveValue('invalidate');
    expect(await page.evaluate((key) => localStorage.getItem(`${key}.set-aside`), KEY)).toBe(
      '{"version": 2, "sandbox": ',
    );
    // The page still works, and saves afresh.
    await sandbox.control('Write policy').selectOption('ttl-only');
    await expect
      .poll(() => page.evaluate((key) => localStorage.getItem(key), KEY))
      .toContain('"writePolicy":"ttl-only"');
  });

  test('a browser that lets the page save nothing is told so, and the page works', async ({
    browser,
    baseURL,
  }) => {
    // A page of its own: the shared page must keep its storage for the other tests.
    const context = await browser.newContext({ baseURL });
    try {
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          get() {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        });
      });
      const sandbox = new SandboxPage(await context.newPage());
      await sandbox.open('?scenario=cold-read');
      await expect(
        sandbox.page.getByRole('status').filter({ hasText: 'save anything' }),
      ).toHaveText(
        'This browser does not let the page save anything: settings, preferences, course progress and your code last only until the page is closed.',
      );
      await sandbox.stepButton.click();
      await expect(sandbox.page.getByText(/^Step 1 of \d+$/)).toBeVisible();
      await expect(sandbox.narration).toContainText('GET user:');
      // The quiz's score and the course's progress do not say they are kept (they said so).
      await sandbox.press('q');
      await expect(sandbox.page.getByTestId('quiz.score-scope')).toHaveText(
        '(first answers right, in every scenario; kept until the page is closed: this browser lets the page save nothing)',
      );
      await sandbox.open();
      await expect(sandbox.page.getByTestId('course.progress')).toContainText(
        'this browser lets the page save nothing, so progress lasts until the page is closed.',
      );
    } finally {
      await context.close();
    }
  });

  test('storage that fills up while the page is open is said once a document, not dropped in silence', async ({
    browser,
    baseURL,
  }) => {
    // A page of its own: the shared page must keep its storage for the other tests.
    const context = await browser.newContext({ baseURL });
    try {
      // Storage accepts writes when the page opens, then is full (another site, a large draft).
      await context.addInitScript(() => {
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key: string, value: string) {
          if ((window as { isStorageFull?: boolean }).isStorageFull)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          setItem.call(this, key, value);
        };
      });
      const sandbox = new SandboxPage(await context.newPage());
      const { page } = sandbox;
      await sandbox.open();
      await page.evaluate(() => ((window as { isStorageFull?: boolean }).isStorageFull = true));
      await sandbox.control('Write policy').selectOption('ttl-only');
      const refused = page
        .getByRole('alert')
        .filter({ hasText: 'Your settings could not be saved' });
      await expect(refused).toHaveText(
        "Your settings could not be saved: this browser's storage refused the write (QuotaExceededError: it is full). Until a save goes through, what you change lasts only until the page is closed; the page tries again at each change.",
      );
      // Said once, not at each change; the page goes on working with what is on screen.
      await sandbox.control('Write policy').selectOption('delete-first');
      await sandbox.press('q');
      await expect(page.getByRole('checkbox', { name: /^Quiz mode/ })).toBeChecked();
      await expect(refused).toHaveCount(1);
      await expect(sandbox.control('Write policy')).toHaveValue('delete-first');
      // The code is a document of its own (a write policy's starter is saved with it): its
      // refusal is said too, once.
      await typeInReadEditor(page, '// kept until the page is closed');
      await expect(
        page.getByRole('alert').filter({ hasText: 'Your code could not be saved' }),
      ).toHaveCount(1);
    } finally {
      await context.close();
    }
  });

  test("the lab's last configuration comes back on the next visit", async ({ lab, page }) => {
    await lab.open();
    await lab.runFromControls({ Requests: '2000', 'TTL (s)': '7', 'Keys (rows)': '300' });
    await page.goto('about:blank');
    await lab.open();
    await expect(lab.field('TTL (s)')).toHaveValue('7');
    await expect(lab.field('Keys (rows)')).toHaveValue('300');
    await expect(lab.field('Requests')).toHaveValue('2000');
  });

  test("the lab's settings edited without a run come back on the next visit, not the last run's", async ({
    lab,
    page,
  }) => {
    await lab.open();
    await lab.runFromControls({ Requests: '2000', 'TTL (s)': '7' });
    // Edited, not run; then half typed (not valid): the last valid settings are kept.
    await lab.field('TTL (s)').fill('45');
    await lab.field('Keys (rows)').fill('300x');
    await page.goto('about:blank');
    await lab.open();
    await expect(lab.field('TTL (s)')).toHaveValue('45');
    await expect(lab.field('Keys (rows)')).toHaveValue('1000');
    await expect(lab.field('Requests')).toHaveValue('2000');
    await expect(lab.progress).toHaveCount(0);
  });
});
