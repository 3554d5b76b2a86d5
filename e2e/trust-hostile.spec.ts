import type { Page } from '@playwright/test';
import type { Remote } from './fixtures';
import { expect, test } from './fixtures';
import type { LearnerApi } from '../src/store/learnerApi';

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
  // Six problems: five listed, as the lab lists a refusal's, then the rest counted (the step the
  // run overrides).
  await expect(alerts).toContainText('; and 1 more.');
  // The run, malformed at its first action, ends there, as at an action the page refuses.
  await expect(
    sandbox.alert.filter({ hasText: "The link's run could only be restored up to action 0 of 1" }),
  ).toContainText(
    'action 1 is malformed ((r) id must be a whole number from 1 to 1,000, got 5000), and the run ends there.',
  );
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
  // The speaker notes belong to presenter mode (P); the tab keeps presenter mode itself.
  await sandbox.press('p');
  await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
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

/** Everything the page shows or names: its visible text and every accessible name it sets. */
const pageWords = (page: Page): Promise<string> =>
  page.evaluate(() =>
    [
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label], [title]')].flatMap((el) => [
        el.getAttribute('aria-label') ?? '',
        el.getAttribute('title') ?? '',
      ]),
    ].join('\n'),
  );
// A NUL and the other controls (a tab and a line break aside: the page lays its text out with
// them), direction marks, characters that show as nothing, U+2028/2029, a BOM.
const RAW =
  // eslint-disable-next-line no-control-regex -- finding them is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

test('keys, values and errors made by the consoles and your code reach no sentence, panel or name raw', async ({
  sandbox,
  page,
  api,
}) => {
  await sandbox.open();
  // The console makes a key with a NUL, one typed as the four characters \x00, one with U+202E.
  await sandbox.runRedis('SET "a\\x00b" nul');
  await sandbox.runRedis('SET a\\x00b typed');
  await sandbox.runRedis('SET k\u202e1 "v\\xe2\\x80\\xaeal"');
  // The two a…b keys read apart, as redis-cli's KEYS * prints them ("a\x00b", "a\\x00b").
  await expect(sandbox.redisPanel.getByText('a\\x00b', { exact: true })).toBeVisible();
  await expect(sandbox.redisPanel.getByText('a\\\\x00b', { exact: true })).toBeVisible();
  await expect(sandbox.redisPanel.getByText('k\\u202E1', { exact: true })).toBeVisible();
  await expect(sandbox.redisPanel).toContainText('v\\u202Eal');
  // The console echoes the line typed with its mark written as an escape.
  await expect(sandbox.redisOutput).toContainText('SET k\\u202E1');
  // A column renamed with U+202E breaks the schema, so the page lists the last failed request.
  await sandbox.runSql('ALTER TABLE users RENAME COLUMN email TO "e\u202ex"');
  await expect(sandbox.sqlOutput).toContainText('RENAME COLUMN email TO "e\\u202Ex"');
  await expect(page.getByTestId('db.schemaAlert')).toBeVisible();
  // Your code: a key with U+202E, then a command whose error quotes the learner's name back.
  expect(
    await (api as unknown as Remote<LearnerApi>).setProgram(
      'read',
      "function* read(id) {\n  yield redis('SET', 'user:\\u202E' + id, 'x');\n  yield redis('FOO\\u202E', 'x');\n}",
    ),
  ).toEqual({ ok: true });
  await api.read('A', 1);
  await api.step(2);
  const error = "ERR unknown command 'FOO\\u202E'";
  await expect(page.getByTestId('narration.step')).toContainText(`(error) ${error}`);
  await expect(page.getByTestId('narration.note')).toContainText(error);
  // The diagram cuts the reply to fit its arrow, before the escape rather than inside it (`\\u2…`
  // read as a typed backslash and a u).
  await expect(sandbox.diagramMessage).toContainText(
    "'FOO\\u202E' x(error) ERR unknown command 'FOO…",
  );
  await expect(sandbox.logLines).toContainText(error);
  await expect(page.getByTestId('db.schemaAlert')).toContainText(
    `Last failed request: A read user:1: Your read path failed: line 3: threw: ${error}`,
  );
  await expect(sandbox.redisPanel.getByText('user:\\u202E1', { exact: true })).toBeVisible();
  // Past 200 keys the panel lists them one a line, each opened by a button named after its key.
  const pairs = Array.from({ length: 200 }, (_, i) => `p${i} 1`).join(' ');
  await sandbox.runRedis(`MSET ${pairs}`);
  await expect(sandbox.redisPanel.getByRole('button', { name: 'Open a\\x00b' })).toBeVisible();
  await expect(sandbox.redisPanel.getByRole('button', { name: 'Open a\\\\x00b' })).toBeVisible();
  expect(await pageWords(page)).not.toMatch(RAW);

  // A scenario's end-of-run banner and its verdict timing, after a console line with U+202E.
  await (api as unknown as Remote<LearnerApi>).resetPrograms();
  await api.loadScenario('stale-set');
  await sandbox.runRedis('SET user:\u202e9 x');
  await api.runToEnd();
  await sandbox.runRedis('DEL user:\u202e9');
  const banner = page.getByRole('status').filter({ hasText: /verdict|Outcome/ });
  await expect(banner).toContainText('SET user:\\u202E9 x');
  expect(await pageWords(page)).not.toMatch(RAW);
});

test('an address naming no page of the app says so, typed into an open page too; #/labx is no lab', async ({
  sandbox,
  page,
}) => {
  await sandbox.open('?scenario=cold-read&step=2');
  const noPage = (hash: string) =>
    sandbox.alert.filter({
      hasText: `${hash} is no page of this app (its pages are #/, the sandbox, #/lab, the workload lab, and #/handout?scenario=…, a scenario's handout): the sandbox is shown`,
    });
  const sandboxHeading = page.getByRole('heading', { level: 1, name: 'Cache-aside sandbox' });
  // Typed into the address bar of the open page: before, the sandbox stayed without a word.
  await page.evaluate(() => (window.location.hash = '#/nope'));
  await expect(noPage('#/nope')).toHaveCount(1);
  await expect(sandbox.position(2, 4)).toBeVisible();
  // Only #/lab and #/lab?… are the lab: #/labx opened it, its address rewritten to #/lab unsaid.
  await page.evaluate(() => (window.location.hash = '#/labx'));
  await expect(noPage('#/labx')).toHaveCount(1);
  await expect(sandboxHeading).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/labx');
  await page.evaluate(() => (window.location.hash = '#/lab'));
  await expect(page.getByRole('heading', { level: 1, name: 'Workload lab' })).toBeVisible();
  await page.goto('/#/lab/nope');
  await expect(noPage('#/lab/nope')).toHaveCount(1);
  await expect(sandboxHeading).toBeVisible();
});
