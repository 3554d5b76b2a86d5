import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every role or attribute that makes an element a live region a screen reader follows. */
const LIVE =
  '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"], [role="marquee"], [role="timer"]';

/**
 * The page's live regions, and each one that sits inside another ("outcome met in narration"):
 * a change inside both is announced by both, so some screen readers say it twice.
 */
const liveRegions = (page: Page) =>
  page.evaluate((selector) => {
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}${e.getAttribute('aria-label') ? `(${e.getAttribute('aria-label')})` : ''}.${e.className}`;
    const all = [...document.querySelectorAll(selector)];
    return {
      count: all.length,
      nested: all.flatMap((e) => {
        const outer = e.parentElement?.closest(selector);
        return outer ? [`${name(e)} "${e.textContent}" inside ${name(outer)}`] : [];
      }),
    };
  }, LIVE);

test('each announcement comes from one live region: none sits inside another, in the sandbox, presenter mode and quiz mode', async ({
  page,
  sandbox,
  api,
}) => {
  const outcome = page.getByRole('status').filter({ hasText: 'Outcome met' });
  const check = async (state: string) => {
    const { count, nested } = await liveRegions(page);
    expect(count, state).toBeGreaterThan(0);
    expect(nested, state).toEqual([]);
  };
  // A bad link setting: its notice (role="alert") is on screen too.
  await sandbox.open('?ttl=abc');
  await expect(page.getByRole('alert')).toContainText('bad ttl "abc"');
  await check('first screen');
  await api.read('A', 123);
  await sandbox.step();
  await expect(page.getByTestId('narration.step')).toContainText('A sends GET user:123');
  await check('free play, a step told');

  await api.loadScenario('stale-read');
  await sandbox.step(2);
  await check('sandbox, mid-scenario');
  await api.runToEnd();
  await expect(outcome).toBeVisible();
  await check('sandbox, the verdict');
  await sandbox.press('p');
  await expect(page.getByRole('heading', { name: /presenter mode/ })).toBeAttached();
  await expect(outcome).toBeVisible();
  await check('presenter, the verdict');

  // Quiz mode, presenting: a question's verdict (role="status") beside the narration's.
  await api.loadScenario('stale-read');
  await sandbox.press('q');
  await sandbox.step();
  const question = page.getByRole('group', { name: /Step 2: / });
  await question.getByRole('button', { name: 'Stale: older than the row' }).click();
  await expect(page.getByTestId('quiz.verdict')).toBeVisible();
  await check('presenter, quiz verdict');
  await sandbox.press('p');
  await expect(page.getByTestId('quiz.verdict')).toBeVisible();
  await check('sandbox, quiz verdict');
});
