import { expect, test } from './fixtures';

test.describe('URL state and window.cacheAside', () => {
  test('the URL follows the view and a copied link restores it', async ({ sandbox, api }) => {
    const { page } = sandbox;
    await sandbox.open('?scenario=stale-read');
    await sandbox.control('Read mitigation').selectOption('versioned-fill');
    await sandbox.control('TTL (s)').fill('600');
    await sandbox.control('TTL (s)').press('Enter');
    await sandbox.step(2);
    await expect(page).toHaveURL(/scenario=stale-read/);
    await expect(page).toHaveURL(/step=2/);
    await expect(page).toHaveURL(/mitigation=versioned-fill/);
    await expect(page).toHaveURL(/ttl=600/);
    const link = page.url();
    const before = await api.state();

    await page.goto('about:blank');
    await page.goto(link);
    await sandbox.waitUntilReady();
    await expect(page.getByText('2 / 7')).toBeVisible();
    await expect(sandbox.control('Read mitigation')).toHaveValue('versioned-fill');
    expect(await api.state()).toEqual(before);
  });

  test('the address follows the view whatever the path, even "//"', async ({ sandbox, api }) => {
    const { page } = sandbox;
    await sandbox.open();
    // "//?scenario=..." alone would name a host: the page writes its address absolutely.
    await page.goto(`${new URL(page.url()).origin}//?scenario=cold-read`);
    await sandbox.waitUntilReady();
    await sandbox.step(1);
    await expect(page).toHaveURL(/\/\/\?scenario=cold-read&step=1/);
    expect(await api.redis('SET k v EX 10 NX')).toBe('OK');
    await expect(page).toHaveURL(/\/\/\?.*run=/);
  });

  test("the browser's Back and Forward move between scenarios, each where it was left", async ({
    sandbox,
    api,
  }) => {
    const { page } = sandbox;
    await sandbox.open('?scenario=cold-read');
    await sandbox.step(2);
    await expect(page).toHaveURL(/step=2/);
    const coldRead = await api.state();
    // Choosing another scenario is a new history entry; steps and settings are not.
    await sandbox.control('Scenario').selectOption('stale-read');
    await expect(page).toHaveURL(/scenario=stale-read/);
    await sandbox.step(3);
    await expect(page).toHaveURL(/step=3/);
    const staleRead = await api.state();

    await page.goBack();
    await expect(page).toHaveURL(/scenario=cold-read&step=2$/);
    await expect(sandbox.control('Scenario')).toHaveValue('cold-read');
    expect(await api.state()).toEqual(coldRead);

    await page.goForward();
    await expect(page).toHaveURL(/scenario=stale-read&step=3$/);
    await expect(sandbox.control('Scenario')).toHaveValue('stale-read');
    await expect(page.getByText('3 / 7')).toBeVisible();
    expect(await api.state()).toEqual(staleRead);

    // Back again, then one more Back leaves for the page before (here, none: about:blank).
    await page.goBack();
    await expect(sandbox.control('Scenario')).toHaveValue('cold-read');
    await page.goBack();
    await expect(page).toHaveURL('about:blank');
  });

  test('a scenario link Ctrl-clicked opens in a new tab and leaves this page as it was', async ({
    sandbox,
  }) => {
    const { page } = sandbox;
    await sandbox.open();
    const link = page.getByRole('link', { name: /^Start the course/ });
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      link.click({ modifiers: ['ControlOrMeta'] }),
    ]);
    // The page left the modified click to the browser, which opened a tab for the link's
    // address. (Whether that tab then loads is the browser's own business: Chromium 150's
    // headless shell opens it and never navigates it, for any page's link.)
    const href = await link.getAttribute('href');
    expect(new URL(href ?? '', page.url()).search).toBe('?scenario=cold-read');
    await tab.close();
    // This page did not open the scenario itself: still the first screen, no history entry.
    await expect(link).toBeVisible();
    expect(new URL(page.url()).search).toBe('');
  });

  test("Actors below what a scenario's script uses are not offered; configure() and a link refuse them", async ({
    sandbox,
    api,
  }) => {
    const { page } = sandbox;
    const refusal =
      'actors must be from 2 to 4 in the scenario "Race: stale set after invalidation" (its script uses actors A and B)';
    await sandbox.open('?scenario=stale-set&step=3');
    const actors = page.getByRole('combobox', { name: 'Actors', exact: true });
    await expect(actors).toHaveValue('2');
    await expect(actors.getByRole('option', { name: '1', exact: true })).toBeDisabled();
    await expect(actors.getByRole('option', { name: '3', exact: true })).toBeEnabled();
    await expect(actors).toHaveAccessibleDescription('(2 or more: the script uses A, B)');

    // The API says which setting and the least it takes; the run stays where it was.
    const before = await api.state();
    const answer = await page.evaluate(() =>
      window.cacheAside!.configure({ actors: 1 }).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(answer).toBe(`${refusal}, got 1`);
    await expect(sandbox.alert.filter({ hasText: refusal })).toBeVisible();
    expect(await api.state()).toEqual(before);
    await expect(sandbox.position(3, 6)).toBeVisible();
    await sandbox.step();
    await expect(sandbox.position(4, 6)).toBeVisible();

    // A link with too few opens with the scenario's own count, says so, and plays.
    await sandbox.open('?scenario=stale-set&actors=1');
    await expect(actors).toHaveValue('2');
    await expect(sandbox.alert).toContainText(`bad actors "1": ${refusal.slice('actors '.length)}`);
    await sandbox.step();
    await expect(sandbox.position(1, 6)).toBeVisible();
    await expect(sandbox.stepButton).toBeEnabled();
  });

  test('malformed parameters fall back to defaults with a visible notice', async ({ sandbox }) => {
    const { page } = sandbox;
    await sandbox.open('?scenario=nope&ttl=-5&policy=yolo&step=abc&color=red');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('unknown scenario "nope"');
    await expect(alert).toContainText('bad ttl "-5"');
    await expect(alert).toContainText('bad policy "yolo"');
    await expect(alert).toContainText('unknown parameter "color"');
    await expect(sandbox.control('Write policy')).toHaveValue('invalidate');
    await expect(page.getByRole('heading', { name: 'Free play' })).toBeVisible();
  });

  test('a parameter given twice is said to run its first value, not to fall back to a default', async ({
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-read&step=3&step=5');
    await expect(sandbox.position(3, 7)).toBeVisible();
    await expect(sandbox.alert).toHaveText(
      'Some link settings were not used as given: "step" given 2 times: the first, "3", used.',
    );
  });

  test('settings written after the # and a page the app does not have are said, not dropped in silence', async ({
    sandbox,
  }) => {
    await sandbox.open('#/?scenario=stale-set&step=2');
    await expect(sandbox.alert).toHaveText(
      'Some link settings were not used as given: the settings after the # (#/?scenario=stale-set&step=2) were not read: the sandbox reads its settings before the #, as in ?scenario=stale-set&step=2, and opened with its own.',
    );
    await expect(sandbox.page.getByRole('heading', { name: 'Free play' })).toBeVisible();
    await sandbox.open('?scenario=stale-set#/nowhere');
    await expect(sandbox.alert).toHaveText(
      "Some link settings were not used as given: #/nowhere is no page of this app (its pages are #/, the sandbox, #/lab, the workload lab, and #/handout?scenario=…, a scenario's handout): the sandbox is shown.",
    );
    // The query's own settings were read.
    await expect(
      sandbox.page.getByRole('heading', { name: 'Race: stale set after invalidation' }),
    ).toBeVisible();
  });

  test('the automation API drives the sandbox and reports plain state', async ({
    sandbox,
    page,
  }) => {
    await sandbox.open();
    const result = await page.evaluate(async () => {
      const api = window.cacheAside!;
      const ids = api.scenarios().map((s) => s.id);
      await api.configure({
        writePolicy: 'invalidate',
        readMitigation: 'none',
        ttlSeconds: 60,
        actors: 3,
      });
      await api.read('C', 'user:11');
      const queued = api.state();
      await api.step(3);
      await api.back();
      const afterBack = api.state();
      await api.runToEnd();
      const get = await api.redis('GET user:11');
      const sql = await api.sql('SELECT plan FROM users WHERE id = 11');
      const bad = await api.sql('SELECT * FROM nowhere');
      await api.setCacheAvailable(false);
      const down = await api.redis('GET user:11');
      await api.setCacheAvailable(true);
      await api.advanceClock(61_000);
      return { ids, queued, afterBack, get, sql, bad, down, end: api.state() };
    });
    expect(result.ids).toEqual([
      'cold-read',
      'ttl-expiry',
      'only-what-is-asked',
      'expensive-miss',
      'stale-read',
      'invalidate-on-write',
      'write-then-read',
      'write-then-read-invalidate',
      'stale-set',
      'stale-set-lease',
      'update-cache-race',
      'delete-first-race',
      'cdc-late-invalidation',
      'stampede',
      'stampede-single-flight',
      'cache-down-fallback',
      'lost-invalidation',
      'write-then-read-write-through',
      'write-behind-lost',
      'refresh-ahead-expensive',
      'when-to-use',
    ]);
    expect(result.queued.step).toBe(0);
    expect(result.queued.actors.map((a) => a.name)).toEqual(['A', 'B', 'C']);
    expect(result.queued.actors[2].pending).toBe('GET user:11');
    expect(result.afterBack.step).toBe(2);
    expect(result.get).toMatch(/^"\{\\"id\\":11,/);
    expect(result.sql).toMatchObject({ columns: ['plan'] });
    expect(result.bad).toEqual({ error: 'no such table: nowhere' });
    expect(result.down).toBe('(error) Connection is closed.');
    expect(result.end.cache).toEqual([]);
    // The console's GET while Redis was down failed, but it is not the application's request.
    expect(result.end.stats).toMatchObject({ reads: 1, misses: 1, cacheErrors: 0 });
    expect(result.end.ttlSeconds).toBe(60);
    await expect(sandbox.stat('Cache errors')).toContainText('0');
  });

  test('the workload lab route loads on demand and the sandbox comes back', async ({
    sandbox,
    lab,
  }) => {
    await sandbox.open();
    await sandbox.goToLab();
    await lab.goToSandbox();
    await expect(sandbox.stepButton).toBeVisible();
  });
});
