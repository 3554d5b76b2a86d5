import { expect, openSandbox, test } from './fixtures';

test.describe('console history', () => {
  test('ArrowUp / ArrowDown recall earlier Redis commands, like redis-cli, and never step', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?scenario=cold-read');
    await sandbox.stepButton.click();
    await expect(page.getByText('Step 1 of 4')).toBeVisible();
    const input = sandbox.redisConsole;
    const output = sandbox.redisOutput;
    for (const line of ['SET a 1', 'SET b 2', 'GET a']) await sandbox.runRedis(line);
    await expect(output.getByRole('listitem')).toHaveCount(3);

    await input.fill('GET dra');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('GET a');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('SET b 2');
    await input.press('ArrowUp');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('SET a 1');
    await input.press('ArrowDown');
    await expect(input).toHaveValue('SET b 2');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    // Past the newest line: the line being typed comes back.
    await expect(input).toHaveValue('GET dra');

    await input.press('ArrowUp');
    await input.press('ArrowUp');
    await input.press('Enter');
    await expect(output.getByRole('listitem')).toHaveCount(4);
    await expect(output.getByRole('listitem').last()).toContainText('SET b 2');
    await expect(input).toHaveValue('');
    // The arrows never reached the page's shortcuts: still the first step of the scenario.
    await expect(page.getByText('Step 1 of 4')).toBeVisible();
    await expect(page.getByText('1 / 4')).toBeVisible();
  });

  test('lines pasted together run one after another, as at redis-cli, never as one command', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    const input = sandbox.redisConsole;
    await sandbox.runRedis('SET a 1');
    await sandbox.runRedis('SET b 2');
    // As the browser hands a paste over; a one-line input would have made it "DEL a DEL b".
    await input.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'DEL a\nDEL b\nGET ');
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    const items = sandbox.redisOutput.getByRole('listitem');
    await expect(items).toHaveCount(4);
    await expect(items.nth(2)).toHaveText(/DEL a\s*\(integer\) 1/);
    await expect(items.nth(3)).toHaveText(/DEL b\s*\(integer\) 1/);
    await expect(input).toHaveValue('GET ');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('DEL b');
  });

  test('a paste of 100,000 lines is refused whole, with a message, and the prompt keeps its text', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    const input = sandbox.redisConsole;
    await input.fill('ECHO ');
    await input.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'INCR n\n'.repeat(100_000));
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await expect(page.getByRole('alert').filter({ hasText: 'paste too long' })).toHaveText(
      'paste too long: 100,000 lines; this console takes at most 1,000 lines in one paste (paste them in parts). Nothing was run.',
    );
    await expect(input).toHaveValue('ECHO ');
    await expect(sandbox.redisOutput.getByRole('listitem')).toHaveCount(0);
    // Typing again clears the message; what is sent runs as ever.
    await input.fill('EXISTS n');
    await expect(page.getByRole('alert').filter({ hasText: 'paste too long' })).toHaveCount(0);
    await input.press('Enter');
    await expect(sandbox.redisOutput.getByRole('listitem')).toHaveText([
      /EXISTS n\s*\(integer\) 0/,
    ]);
  });

  test('the SQL console keeps its own history', async ({ page, sandbox }) => {
    await openSandbox(page);
    const sql = sandbox.sqlConsole;
    await sandbox.runSql('SELECT id FROM users WHERE id = 1');
    await sandbox.runSql('SELECT plan FROM users WHERE id = 2');
    await expect(sandbox.sqlOutput.getByRole('listitem')).toHaveCount(2);
    await sql.press('ArrowUp');
    await expect(sql).toHaveValue('SELECT plan FROM users WHERE id = 2');
    await sql.press('ArrowUp');
    await expect(sql).toHaveValue('SELECT id FROM users WHERE id = 1');
    // Redis history is separate: nothing to recall there.
    const redis = sandbox.redisConsole;
    await redis.press('ArrowUp');
    await expect(redis).toHaveValue('');
  });

  test('a visit to the lab keeps what each console had typed, its history and a clear', async ({
    sandbox,
    lab,
  }) => {
    await sandbox.open();
    const redis = sandbox.redisConsole;
    const transcript = sandbox.redisOutput.getByRole('listitem');
    // The clear waits for SET's reply, however slow, and clears it too.
    for (const line of ['SET a 1', 'clear', 'GET a']) await sandbox.runRedis(line);
    await expect(transcript).toHaveText([/GET a/]);
    await redis.fill('GET half-typ');
    await sandbox.sqlConsole.fill('SELECT 4');
    await sandbox.goToLab();
    await lab.goToSandbox();
    await expect(redis).toHaveValue('GET half-typ');
    await expect(sandbox.sqlConsole).toHaveValue('SELECT 4');
    // The transcript is still cleared down to what came after the clear.
    await expect(transcript).toHaveText([/GET a/]);
    await redis.press('ArrowUp');
    await expect(redis).toHaveValue('GET a');
    await redis.press('ArrowUp');
    await expect(redis).toHaveValue('clear');
    await redis.press('ArrowDown');
    await redis.press('ArrowDown');
    await expect(redis).toHaveValue('GET half-typ');
  });
});
