import { axeOn, expect, test } from './fixtures';

/**
 * The caching patterns in the sandbox: chosen in the URL, run by the engine, drawn with the
 * cache between the application and the database, and write-behind's lost writes counted.
 */

test('write-through from the URL: the cache writes the database, and the read after the write is fresh', async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open('?pattern=write-through');
  await expect(sandbox.control('Pattern')).toHaveValue('write-through');
  // Write policy and read mitigation are cache-aside's: off, and the page says why.
  await expect(sandbox.control('Write policy')).toBeDisabled();
  await expect(sandbox.control('Read mitigation')).toBeDisabled();
  await expect(page.getByTestId('config.patternInfo')).toContainText(
    'a write goes through the cache to the database',
  );
  await expect(sandbox.codePanel).toContainText('Write path · writeThrough.ts');

  // Write-then-read: a warm entry, a write by B, a read by A right after it.
  await api.read('A', 5);
  await api.step(3);
  await api.write('B', 5, { plan: 'team' });
  await api.step(1);
  // The main diagram draws the cache layer's UPDATE from B's box, the process it runs in.
  await expect(sandbox.diagramMessage).toContainText('UPDATE users');
  await expect(sandbox.diagramMessage).toContainText("the cache layer in B's process:");
  await api.step(1);
  await api.read('A', 5);
  const state = await api.step(1);
  expect(state.pattern).toBe('write-through');

  // The cache layer's UPDATE is drawn from its own lane to SQLite, neither from B's nor Redis'.
  const update = sandbox.sequenceDiagram
    .getByTestId('sequence.row')
    .filter({ hasText: 'UPDATE users' });
  await expect(update).toHaveCount(1);
  await expect(update).toHaveAttribute('data-from', 'cache');
  await expect(update).toContainText('for B');
  await expect(sandbox.stat('Stale reads')).toContainText('0');
  await expect(sandbox.stat('Hits')).toContainText('1');
  await expect(sandbox.redisKey('user:5')).not.toContainText('STALE');
  expect(state.stats.staleReads).toBe(0);
  expect(state.cache.find((e) => e.key === 'user:5')?.version).toBe(2);
  // The pattern's controls, its note and the cache-in-the-middle drawing pass axe's WCAG rules.
  const axe = await axeOn(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
    [],
  );
});

test('write-behind-lost counts the writes a cache restart lost; configure({ pattern }) compares write-through', async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open('?scenario=write-behind-lost');
  await expect(sandbox.control('Pattern')).toHaveValue('write-behind');
  await sandbox.step(2);
  await expect(sandbox.stat('Writes waiting')).toContainText('2');
  // The cache holds the writes the database does not have yet: ahead of the row, not stale.
  await expect(sandbox.redisKey('user:7').getByText('AHEAD')).toBeVisible();
  await expect(sandbox.redisKey('user:7')).not.toContainText('STALE');
  // Acknowledged but not in the database: not judged consistent yet (it said "2 of 2 within 60 s" here).
  await expect(sandbox.stat('Writes consistent').getByRole('definition')).toHaveText(
    '2 pending, not in the database yet',
  );
  await sandbox.step(3);
  await expect(sandbox.stat('Writes lost')).toContainText('2');
  // Final with the clock at a few ms: lost writes never converge (it said only "0 of 2 within 60 s").
  await expect(sandbox.stat('Writes consistent').getByRole('definition')).toHaveText(
    '0 of 2 within 60 s; 2 lost, never consistent',
  );
  await expect(sandbox.stat('Writes flushed')).toContainText('0');
  await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toBeVisible();
  // Side by side: the database never left version 1, and the cache reloaded it.
  const state = await api.state();
  expect(state.db.find((r) => r.id === 7)?.version).toBe(1);
  expect(state.cache.find((e) => e.key === 'user:7')?.version).toBe(1);

  const through = await api.configure({ pattern: 'write-through' });
  expect(through.pattern).toBe('write-through');
  expect(through.stats.lostWrites).toBe(0);
  expect(through.db.find((r) => r.id === 7)?.version).toBe(3);
  await expect(page.getByTestId('narration.off-script')).toContainText('Pattern: write-through');
  await expect(page).toHaveURL(/pattern=write-through/);
});

