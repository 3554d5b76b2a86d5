import { expect, test } from './fixtures';

// Panels cost what is on screen, not what the stores hold (issue 13): a long keyspace renders
// only the keys in view, and a long value shows its start, its size and a way to see the rest.

test('100,000 keys: the panel renders only what is in view and Step stays fast', async ({
  sandbox,
  page,
}) => {
  test.setTimeout(300_000);
  await sandbox.open();
  // 100,000 keys, as the issue made them: 20 MSETs of 5,000 pairs (lines of about 60 KB), sent
  // at once as a paste sends them (the console runs them in order), not a round trip each: the
  // keys are the setup, what they leave on screen is the subject.
  const replies = await page.evaluate(() =>
    Promise.all(
      Array.from({ length: 20 }, (_, batch) => {
        const pairs = Array.from({ length: 5000 }, (_, i) => `k:${batch * 5000 + i} ${i}`);
        return window.cacheAside!.redis(`MSET ${pairs.join(' ')}`);
      }),
    ),
  );
  expect(replies).toEqual(Array(20).fill('OK'));
  await expect(sandbox.redisKeyCount(100_000)).toBeVisible();
  const rendered = await sandbox.redisPanel.locator('li[data-testid^="redis.key."]').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);

  // Scrolling far down shows the keys there.
  await sandbox.redisPanel
    .getByRole('list')
    .last()
    .evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
  await expect(sandbox.redisKey('k:99999')).toBeVisible();

  await sandbox.control('User id').fill('7');
  await sandbox.startReadButton.click();
  // Each step timed in the page, from the call to the frame that shows it (`step` resolves
  // after the page has painted), so the test's own polling is not counted.
  const timings: number[] = [];
  for (const expected of ['GET user:7', 'SELECT', 'SET user:7']) {
    timings.push(
      await page.evaluate(async () => {
        const started = performance.now();
        await window.cacheAside!.step();
        return Math.round(performance.now() - started);
      }),
    );
    await expect(sandbox.diagramMessage).toContainText(expected);
  }
  console.log('step ms with 100,000 keys', JSON.stringify(timings));
  // A wall-time budget is a measurement for a quiet machine (PAGE_PERF=1), not for `npm test`
  // on a busy one; the engine's share of a Step is counted in src/store/checkpoints.test.ts.
  if (process.env.PAGE_PERF === '1') for (const ms of timings) expect(ms).toBeLessThan(2000);
  await expect(sandbox.redisKeyCount(100_001)).toBeVisible();
  // A key found by its button opens whole above the list.
  await sandbox.redisPanel
    .getByRole('list')
    .last()
    .evaluate((el) => {
      el.scrollTop = 0;
    });
  await page.getByRole('button', { name: 'Open k:0' }).click();
  await expect(
    sandbox.redisPanel.getByRole('list', { name: 'Opened key' }).getByTestId('redis.key.k:0'),
  ).toBeVisible();
});

test('a 1 MB value shows truncated with its size, and all of it on request', async ({
  sandbox,
  api,
  page,
}) => {
  await sandbox.open();
  // 1 MiB built with APPEND in 128 KiB pieces: each line an eighth of the most a console line
  // holds. (In 32 KiB pieces the page drew the growing value 32 times: 5.5 s against 2.2 s.)
  // The eight lines are sent at once, as a paste sends them: the console runs them in order
  // (STRLEN below checks that all eight ran) without waiting for the growing value to be drawn
  // after each before the next is sent (one call a line: 2.8 to 4.7 s; at once 2.0 to 2.8 s).
  await page.evaluate(
    (piece) =>
      Promise.all(Array.from({ length: 8 }, () => window.cacheAside!.redis(`APPEND big ${piece}`))),
    'x'.repeat(128 * 1024),
  );
  expect(await api.redis('STRLEN big')).toBe('(integer) 1048576');
  const entry = sandbox.redisKey('big');
  await expect(entry.getByTestId('redis.size.big')).toHaveText(
    '1.0 MB (1,048,576 bytes), first 2,000 characters shown',
  );
  const shown = await entry.locator('pre').textContent();
  expect(shown?.length).toBe(2001);
  await entry.getByRole('button', { name: 'Show all of big' }).click();
  await expect.poll(async () => (await entry.locator('pre').textContent())?.length).toBe(1_048_576);
  await entry.getByRole('button', { name: 'Show less of big' }).click();
  expect((await entry.locator('pre').textContent())?.length).toBe(2001);
});

test('a row whose name is a megabyte shows its start and length in the database panel, and its read steps', async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open();
  await sandbox.runSql("UPDATE users SET name = printf('%.*c', 1000000, 'n') WHERE id = 1");
  await expect(sandbox.sqlOutput.getByRole('listitem').last()).toContainText('1 row changed');
  await api.read('A', 1);
  await api.runToEnd();
  const name = page.getByTestId('db.row.1').locator('td.col-name');
  await expect(name).toHaveText(
    `${'n'.repeat(2000)}… (1,000,000 characters; the SQL console's substr() reads the rest)`,
  );
  // The cached copy holds all of it, and the Redis panel shows its start the same way.
  await expect(sandbox.redisKey('user:1').getByTestId('redis.size.user:1')).toContainText(
    'first 2,000 characters shown',
  );
});

test('a long key name wraps: every card, and a stale card’s comparison, stay inside the panel', async ({
  sandbox,
  api,
}) => {
  await sandbox.open();
  await api.read('A', 123);
  await api.runToEnd();
  const long = 'k'.repeat(120);
  expect(await api.redis(`SET ${long} v`)).toBe('OK');
  await api.sql("UPDATE users SET plan = 'team' WHERE id = 123");
  await expect(sandbox.redisKey(long)).toBeVisible();
  const stale = sandbox.redisKey('user:123');
  await expect(stale.getByText('STALE')).toBeVisible();
  const panel = await sandbox.redisPanel.boundingBox();
  for (const card of [sandbox.redisKey(long), stale]) {
    const box = await card.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 1);
  }
  // The comparison's Database column is in view, not pushed out by the long name.
  const column = stale.getByRole('columnheader', { name: 'Database' });
  await expect(column).toBeInViewport();
  const header = await column.boundingBox();
  expect(header!.x + header!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 1);
});
