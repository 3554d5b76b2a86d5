import { expect, test } from './fixtures';

// Hostile input by hand, as issue 12 lists it: garbage in every link parameter, preferences that
// must survive a reload, and API arguments outside their schemas. One page load per test (the
// preferences test reloads once, which is what it checks).

const KEY = 'cache-aside-lab.settings';

test('a link with garbage in every parameter opens a working page that names its refusals, counting past five', async ({
  sandbox,
  page,
  api,
}) => {
  const garbage = new URLSearchParams({
    scenario: '<img src=x>',
    ttl: '-1',
    actors: '99',
    seed: 'abc',
    step: '1e9',
    run: '1.' + Buffer.from('[["r","A",5000]]').toString('base64url'),
  });
  await sandbox.open(`?${garbage.toString()}#code=%%%not-code`);
  const alerts = sandbox.alert.filter({ hasText: 'Some link settings were not used as given' });
  await expect(alerts).toContainText('bad ttl "-1": must be a whole number from 0 (no expiry) to');
  await expect(alerts).toContainText('bad actors "99": must be a whole number from 1 to 4');
  await expect(alerts).toContainText('bad seed "abc": must be a whole number from 0 to');
  await expect(alerts).toContainText('unknown scenario "<img src=x>"');
  await expect(alerts).toContainText('bad step "1e9": must be a whole number from 0 to 10,000');
  // Seven problems: five listed, as the lab lists a refusal's, then the rest counted (the run's
  // own, malformed at its first action, and the step it overrides).
  await expect(alerts).toContainText('; and 2 more.');
  await expect(
    sandbox.alert.filter({ hasText: 'The code in this link was not loaded' }),
  ).toHaveCount(1);
  // The page works: a read and a step go through, with the defaults.
  await api.read('A', 'user:2');
  await sandbox.step();
  await expect.poll(() => page.evaluate(() => window.cacheAside!.state().commands)).toBe(1);
  // An API argument outside its schema is refused with its range, and nothing moves.
  const before = await page.evaluate(() => window.cacheAside!.state().step);
  await expect(api.read('A', 'user:5000')).rejects.toThrow(
    'read: key must be a user id from 1 to 1,000 or its key, "user:1" to "user:1000"',
  );
  expect(await page.evaluate(() => window.cacheAside!.state().step)).toBe(before);
});

test('the speaker notes and quiz mode come back after a reload; a non-boolean is refused', async ({
  sandbox,
  page,
}) => {
  await sandbox.open('?scenario=stale-set');
  // The speaker notes belong to presenter mode (P); the link keeps presenter mode itself.
  await sandbox.press('p');
  await expect(page).toHaveURL(/present=1/);
  const notes = page.getByRole('button', { name: 'Speaker notes' });
  await notes.click();
  await expect(notes).toHaveAttribute('aria-pressed', 'true');
  await page.evaluate(() => window.cacheAside!.quiz!.setEnabled(true));
  // A value outside the schema is refused and stored nothing.
  const refusal = await page.evaluate(() =>
    window.cacheAside!.quiz!.setEnabled('yes' as unknown as boolean).then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(refusal).toBe('quiz.setEnabled: isEnabled must be true or false, got "yes"');
  expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toContain(
    '"quiz":{"enabled":true}',
  );

  await page.reload();
  await sandbox.waitUntilReady();
  await expect(page.getByRole('button', { name: 'Speaker notes' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('presenter.notes')).toBeVisible();
  expect(await page.evaluate(() => window.cacheAside!.quiz!.isEnabled())).toBe(true);
  await expect(sandbox.alert).toHaveCount(0);
});

test('a NUL or a direction override in a key or a value neither hides a key nor turns the page’s sentences around', async ({
  sandbox,
  page,
  api,
}) => {
  await page.goto('/?scenario=%E2%80%AEoops');
  await page.waitForFunction(() => window.cacheAside !== undefined);
  // The link's scenario name is quoted with its mark as an escape: the notice reads forwards.
  await expect(page.getByRole('list', { name: 'Notices' })).toContainText(
    'unknown scenario "\\u202Eoops"',
  );
  await sandbox.runRedis('SET "a\\x00b" x');
  await sandbox.runRedis('SET ab y');
  // Two keys, as DBSIZE says: before, the second took the first one's place in the panel.
  await expect(sandbox.redisKeyCount(2)).toBeVisible();
  await expect(sandbox.redisPanel.getByText('a\\x00b', { exact: true })).toBeVisible();
  await sandbox.runSql(
    "UPDATE users SET name = 'Ada ' || char(8238) || 'team 99 version' WHERE id = 1",
  );
  await api.read('A', 1);
  await api.runToEnd();
  // The engine's own words after the value read forwards; the value's mark is written \u202E.
  const step = page.getByTestId('narration.step');
  await expect(step).toContainText('"name":"Ada \\u202Eteam 99 version"');
  await expect(step).toContainText('Redis holds version 2, the current row.');
});