test('refresh-ahead-expensive under the cache-aside it invites ends on its verdict, A’s read finished', async ({
  page,
  sandbox,
}) => {
  // The last beat took two of A's steps: a hit and its PTTL under refresh-ahead, but under
  // cache-aside a miss and its SELECT, leaving the SET and the verdict to a press past the end
  // ("No verdict: A still has a request in flight"), and a storyboard of the fix without either.
  await sandbox.open('?scenario=refresh-ahead-expensive&pattern=cache-aside&present=1');
  await expect(sandbox.position(0, 6)).toBeVisible();
  for (let i = 0; i < 6; i++) await sandbox.press('ArrowRight');
  await expect(sandbox.position(6, 6)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Outcome met' })).toContainText(
    'Under cache-aside nothing reloads the entry',
  );
  await expect(sandbox.narration).toContainText(/A sends SET user:42 .* EX 60/);
});

test("refresh-ahead: a reload the cache refused is told by what refused it, the console's DEL", async ({
  sandbox,
  api,
}) => {
  await sandbox.open('?pattern=refresh-ahead&ttl=10');
  await api.read('A', 1);
  await api.stepActor('A');
  await api.stepActor('A');
  await api.stepActor('A');
  await api.advanceClock(9000);
  // B's hit finds under a tenth of the TTL left: its PTTL starts the refresher's reload.
  await api.read('B', 1);
  await api.stepActor('B');
  await api.stepActor('B');
  await api.step(1);
  await api.redis('DEL user:1');
  await api.step(1);
  const told = sandbox.page.getByTestId('narration.step');
  await expect(told).toContainText(
    "(integer) 0, the fill is refused: the entry is gone (the console's DEL removed it), and the reload only replaces an entry still there.",
  );
  await expect(told).not.toContainText('or Redis holds a newer row');
});

test('write-behind: corrupt entries pushed into the queue are told at the LPOP, and why Cache errors counts it', async ({
  sandbox,
  api,
}) => {
  await sandbox.open('?pattern=write-behind');
  await api.write('B', 1, { plan: 'team' });
  await api.stepActor('B');
  await api.stepActor('B');
  await api.stepActor('B');
  await api.redis(`RPUSH write-behind:queue garbage '{"id":2}'`);
  const told = sandbox.page.getByTestId('narration.step');
  // B's last step, the flusher's wait, then its LPOP.
  await api.step(3);
  await expect(told).toContainText(
    "Step 6: The cache's flusher sends LPOP write-behind:queue 50: ",
  );
  await expect(told).toContainText(
    '3 items taken from the queue. Of those, 2 are corrupt entries, no write as the application queues it (the note says why): the flusher logs and skips them, and the other is a write it writes to the database. Cache errors counts this LPOP once: a reply the cache layer could not use, as a corrupt cached row is for a GET.',
  );
  await expect(sandbox.stat('Cache errors')).toContainText('1');
  // The log tells the flusher's lines from B's write, both the cache layer's: Show: flusher
  // keeps its LPOP, with the note on it, and none of B's.
  await sandbox.page
    .getByRole('combobox', { name: 'Show' })
    .selectOption({ label: "flusher (the cache layer's own job)" });
  const lines = sandbox.logLines.getByRole('listitem');
  await expect(lines).toHaveCount(1);
  await expect(lines).toContainText('"LPOP" "write-behind:queue"');
  await expect(lines).toContainText("the cache's flusher");
  await expect(lines).toContainText('Corrupt entries in write-behind:queue');
  await sandbox.page
    .getByRole('combobox', { name: 'Show' })
    .selectOption({ label: "B (with the cache layer's for B)" });
  await expect(lines.filter({ hasText: 'LPOP' })).toHaveCount(0);
  await expect(lines.filter({ hasText: '"RPUSH" "write-behind:queue"' })).toContainText('for B');
});

