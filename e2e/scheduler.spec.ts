import type { Page } from '@playwright/test';
import { expect, openSandbox, SandboxPage, test } from './fixtures';

const scheduling = (page: Page) => page.getByRole('combobox', { name: 'Scheduling' });
const stepButton = (page: Page) => new SandboxPage(page).stepButton;
const logLines = (page: Page) => new SandboxPage(page).logLines.getByRole('listitem');
const sequenceRows = (page: Page) =>
  new SandboxPage(page).sequenceDiagram.getByTestId('sequence.row');

/** Starts a read of one user as one actor through the "Start a request" form. */
async function startRead(page: Page, actor: string, userId: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Start a request' });
  await form.getByLabel('As actor').selectOption(actor);
  await form.getByLabel('User id').fill(userId);
  await form.getByRole('button', { name: 'Start read' }).click();
  await expect(page.getByTestId(`actor.${actor}`)).toContainText(`GET user:${userId}`);
}

/** Presses Step until there is nothing left to do, waiting for each step to show. */
async function stepUntilDone(page: Page): Promise<number> {
  let steps = await page.evaluate(() => window.cacheAside!.state().step);
  while (await stepButton(page).isEnabled()) {
    expect(steps, 'steps before the run ends').toBeLessThan(30);
    await stepButton(page).click();
    steps++;
    await expect(page.getByText(`Step ${steps} of ${steps}`, { exact: true })).toBeVisible();
  }
  return steps;
}

