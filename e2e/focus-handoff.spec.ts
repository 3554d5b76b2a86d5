import { findScenario } from '../src/scenarios';
import { expect, test } from './fixtures';

// A control pressed from the keyboard that turns disabled or leaves the page hands focus to the
// next sensible control (src/widgets/useFocusHandoff.ts), never to <body>.

test('the sandbox keeps focus on a control when the one pressed turns disabled or goes', async ({
  page,
  sandbox,
}) => {
  await sandbox.open();
  const startRead = sandbox.startReadButton;
  await startRead.focus();
  await page.keyboard.press('Enter');
  await sandbox.control('As actor').selectOption('B');
  await startRead.focus();
  await page.keyboard.press('Enter');
  // A's read takes three steps; its Step turns disabled and B's takes focus.
  await sandbox.stepActorButton('A').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
  await expect(sandbox.stepActorButton('A')).toBeDisabled();
  await expect(sandbox.stepActorButton('B')).toBeFocused();

  await sandbox.resetButton.focus();
  await page.keyboard.press('Enter');
  const undo = page.getByRole('button', { name: 'Undo reset' });
  await undo.focus();
  await page.keyboard.press('Enter');
  await expect(undo).toHaveCount(0);
  // The notice is gone: focus goes back to Reset, where the reset and its undo began.
  await expect(sandbox.resetButton).toBeFocused();

  // Reset by R from another control: focus goes back to that control, not to Reset.
  const presenterMode = page.getByRole('button', { name: 'Presenter mode' });
  await presenterMode.focus();
  await page.keyboard.press('r');
  await undo.click();
  await expect(undo).toHaveCount(0);
  await expect(presenterMode).toBeFocused();

  await presenterMode.focus();
  await page.keyboard.press('Enter');
  await expect(presenterMode).toHaveAttribute('aria-pressed', 'true');
  await expect(presenterMode).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(presenterMode).toHaveAttribute('aria-pressed', 'false');
  await expect(presenterMode).toBeFocused();

  // A dismissed notice with no control before it leaves focus on the page's main region.
  await sandbox.open('?scenario=nope&present=1');
  await page.getByRole('button', { name: 'Dismiss notice' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Dismiss notice' })).toHaveCount(0);
  await expect(page.getByRole('main')).toBeFocused();
});

test('Enter held on Step to the end does not go on to press Back, where focus lands', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=cold-read');
  const beats = findScenario('cold-read')!.beats.length;
  await sandbox.stepButton.focus();
  // The first down is a press; each down after it, before the up, is the key's repeat.
  for (let step = 1; step <= beats; step++) {
    await page.keyboard.down('Enter');
    await expect(sandbox.position(step, beats)).toBeVisible();
  }
  await expect(sandbox.backButton).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.down('Enter');
  await page.keyboard.up('Enter');
  // Inputs run in order: had a repeat pressed Back, this press would land further back.
  await page.keyboard.press('Enter');
  await expect(sandbox.position(beats - 1, beats)).toBeVisible();
});

test("P from the Step button lands on presenter mode's own Step, and back, with Back enabled beside it", async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-read');
  await sandbox.stepButton.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(sandbox.backButton).toBeEnabled();
  const presenterMode = page.getByRole('button', { name: 'Presenter mode' });
  await page.keyboard.press('p');
  await expect(presenterMode).toHaveAttribute('aria-pressed', 'true');
  await expect(sandbox.stepButton).toBeFocused();
  // Enter steps from there, as it did before P.
  await page.keyboard.press('Enter');
  await expect(sandbox.position(3, findScenario('stale-read')!.beats.length)).toBeVisible();
  await page.keyboard.press('p');
  await expect(presenterMode).toHaveAttribute('aria-pressed', 'false');
  await expect(sandbox.stepButton).toBeFocused();
});

test('the lab moves focus from Run to Stop and back', async ({ page, lab }) => {
  await lab.open();
  await lab.field('Requests').fill('5000000');
  await lab.field('Request rate (req/s)').fill('100000');
  await lab.runButton.focus();
  await page.keyboard.press('Enter');
  await expect(lab.stopButton).toBeFocused();
  await expect(lab.progress).toBeVisible();
  await page.keyboard.press('Enter');
  // Stop may land while the database is still being seeded, before the first request.
  await expect(lab.status).toContainText(/^Stopped(:| before the first request\.)/);
  await expect(lab.runButton).toBeFocused();
});

// Focus handed on without the browser's own scroll (which centres the control) stayed wherever
// it landed: zoomed in, A's last step handed focus to B's Step below the screen, where the
// keyboard's place could not be seen. Now a control out of view is brought in just enough, and
// one in view scrolls nothing.
for (const viewport of [
  { width: 320, height: 180 },
  { width: 1280, height: 720 },
])
  test(`at ${viewport.width}x${viewport.height}, focus handed to a control out of view brings it just into view, and one in view scrolls nothing`, async ({
    page,
    sandbox,
  }) => {
    await page.setViewportSize(viewport);
    await sandbox.open();
    const a = sandbox.stepActorButton('A');
    const b = sandbox.stepActorButton('B');
    /** Starts a read for A and one for B, then puts A's Step `top` px from the top of the screen. */
    const twoReads = async (top: (box: { height: number }) => number) => {
      await sandbox.control('As actor').selectOption('A');
      await sandbox.startReadButton.focus();
      await page.keyboard.press('Enter');
      await sandbox.control('As actor').selectOption('B');
      await sandbox.startReadButton.focus();
      await page.keyboard.press('Enter');
      await a.focus();
      const box = (await a.boundingBox())!;
      await page.evaluate((by) => window.scrollBy(0, by), box.y - top(box));
    };
    /** A's three steps from the keyboard: the last disables A's Step, and B's takes focus. */
    const stepA = async () => {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
      await expect(a).toBeDisabled();
      await expect(b).toBeFocused();
    };

    // A's Step at the bottom of the screen, B's just below it.
    await twoReads((box) => viewport.height - box.height - 1);
    await expect(a).toBeInViewport({ ratio: 1 });
    await expect(b).not.toBeInViewport();
    await stepA();
    await expect(b).toBeInViewport({ ratio: 0.9 });
    // Just enough: B's Step sits at the bottom edge, not in the middle of the screen.
    const bottom = await b.evaluate((el) => innerHeight - el.getBoundingClientRect().bottom);
    expect(bottom).toBeGreaterThanOrEqual(-1);
    expect(bottom).toBeLessThanOrEqual(1);

    // Both in view: B's Step stays where it was on the screen (what the steps add above it, the
    // page's scroll anchoring keeps from moving it).
    await sandbox.resetButton.click();
    await twoReads(() => 8);
    await expect(b).toBeInViewport({ ratio: 1 });
    const topOfB = () => b.evaluate((el) => el.getBoundingClientRect().top);
    const before = await topOfB();
    await stepA();
    // (1 px: the anchoring rounds.)
    expect(Math.abs((await topOfB()) - before)).toBeLessThanOrEqual(1);
  });
