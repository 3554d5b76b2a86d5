import { expect, test } from './fixtures';

test.describe('playback, clock and Redis controls', () => {
  test('Step, Back by replay, scrubber, Reset and the keyboard', async ({ sandbox }) => {
    await sandbox.open('?scenario=cold-read');
    await sandbox.press('ArrowRight');
    await sandbox.press('ArrowRight');
    await sandbox.press('ArrowRight');
    await expect(sandbox.position(3, 4)).toBeVisible();
    await expect(sandbox.redisKey('user:123')).toBeVisible();

    await sandbox.backButton.click();
    await expect(sandbox.position(2, 4)).toBeVisible();
    await expect(sandbox.redisKey('user:123')).toHaveCount(0);
    await expect(sandbox.narration).toContainText('SELECT * FROM users WHERE id = 123');

    await sandbox.press('ArrowLeft');
    await expect(sandbox.position(1, 4)).toBeVisible();
    await sandbox.scrubber.fill('3');
    await expect(sandbox.position(3, 4)).toBeVisible();
    // What a screen reader says of the slider, not its bare value.
    await expect(sandbox.scrubber).toHaveAttribute('aria-valuetext', 'Step 3 of 4');
    await expect(sandbox.redisKey('user:123')).toBeVisible();
    // Redo with Step follows the same path (the focused slider keeps its own arrow keys).
    await sandbox.step();
    await expect(sandbox.diagramMessage).toContainText('HIT');

    await sandbox.press('r');
    await expect(sandbox.position(0, 4)).toBeVisible();
    await expect(sandbox.redisKeyCount(0)).toBeVisible();
  });

  test('the pattern line and the Invalidation select say what the chosen write policy does', async ({
    sandbox,
    page,
  }) => {
    await sandbox.open('?scenario=write-then-read');
    const policy = sandbox.control('Write policy');
    const app = page.getByLabel('Invalidation', { exact: true }).locator('option[value="app"]');
    const info = page.getByTestId('config.patternInfo');
    await expect(policy).toHaveValue('ttl-only');
    await expect(app).toHaveText(
      'app: the write path only UPDATEs: the cached copy waits for its TTL',
    );
    await expect(info).toContainText(
      'on a write it only UPDATEs: the cached copy waits for its TTL',
    );
    await expect(info).not.toContainText('invalidates');
    await policy.selectOption('update-cache');
    await expect(app).toHaveText(
      'app: the write path sets the new row in the key after the UPDATE',
    );
    await expect(info).toContainText('on a write it sets the new row in the key after the UPDATE');
  });

  test('Play runs the scenario to its end by itself; Pause stops it', async ({ sandbox, api }) => {
    await sandbox.open('?scenario=cold-read');
    await sandbox.control('Speed').selectOption('8');
    await sandbox.playButton.click();
    await expect(sandbox.page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
    await expect(sandbox.playButton).toBeDisabled();

    await sandbox.control('Scenario').selectOption('stale-read');
    await sandbox.control('Speed').selectOption('0.25');
    await sandbox.press(' ');
    await expect(sandbox.pauseButton).toBeVisible();
    await sandbox.press(' ');
    await expect(sandbox.playButton).toBeEnabled();
    expect((await api.state()).beat).toBeLessThan(7);
  });

  test('clock buttons expire keys; the TTL counts down in virtual time', async ({
    sandbox,
    api,
  }) => {
    await sandbox.open();
    await api.configure({ ttlSeconds: 90 });
    await api.read('A', 9);
    await api.runToEnd();
    const ttl = sandbox.control('TTL of user:9');
    await expect(ttl).toHaveText('TTL 1 min 30 s');
    await sandbox.page.getByRole('button', { name: 'Advance clock +1 s' }).click();
    await expect(ttl).toHaveText('TTL 1 min 29 s');
    await sandbox.page.getByRole('button', { name: 'Advance clock +1 min' }).click();
    await expect(ttl).toHaveText('TTL 29 s');
    await sandbox.page.getByRole('button', { name: 'Next expiry' }).click();
    await expect(sandbox.redisKey('user:9')).toHaveCount(0);
    await expect(sandbox.stat('Virtual time')).toContainText('90.0');
  });

  test('Redis down: reads fall back to the database and count errors; restart flushes', async ({
    sandbox,
  }) => {
    const { page } = sandbox;
    await sandbox.open();
    await sandbox.control('User id').fill('42');
    await sandbox.startReadButton.click();
    await expect(page.getByTestId('actor.A')).toContainText('GET user:42');
    await sandbox.step(3);
    await expect(sandbox.redisKey('user:42')).toBeVisible();

    await page.getByRole('button', { name: 'Take Redis down' }).click();
    await expect(page.getByRole('button', { name: 'Bring Redis up' })).toBeVisible();
    await sandbox.startReadButton.click();
    await sandbox.stepActorButton('A').click();
    await expect(sandbox.diagramMessage).toContainText('ERROR · NEVER REACHED REDIS');
    // Drawn as what happened in both diagrams, and told so to a screen reader: no round trip.
    await expect(
      page.getByRole('img', {
        name: /A sent GET user:42, which never reached Redis \(it was down\)/,
      }),
    ).toBeVisible();
    await expect(sandbox.sequenceDiagram.getByTestId('sequence.row').last()).toContainText(
      'NEVER REACHED REDIS',
    );
    await expect(
      sandbox.sequenceDiagram.getByRole('img', { name: /; 1 of them never reached Redis/ }),
    ).toBeVisible();
    await sandbox.stepActorButton('A').click();
    await expect(sandbox.diagramMessage).toContainText('SELECT');
    await expect(sandbox.stat('Cache errors')).toContainText('1');

    await page.getByRole('button', { name: 'Bring Redis up' }).click();
    await page.getByRole('button', { name: 'Restart Redis' }).click();
    await expect(sandbox.redisKeyCount(0)).toBeVisible();
    // The server's restart, not a FLUSHALL no client sent (before, `[0 actor:system] "FLUSHALL"`).
    await expect(sandbox.logLines.getByRole('listitem').last()).toContainText(
      '* Redis restarted: no persistence, so it starts with no keys',
    );
    await expect(sandbox.logLines).not.toContainText('FLUSHALL');
  });

  test('a write from the form runs the active policy and is shown in the code panel', async ({
    sandbox,
  }) => {
    await sandbox.open();
    await sandbox.control('Write policy').selectOption('delete-first');
    await sandbox.control('As actor').selectOption('B');
    await sandbox.control('Set plan to').selectOption('team');
    await sandbox.page.getByRole('button', { name: 'Start write' }).click();
    const code = sandbox.codePanel;
    await expect(code).toContainText('Write path (delete-first)');
    await expect(code.locator('.code-line.current')).toContainText("redis('del', 'DEL', key)");
    await sandbox.stepActorButton('B').click();
    await expect(code.locator('.code-line.current')).toContainText("updateUser('update'");
    await sandbox.stepActorButton('B').click();
    await expect(sandbox.dbRow(123).locator('td.changed').first()).toHaveText('team');
  });

  test('TTL and Max keys take thousands separators, as their refusals write the range', async ({
    sandbox,
    page,
  }) => {
    await sandbox.open();
    const ttl = sandbox.control('TTL (s)');
    await sandbox.commit('TTL (s)', '2,592,000');
    await expect(page).toHaveURL(/ttl=2592000/);
    await expect(ttl).toHaveValue('2592000');
    await sandbox.commit('Max keys', '1,000');
    await expect(page).toHaveURL(/maxkeys=1000/);
    // "1,5" is not one and a half, nor 15: refused, quoted as typed.
    await sandbox.commit('TTL (s)', '1,5');
    await expect(page.getByRole('alert')).toContainText('got "1,5"');
    // The refused text stays, marked invalid and described by the refusal, as the lab's fields;
    // the run keeps its TTL.
    await expect(ttl).toHaveValue('1,5');
    await expect(ttl).toHaveAttribute('aria-invalid', 'true');
    await expect(ttl).toHaveAccessibleDescription(/TTL .*got "1,5"/);
    await expect(page).toHaveURL(/ttl=2592000/);
  });
});

// What each figure counts was a hover title only: no keyboard or touch screen shows one.
test('the stats strip\'s "?" opens what each figure counts from the keyboard; Escape closes it', async ({
  sandbox,
  page,
}) => {
  await sandbox.open('?scenario=stale-read&step=3');
  const explain = page.getByRole('button', { name: 'What these figures count' });
  await explain.focus();
  await page.keyboard.press('Enter');
  await expect(explain).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByTestId('stats.explained');
  await expect(list).toBeVisible();
  await expect(list).toContainText('GET hits');
  await expect(list).toContainText(
    'Reads done that returned a row older than the one the database',
  );
  // The figures it explains stay as they were.
  await expect(sandbox.stat('Stale reads').getByRole('definition')).toHaveText('1');
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(explain).toBeFocused();
  // The page's keys work again at once: → steps.
  await sandbox.press('ArrowRight');
  await expect(sandbox.position(4, 7)).toBeVisible();
});

// As the glossary's box does: Escape closes it wherever in it the learner is, and gives focus back
// to the "?". Before, a click in the box's text (to read or select it) left focus on the page, and
// Escape did nothing: the box stayed open over the figures.
test('the stats strip\'s "?" box closes on Escape after a click in its text, focus back on the "?"', async ({
  sandbox,
  page,
}) => {
  await sandbox.open('?scenario=stale-read&step=3');
  const explain = page.getByRole('button', { name: 'What these figures count' });
  await explain.click();
  const list = page.getByTestId('stats.explained');
  await list.getByText('GET hits', { exact: true }).click();
  await expect(explain).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(explain).toHaveAttribute('aria-expanded', 'false');
  await expect(explain).toBeFocused();
  await sandbox.press('ArrowRight');
  await expect(sandbox.position(4, 7)).toBeVisible();
});
