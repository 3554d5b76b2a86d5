import { expect, test } from './fixtures';

// A console line above the limit (1 MiB) is refused with a message naming it; nothing runs
// and the page goes on working (issue 13, size limits that say so).

test('a too-long console line is refused with a message and the page still works', async ({
  sandbox,
  api,
}) => {
  test.setTimeout(120_000);
  await sandbox.open('?scenario=cold-read');
  const output = sandbox.redisOutput;
  const tooLong = `SET big ${'x'.repeat(1024 * 1024)}`;
  await sandbox.redisConsole.fill(tooLong);
  await sandbox.redisConsole.press('Enter');
  await expect(output).toContainText(
    '(error) ERR line too long: 1,048,584 characters; a console line holds at most 1,048,576 (1 MiB). Nothing was run.',
  );

  // Nothing ran, and the console, the API and Step all go on.
  await sandbox.redisConsole.fill('EXISTS big');
  await sandbox.redisConsole.press('Enter');
  await expect(output).toContainText('(integer) 0');
  expect(await api.redis('SET small v')).toBe('OK');
  const sql = await api.sql(`SELECT '${'y'.repeat(1024 * 1024)}'`);
  expect(sql).toEqual({ error: expect.stringContaining('a console line holds at most') });
  await sandbox.step();
  await expect(sandbox.diagramMessage).toContainText('GET user:');
});

// A repeat count on a command over every key (`100 KEYS *` over 20,000 keys would read 2,000,000
// keys and print 33.5 MB) is refused at once, and one KEYS prints at most 200,000 characters,
// saying what it left out.
test('a line over every key answers within seconds, refused or cut, and the page goes on', async ({
  sandbox,
  api,
}) => {
  test.setTimeout(120_000);
  await sandbox.open();
  for (let batch = 0; batch < 4; batch++) {
    const pairs = Array.from({ length: 5000 }, (_, i) => `k${batch}:${i} v`).join(' ');
    expect(await api.redis(`MSET ${pairs}`)).toBe('OK');
  }
  const output = sandbox.redisOutput;
  await sandbox.redisConsole.fill('100 KEYS *');
  await sandbox.redisConsole.press('Enter');
  await expect(output).toContainText(
    "(error) ERR repeat count 100 is too many for 'KEYS' here: it goes over every key each time, 100 × 20,000 keys is 2,000,000, and a line may go over at most 200,000; give a count from 1 to 10. Nothing was run.",
    { timeout: 5_000 },
  );
  await sandbox.redisConsole.fill('KEYS *');
  await sandbox.redisConsole.press('Enter');
  await expect(output).toContainText(
    "more characters not shown: this console prints at most 200,000 characters of a line's replies; redis-cli would print them all]",
    { timeout: 10_000 },
  );
  await sandbox.redisConsole.fill('DBSIZE');
  await sandbox.redisConsole.press('Enter');
  await expect(output).toContainText('(integer) 20000');
});
