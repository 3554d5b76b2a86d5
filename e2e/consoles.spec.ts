import { expect, openSandbox, test } from './fixtures';

test.describe('consoles', () => {
  test('Redis console: replies as redis-cli prints them, errors shown, nothing lost', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page, '?scenario=cold-read');
    const step = sandbox.stepButton;
    await step.click();
    const input = sandbox.redisConsole;
    const output = sandbox.redisOutput;

    await input.fill('SET greeting "hello world" EX 60');
    await input.press('Enter');
    await expect(output).toContainText('OK');
    await input.fill('TTL greeting');
    await input.press('Enter');
    await expect(output).toContainText('(integer) 60');
    // Typing arrows and R in the console never steps or resets the sandbox.
    await input.fill('GET missing');
    await input.press('ArrowRight');
    await input.press('r');
    await input.press('Enter');
    await expect(output).toContainText('(nil)');

    // A count first repeats the command, as at redis-cli's prompt: every reply is printed.
    await input.fill('3 INCR visits');
    await input.press('Enter');
    await expect(output).toContainText('(integer) 1\n(integer) 2\n(integer) 3');
    // Forty at once: the diagram lists the last few and counts the rest, all inside its frame.
    await input.fill('40 INCR many');
    await input.press('Enter');
    await expect(output).toContainText('(integer) 40');
    await expect(page.getByTestId('diagram.unlisted')).toHaveText(
      '1–33: 33 earlier commands, listed in the log',
    );
    const outside = await page.locator('.diagram svg').evaluate((svg: SVGSVGElement) => {
      const height = svg.viewBox.baseVal.height;
      return [...svg.querySelectorAll('text')].filter((t) => {
        const b = t.getBBox();
        return t.textContent !== '' && (b.y < 0 || b.y + b.height > height);
      }).length;
    });
    expect(outside).toBe(0);
    await input.fill('8 INCR few');
    await input.press('Enter');
    await expect(page.getByTestId('diagram.unlisted')).toHaveText(
      '1: an earlier command, listed in the log',
    );

    await input.fill('FROB user:1');
    await input.press('Enter');
    await expect(output).toContainText("(error) ERR unknown command 'FROB'");
    await input.fill('GET');
    await input.press('Enter');
    await expect(output).toContainText("(error) ERR wrong number of arguments for 'get' command");

    // redis-cli's own words: quit says the console stays open; clear empties the transcript
    // from view and sends nothing.
    await input.fill('quit');
    await input.press('Enter');
    await expect(output).toContainText(
      'redis-cli would exit here; this console is part of the page',
    );
    await input.fill('clear');
    await input.press('Enter');
    await expect(output.getByRole('listitem')).toHaveCount(0);
    await input.fill('GET greeting');
    await input.press('Enter');
    await expect(output.getByRole('listitem')).toHaveCount(1);
    await expect(output).toContainText('"hello world"');

    // The scenario is still where it was and keeps working.
    await expect(page.getByText('1 / 4')).toBeVisible();
    await step.click();
    await expect(sandbox.diagramMessage).toContainText('SELECT');
    await expect(sandbox.logLines).toContainText(
      '[0 actor:console] "SET" "greeting" "hello world" "EX" "60"',
    );
  });

  test('SQL console: SELECT shows a table, UPDATE changes only the database, errors are shown', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await page.evaluate(() =>
      window.cacheAside!.read('A', 5).then(() => window.cacheAside!.runToEnd()),
    );
    const input = sandbox.sqlConsole;
    const output = sandbox.sqlOutput;

    await input.fill('SELECT id, plan FROM users WHERE id IN (5, 6) ORDER BY id');
    await input.press('Enter');
    await expect(output.getByRole('columnheader', { name: 'plan' })).toBeVisible();
    await expect(output).toContainText('2 rows');
    // Two SELECTs on one line: the last one's rows, and a word on the one not shown.
    await input.fill('SELECT 1; SELECT 2');
    await input.press('Enter');
    await expect(output.getByTestId('sql.earlier-sets').last()).toHaveText(
      "The last statement's rows. 1 earlier statement on this line returned rows too, not shown here (sqlite3 prints each): run it on a line of its own to see them.",
    );
    // Cells as sqlite3 prints them: an INTEGER past 2^53 exactly, a REAL never as an INTEGER.
    await input.fill("SELECT 9223372036854775807, 2.0, 1e400, x'41'");
    await input.press('Enter');
    await expect(output.getByRole('row').last().getByRole('cell')).toHaveText([
      '9223372036854775807',
      '2.0',
      'Inf',
      '<blob, 1 byte>',
    ]);

    await input.fill("UPDATE users SET name = 'Changed' WHERE id = 5");
    await input.press('Enter');
    // The engine counts the version trigger's own UPDATE too (reported), hence no exact count.
    await expect(output).toContainText(/\d rows? changed/);
    await expect(page.getByTestId('db.row.5').locator('td.changed').first()).toHaveText('Changed');
    await expect(page.getByTestId('redis.key.user:5').getByText('STALE')).toBeVisible();

    await input.fill('SELEKT nonsense');
    await input.press('Enter');
    await expect(output).toContainText('Error: near "SELEKT": syntax error');
    await expect(page.getByTestId('db.row.5')).toContainText('Changed');
    await expect(page.getByTestId('stat.Reads')).toContainText('1');
  });

  test('WATCH does not stop the stale-set race: typed as the README recipe, EXEC answers OK and the copy is STALE', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    const redis = async (line: string, reply: string) => {
      await sandbox.redisConsole.fill(line);
      await sandbox.redisConsole.press('Enter');
      await expect(sandbox.redisOutput.getByRole('listitem').last()).toContainText(reply);
    };
    await redis('GET user:1', '(nil)');
    await redis('WATCH user:1', 'OK');
    await sandbox.runSql('SELECT * FROM users WHERE id = 1');
    await expect(sandbox.sqlOutput).toContainText('Grace Lovelace');
    // Writer B: UPDATE to version 2, then its DEL of the key nobody cached, which removes nothing.
    await sandbox.control('As actor').selectOption('B');
    await sandbox.control('User id').fill('1');
    await sandbox.control('Set plan to').selectOption('team');
    await page.getByRole('button', { name: 'Start write' }).click();
    await sandbox.stepActorButton('B').click();
    await sandbox.stepActorButton('B').click();
    await expect(sandbox.diagramMessage).toContainText('DEL user:1');
    await expect(sandbox.diagramMessage).toContainText('(integer) 0');
    await redis('MULTI', 'OK');
    await redis(
      `SET user:1 '{"id":1,"name":"Grace Lovelace","email":"grace.lovelace1@example.com","plan":"pro","version":1,"updated_at":0}' EX 60`,
      'QUEUED',
    );
    await redis('EXEC', '1) OK');
    await expect(sandbox.redisKey('user:1').getByText('STALE')).toBeVisible();
  });

  test('spaces in a key, a value or a cell are shown as typed, so two that differ by a space look different', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    // "a b" and "a  b" are two keys; the page drew both names as "a b" (HTML folds a run of
    // spaces into one), and a cell or a log line lost its leading, trailing and doubled spaces.
    await sandbox.runRedis('SET "a b" one');
    await sandbox.runRedis('SET "a  b" "  two  "');
    await expect(sandbox.redisKeyCount(2)).toBeVisible();
    const names = await sandbox.redisPanel.locator('.key-name').allInnerTexts();
    expect(names.sort()).toEqual(['a  b', 'a b']);
    expect(await sandbox.redisKey('a  b').locator('.key-value').innerText()).toBe('  two  ');
    expect(await sandbox.logLines.locator('.log-text').last().innerText()).toBe(
      '0.000000 [0 actor:console] "SET" "a  b" "  two  "',
    );
    // The narration quotes the line as typed: it read `SET "a b" "two"`, another key.
    await expect(page.getByTestId('narration.step')).toContainText('You changed Redis');
    expect(await page.getByTestId('narration.step').innerText()).toContain('SET "a  b" "  two  "');

    await sandbox.runSql('SELECT \'  x  y\' AS "c  d"');
    const result = sandbox.sqlOutput.locator('table').last();
    await expect(result).toBeVisible();
    expect(await result.locator('th').innerText()).toBe('c  d');
    expect(await result.locator('td').innerText()).toBe('  x  y');

    await sandbox.runSql("UPDATE users SET name = '  Ada  Lovelace' WHERE id = 7");
    await expect(sandbox.dbRow(7)).toBeVisible();
    expect(await sandbox.dbRow(7).locator('td.col-name').innerText()).toBe('  Ada  Lovelace');
  });

  test('a value containing HTML is shown as text', async ({ page }) => {
    await openSandbox(page);
    const html = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    const reply = await page.evaluate((v) => window.cacheAside!.redis(`SET note '${v}'`), html);
    expect(reply).toBe('OK');
    await expect(page.getByTestId('redis.key.note')).toContainText(html);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
  });
});

test('the diagram and the sequence draw a command with its spaces, as the console echoes it', async ({
  page,
  sandbox,
}) => {
  await openSandbox(page);
  await sandbox.runRedis('SET "a  b" "  two  "');
  await expect(sandbox.redisKeyCount(1)).toBeVisible();
  // SVG text folds a run of spaces into one, as HTML does: the arrow read SET 'a b' ' two '.
  // A character SVG draws is one it can address; a folded space is not.
  const labels = await page
    .locator('.diagram svg text, .sequence-body text')
    .evaluateAll((texts) =>
      (texts as SVGTextElement[])
        .filter((t) => t.textContent?.includes("'a  b'"))
        .map((t) => [t.textContent, t.getNumberOfChars() === t.textContent?.length]),
    );
  expect(labels.length).toBeGreaterThanOrEqual(2);
  for (const [text, isWhole] of labels) expect(isWhole, String(text)).toBe(true);
});
