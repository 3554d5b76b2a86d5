import { expect, openSandbox, test } from './fixtures';

// A console draws its newest 500 lines and 1,000,000 characters (`src/ui/consoleWindow.ts`):
// drawn whole, 20,000 pasted lines made 80,000 elements and twelve long LRANGE replies 2.4 MB of
// text, and both grew with every line.
test.describe('a long console transcript', () => {
  test('after 1,000 pasted lines the console draws its newest 500, says how many it does not, and ArrowUp still recalls', async ({
    page,
    sandbox,
    api,
  }) => {
    await openSandbox(page);
    const input = sandbox.redisConsole;
    const output = sandbox.redisOutput;
    const lines = Array.from({ length: 1000 }, (_, i) => `SET k${i} ${i}`);
    await input.evaluate(
      (el, text) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        el.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      },
      `${lines.join('\n')}\n`,
    );
    const items = output.getByRole('listitem');
    await expect(items.last()).toHaveText(/SET k999 999\s*OK/, { timeout: 60_000 });
    await expect(items).toHaveCount(500);
    await expect(items.first()).toHaveText(/SET k500 500\s*OK/);
    const note = page.getByTestId('console.not-shown');
    await expect(note).toHaveText(
      '500 earlier lines are not shown: this console shows at most its newest 500 lines and 1,000,000 characters of lines and replies.',
    );
    // The run kept every line: the first one set k0.
    expect(await api.redis('GET k0')).toBe('"0"');
    await expect(items).toHaveCount(500);
    await expect(note).toHaveText(/^501 earlier lines are not shown/);
    // A screen reader hears each new line (the list is its live region), not the note.
    await expect(output).toHaveAttribute('aria-live', 'polite');
    expect(await note.evaluate((el) => el.closest('[aria-live]') === null)).toBe(true);
    // History recalls what was typed, the newest first, as before.
    await input.press('ArrowUp');
    await expect(input).toHaveValue('SET k999 999');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('SET k998 998');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    await expect(input).toHaveValue('');
    // clear hides every line, and says nothing of lines not shown.
    await sandbox.runRedis('clear');
    await expect(items).toHaveCount(0);
    await expect(note).toHaveCount(0);
  });

  test('long replies: after six LRANGEs of 200,000 characters each the console draws the newest four', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    // 59,994 elements: six RPUSHes of 9,999 (a command takes at most 10,000 arguments). The
    // twelve lines are sent at once, as a paste sends them: the console runs them in order
    // (the count of earlier lines below checks that all twelve ran), and the page draws the
    // transcript once rather than after each line, which is not what this test is about.
    await page.evaluate(
      (lines) => Promise.all(lines.map((line) => window.cacheAside!.redis(line))),
      [
        ...Array.from(
          { length: 6 },
          (_, i) =>
            `RPUSH big ${Array.from({ length: 9999 }, (_, j) => `e${i * 9999 + j}`).join(' ')}`,
        ),
        ...Array.from({ length: 6 }, () => 'LRANGE big 0 -1'),
      ],
    );
    const items = sandbox.redisOutput.getByRole('listitem');
    // Each reply is cut at 200,000 characters; five of them pass 1,000,000.
    await expect(items).toHaveCount(4);
    await expect(items.last()).toContainText(
      "more characters not shown: this console prints at most 200,000 characters of a line's replies",
    );
    await expect(page.getByTestId('console.not-shown')).toHaveText(
      /^8 earlier lines are not shown: /,
    );
    const drawn = await sandbox.redisOutput.evaluate((el) => el.textContent?.length ?? 0);
    expect(drawn).toBeGreaterThan(800_000);
    expect(drawn).toBeLessThanOrEqual(1_000_000);
  });

  test('the SQL console draws its newest 100 results, tables of up to 50 rows each', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    // The 101 statements are sent at once, as lines typed before the last one's reply: each
    // still runs on the guard's copy first, in the order sent (the first line shown is the
    // second sent, the last the last). Sent one by one, each waited for its reply to be drawn
    // under up to 100 tables, 0.1 to 0.6 s a line on the shared machine.
    await page.evaluate(() =>
      Promise.all(
        Array.from({ length: 101 }, (_, i) =>
          window.cacheAside!.sql(`SELECT id, name FROM users WHERE id <= ${i + 1}`),
        ),
      ),
    );
    const items = sandbox.sqlOutput.getByRole('listitem');
    await expect(items).toHaveCount(100);
    await expect(items.first()).toContainText('WHERE id <= 2');
    await expect(items.last()).toContainText('101 rows (first 50 shown)');
    await expect(
      page.getByRole('region', { name: 'SQL console' }).getByTestId('console.not-shown'),
    ).toHaveText(
      'An earlier line is not shown: this console shows at most its newest 100 lines and 1,000,000 characters of lines and replies.',
    );
  });
});