test.describe('timed scheduling in the sandbox', () => {
  test('two cold readers of one user both GET at once, both miss and both SELECT: a stampede', async ({
    page,
  }) => {
    await openSandbox(page);
    // Keyboard reachable: Tab from the eviction policy lands on it, and the arrows change it.
    await page.getByLabel('Eviction').focus();
    await page.keyboard.press('Tab');
    await expect(scheduling(page)).toBeFocused();
    await expect(scheduling(page)).toHaveValue('manual');
    await expect(scheduling(page).getByRole('option')).toHaveText([
      'Manual: you pick who steps',
      'Timed: steps take their latency, actors overlap',
    ]);
    await page.keyboard.press('ArrowDown');
    await expect(scheduling(page)).toHaveValue('timed');
    await expect(page).toHaveURL(/[?&]scheduler=timed/);

    await startRead(page, 'A', '5');
    await startRead(page, 'B', '5');
    // Due: when the next command takes effect (a GET halfway through its 0.3 ms round trip),
    // an instant on the virtual clock, written as the clock and the log's stamps write it.
    const clock = page.getByTestId('stat.Virtual time').getByRole('definition');
    await expect(clock).toHaveText('0.000000 s');
    await expect(page.getByTestId('actor.A.due')).toHaveText('due at 0.000150 s next');
    await expect(page.getByTestId('actor.B.due')).toHaveText('due at 0.000150 s');

    // A's GET is in flight until 0.3 ms, its SELECT takes effect at 1.3; B's GET is still due.
    await stepButton(page).click();
    await expect(clock).toHaveText('0.000150 s');
    await expect(page.getByTestId('actor.A.due')).toHaveText('due at 0.001300 s');
    await expect(page.getByTestId('actor.B.due')).toHaveText('due at 0.000150 s next');

    expect(await stepUntilDone(page)).toBe(6);
    await expect(page.getByTestId('stat.Misses')).toContainText('2');
    await expect(page.getByTestId('stat.DB reads')).toContainText('2');
    await expect(sequenceRows(page).filter({ hasText: 'MISS' })).toHaveCount(2);
    await expect(logLines(page).filter({ hasText: '"GET" "user:5"' })).toHaveText([
      /^0\.000150 \[0 actor:A\] "GET" "user:5"/,
      /^0\.000150 \[0 actor:B\] "GET" "user:5"/,
    ]);
    await expect(
      logLines(page).filter({ hasText: 'SELECT * FROM users WHERE id = 5' }),
    ).toHaveCount(2);

    // An hour on, the instant is longer: the lane still shows all of it, and the next badge.
    await page.evaluate(() => window.cacheAside!.advanceClock(3_600_000));
    await startRead(page, 'A', '6');
    const due = page.getByTestId('actor.A.due');
    await expect(due).toHaveText(/^due at 3600\.\d{6} s next$/);
    expect(await due.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  });

  test("a lane's due instant fits its lane to the clock's last second (ten years on)", async ({
    page,
  }) => {
    await openSandbox(page, '?scheduler=timed');
    // The clock runs to 10 years: 315,360,000 s, the widest instant a lane shows.
    await page.evaluate(() => window.cacheAside!.advanceClock(315_360_000_000 - 10));
    await startRead(page, 'A', '6');
    const due = page.getByTestId('actor.A.due');
    await expect(due).toHaveText('due at 315359999.990150 s next');
    expect(await due.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  });

  test('with single-flight the same two timed readers make one DB read', async ({ page }) => {
    await openSandbox(page);
    await scheduling(page).selectOption({
      label: 'Timed: steps take their latency, actors overlap',
    });
    await page.getByLabel('Read mitigation').selectOption('single-flight');
    await expect(page).toHaveURL(/[?&]scheduler=timed/);
    await expect(page).toHaveURL(/[?&]mitigation=single-flight/);

    await startRead(page, 'A', '5');
    await startRead(page, 'B', '5');
    await stepUntilDone(page);
    await expect(page.getByTestId('stat.Reads')).toContainText('2');
    await expect(page.getByTestId('stat.DB reads')).toContainText('1');
    await expect(logLines(page).filter({ hasText: '"GET" "user:5"' }).first()).toHaveText(
      /^0\.000150 \[0 actor:A\] "GET" "user:5"/,
    );
    await expect(
      logLines(page).filter({ hasText: 'SELECT * FROM users WHERE id = 5' }),
    ).toHaveCount(1);
  });

  test('the scheduler round-trips through the URL, a run link and the automation API', async ({
    page,
  }) => {
    await openSandbox(page, '?scheduler=timed');
    await expect(scheduling(page)).toHaveValue('timed');
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await page.evaluate(() => window.cacheAside!.state().scheduler)).toBe('timed');

    await startRead(page, 'A', '8');
    await startRead(page, 'B', '8');
    await stepButton(page).click();
    await stepButton(page).click();
    await expect(page.getByText('Step 2 of 2', { exact: true })).toBeVisible();
    await expect(page).toHaveURL(/[?&]run=1\./);
    await expect(page).toHaveURL(/[?&]scheduler=timed/);
    const link = page.url();
    const before = await page.evaluate(() => window.cacheAside!.state());
    expect(before.log.map((l) => l.slice(0, 31))).toEqual([
      '0.000150 [0 actor:A] "GET" "use',
      '0.000150 [0 actor:B] "GET" "use',
    ]);

    await page.goto('about:blank');
    await openSandbox(page, new URL(link).search);
    await expect(scheduling(page)).toHaveValue('timed');
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await page.evaluate(() => window.cacheAside!.state())).toEqual(before);

    // Manual through the API: the run replays under it (A goes on alone) and the URL drops it.
    const manual = await page.evaluate(() => window.cacheAside!.configure({ scheduler: 'manual' }));
    expect(manual.scheduler).toBe('manual');
    expect(manual.log.map((l) => l.slice(0, 22))).toEqual([
      '0.000000 [0 actor:A] "',
      '0.000300 [sqlite actor',
    ]);
    await expect(scheduling(page)).toHaveValue('manual');
    await expect(page).not.toHaveURL(/scheduler=/);

    const refused = await page.evaluate(() =>
      window.cacheAside!.configure({ scheduler: 'fast' as never }).then(
        () => 'applied',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toBe('scheduler must be one of manual, timed, got "fast"');
    await expect(page.getByRole('alert')).toContainText(
      'scheduler must be one of manual, timed, got "fast"',
    );
    await expect(scheduling(page)).toHaveValue('manual');
  });

  test('a bad scheduler in the URL falls back to manual with a notice', async ({ page }) => {
    await openSandbox(page, '?scheduler=fast&ttl=60');
    await expect(page.getByRole('alert')).toContainText(
      'bad scheduler "fast": must be one of manual, timed',
    );
    await expect(scheduling(page)).toHaveValue('manual');
    await expect(page.getByLabel('TTL (s)')).toHaveValue('60');
    expect(await page.evaluate(() => window.cacheAside!.state().scheduler)).toBe('manual');
  });
});
