import { expect, test } from './fixtures';

// A reply the application cannot use is told by what it was: Redis refusing a write for memory,
// a key of another type, a value that is not a row. Never as Redis being unreachable, or (nil).
test.describe('the step narration tells a failed or unusable reply by why', () => {
  test('a fill refused for memory: reachable, out of memory under noeviction, one full stop', async ({
    sandbox,
  }) => {
    await sandbox.open('?scenario=only-what-is-asked&maxkeys=1');
    await sandbox.step(2);
    await expect(sandbox.logLines).toContainText('(error) OOM command not allowed');
    await expect(sandbox.narration).toContainText(
      "(error) OOM command not allowed when used memory > 'maxmemory'. Redis is reachable, but refused the write: it is out of memory",
    );
    await expect(sandbox.narration).toContainText('noeviction');
    await expect(sandbox.narration).toContainText(
      "B's read returns the row it read from the database, and nothing is cached.",
    );
    await expect(sandbox.narration).not.toContainText('cannot be reached');
    await expect(sandbox.narration).not.toContainText("'maxmemory'..");
  });

  test('a GET of a hash: WRONGTYPE, told as the note tells it', async ({ sandbox }) => {
    await sandbox.open('?scenario=cold-read&step=3');
    for (const line of ['DEL user:123', 'HSET user:123 plan pro']) {
      await sandbox.redisConsole.fill(line);
      await sandbox.redisConsole.press('Enter');
    }
    await expect(sandbox.redisOutput.getByRole('listitem')).toHaveCount(2);
    const misses = sandbox.stat('Misses').getByRole('definition');
    const missesBefore = Number(await misses.textContent());
    await sandbox.step();
    await expect(sandbox.page.getByTestId('narration.note')).toContainText('(WRONGTYPE');
    await expect(sandbox.narration).toContainText('(error) WRONGTYPE');
    await expect(sandbox.narration).toContainText(
      'Redis is reachable, but refused the command: user:123 holds a value of another type',
    );
    // A miss and a cache error, as the narration says (until 2026-12-07 neither hit nor miss).
    await expect(sandbox.narration).toContainText('(a corrupt entry), so it counts as a miss');
    await expect(misses).toHaveText(String(missesBefore + 1));
    await expect(sandbox.narration).not.toContainText('cannot be reached');
    await sandbox.step();
    await expect(sandbox.narration).toContainText(
      'A sends DEL user:123: (integer) 1, removed user:123, which held a hash, not a cached row.',
    );
  });

  test('a GET of a value that is not a row: a corrupt entry counted as a miss, not (nil)', async ({
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-set&step=5');
    await sandbox.redisConsole.fill('SET user:123 notjson');
    await sandbox.redisConsole.press('Enter');
    await expect(sandbox.redisOutput.getByRole('listitem')).toHaveCount(1);
    await sandbox.step();
    await expect(sandbox.logLines).toContainText(/"GET" "user:123"\s*→ "notjson"/);
    await expect(sandbox.narration).toContainText(
      `A sends GET user:123: "notjson", a value that is not user:123's row as the application writes it: a corrupt entry. It counts as a miss: the read deletes it next, reads the database and fills the key as its miss path does.`,
    );
    await expect(sandbox.narration).not.toContainText('(nil)');
  });
  // Under versioned fills the writer's script replaces any string it reads no newer version in,
  // and fails with WRONGTYPE on a hash, as a real Redis 7 does: told by what the key held.
  for (const [line, told] of [
    [
      'SET user:1 hello',
      'user:1 held "hello", which is no copy of the row: the script reads no version in it, and replaces any such value, so a tombstone of version 2 now stands in user:1 in its place',
    ],
    [
      'HSET user:1 f v',
      "Redis is reachable, but user:1 holds a hash, not a string, and the script's first call, redis.call('GET', KEYS[1]), fails on it with WRONGTYPE, as it does on a real Redis 7: the error ends the script before its SET, so no tombstone is set and the hash stays.",
    ],
  ])
    test(`a writer's versioned invalidation after ${line}: told by what the key held`, async ({
      sandbox,
    }) => {
      await sandbox.open('?mitigation=versioned-fill');
      await sandbox.redisConsole.fill(line);
      await sandbox.redisConsole.press('Enter');
      await expect(sandbox.redisOutput.getByRole('listitem')).toHaveCount(1);
      await sandbox.page.evaluate(async () => {
        const api = window.cacheAside!;
        await api.write('B', 1, { plan: 'team' });
        await api.stepActor('B');
        await api.stepActor('B');
      });
      await expect(sandbox.sequenceDiagram.getByTestId('sequence.row').last()).toContainText(
        'EVAL INVALIDATE_IF_OLDER 1 user:1',
      );
      const narration = sandbox.page.getByTestId('narration.step');
      await expect(narration).toContainText(told);
      await expect(narration).not.toContainText('older copy');
      await expect(narration).not.toContainText('a copy of the row cached before this write');
    });
});
