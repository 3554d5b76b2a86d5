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