test('write-behind: a console UPDATE of the row before the flush leaves the write not consistent, its copy STALE', async ({
  sandbox,
  api,
}) => {
  await sandbox.open('?pattern=write-behind');
  await api.write('A', 1, { plan: 'pro' });
  // GET, SELECT, SET, RPUSH: acknowledged, its copy (version 2) in the cache.
  for (let i = 0; i < 4; i++) await api.stepActor('A');
  await expect(sandbox.stat('Writes consistent').getByRole('definition')).toHaveText(
    '1 pending, not in the database yet',
  );
  await api.sql("UPDATE users SET name = 'x' WHERE id = 1");
  // The flusher's wait, its LPOP, its UPDATE: the row is version 3, the cache keeps version 2.
  for (let i = 0; i < 3; i++) await api.stepActor('flusher');
  await expect(sandbox.stat('Writes flushed')).toContainText('1');
  await expect(sandbox.redisKey('user:1').getByText('STALE')).toBeVisible();
  // It said "1 of 1 within 60 s" beside that STALE entry; a DEL within its 60 s may still help.
  await expect(sandbox.stat('Writes consistent').getByRole('definition')).toHaveText(
    '0 of 1 within 60 s so far; 1 not consistent yet, with time left',
  );
  // A console DEL of that copy leaves nothing older in the cache: consistent from then on (it
  // stayed "0 of 1" until a reader refilled the key), and the hint says why a DEL only helps.
  await sandbox.runRedis('DEL user:1');
  await expect(sandbox.stat('Writes consistent').getByRole('definition')).toHaveText(
    '1 of 1 within 60 s',
  );
  await expect(sandbox.stat('Writes consistent')).toHaveAttribute(
    'title',
    /a DEL leaves the cache holding nothing older, so it can make a write consistent, never undo one/,
  );
  // A copy typed by hand with the row's version and other fields is no write's row.
  await sandbox.runRedis(
    `SET user:1 '{"id":1,"name":"typed","email":"e","plan":"free","version":3,"updated_at":0}'`,
  );
  await expect(sandbox.redisKey('user:1').getByText('STALE')).toBeVisible();
  await expect(sandbox.stat('Writes consistent').getByRole('definition')).toHaveText(
    '0 of 1 within 60 s so far; 1 not consistent yet, with time left',
  );
});

test('write-behind: of two equal queued entries a console RPOP takes the newer write, and the note names it', async ({
  sandbox,
  api,
}) => {
  await sandbox.open('?pattern=write-behind');
  await api.write('A', 1, { name: 'y' });
  for (let i = 0; i < 4; i++) await api.stepActor('A');
  await api.advanceClock(20_000);
  await api.write('B', 1, { name: 'y' });
  for (let i = 0; i < 3; i++) await api.stepActor('B');
  await expect(sandbox.stat('Writes waiting')).toContainText('2');
  await sandbox.runRedis('RPOP write-behind:queue');
  await expect(sandbox.stat('Writes lost')).toContainText('1');
  await expect(sandbox.page.getByTestId('narration.note')).toContainText(
    /acknowledged \(user 1's, queued at 20\.0035 s\): it never reaches the database/,
  );
  // A's entry is flushed about 21 s after A's acknowledgement; B, 20 s newer, is the one lost.
  for (let i = 0; i < 3; i++) await api.stepActor('flusher');
  await expect(sandbox.stat('Writes flushed')).toContainText('1');
  await expect(sandbox.stat('Writes consistent')).toHaveAttribute(
    'title',
    /So far: 0 within 1 s, 0 within 10 s, 1 within 60 s, of 2 judged; 1 lost before the database had it, never consistent\./,
  );
});
