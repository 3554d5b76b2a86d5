import type { Page } from '@playwright/test';
import type { LearnerApi } from '../src/store/learnerApi';
import { expect, openSandbox, SandboxPage, test, type Remote } from './fixtures';

/** Types a line into the Redis console and waits for its reply. */
async function redisLine(page: Page, line: string, reply: string | RegExp): Promise<void> {
  const input = new SandboxPage(page).redisConsole;
  await input.fill(line);
  await input.press('Enter');
  await expect(new SandboxPage(page).redisOutput).toContainText(reply);
}

/** Starts a read of `id` as A and presses Step until A is idle. */
async function readToEnd(page: Page, id: number): Promise<void> {
  await page.getByLabel('User id').fill(String(id));
  await new SandboxPage(page).startReadButton.click();
  const step = new SandboxPage(page).stepButton;
  for (let i = 0; i < 10 && (await step.isEnabled()); i++) await step.click();
  await expect(step).toBeDisabled();
}

test.describe('whatever Redis holds, the page keeps working', () => {
  test('HSET in free play shows the hash as text and the page stays', async ({ page }) => {
    await openSandbox(page);
    await redisLine(page, 'HSET h f v', '(integer) 1');
    const key = page.getByTestId('redis.key.h');
    await expect(key).toContainText('hash');
    await expect(key).toContainText('"f": "v"');
    await redisLine(page, 'GET h', 'WRONGTYPE Operation against a key holding the wrong kind');
    await readToEnd(page, 1);
    await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeEnabled();
  });

  test('SET user:123 garbage, then a read: Step goes on and the narration and log say why', async ({
    page,
    sandbox,
  }) => {
    await openSandbox(page);
    await redisLine(page, 'SET user:123 garbage', 'OK');
    await page.getByLabel('User id').fill('123');
    await sandbox.startReadButton.click();
    await sandbox.step(2);
    // The read deletes the entry it cannot use (until 2026-12-07 it left it until its TTL).
    await expect(page.getByTestId('narration.step')).toContainText(
      'A sends DEL user:123: (integer) 1, removed user:123, which held "garbage", not a cached row. A deleted it because it could not use it (a corrupt entry)',
    );
    await expect(page.getByTestId('narration.note')).toContainText(
      'Corrupt cache entry at user:123: the value is not JSON',
    );
    await expect(sandbox.logLines).toContainText('Corrupt cache entry at user:123');
    await sandbox.step(2);
    // The refill serves the next read: one GET, a hit.
    await readToEnd(page, 123);
    const state = await page.evaluate(() => window.cacheAside!.state());
    expect(state.stats).toMatchObject({ reads: 2, hits: 1, misses: 1, cacheErrors: 1 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('a run= link carrying such a line opens and steps', async ({ page, sandbox }) => {
    await openSandbox(page);
    await redisLine(page, 'HSET user:1 f v', '(integer) 1');
    await redisLine(page, 'SADD user:2 x', '(integer) 1');
    await page.getByLabel('User id').fill('1');
    await sandbox.startReadButton.click();
    await expect(page).toHaveURL(/[?&]run=1\./);
    const link = page.url();

    await page.goto('about:blank');
    await openSandbox(page, new URL(link).search);
    await expect(page.getByText('could not start')).toHaveCount(0);
    await expect(page.getByTestId('redis.key.user:1')).toContainText('hash');
    await readToEnd(page, 2);
    const state = await page.evaluate(() => window.cacheAside!.state());
    expect(state.stats).toMatchObject({ reads: 2, cacheErrors: 2 });
  });
});

test.describe("a script's commands answer as Redis 7's do", () => {
  test('a script that moves keys it did not name shows them moved; a command the console does not run is refused in words', async ({
    sandbox,
    api,
    page,
  }) => {
    // Before, the keys panel still showed `seed` and never `moved`, and the ZADD answered
    // 'ERR map.has is not a function'.
    await sandbox.open();
    const code = `function* read(id, ctx) {
  yield redis('SET', 'seed', 'x');
  yield redis('EVAL', "redis.call('RENAME', ARGV[1], ARGV[2]) redis.call('COPY', ARGV[2], ARGV[3]) return 1", '0', 'seed', 'moved', 'copied');
  yield redis('EVAL', "return redis.call('ZADD', ARGV[1], 1, 'a')", '0', 'moved');
  return null;
}`;
    const learner = api as unknown as Remote<LearnerApi>;
    expect(await learner.setProgram('read', code)).toEqual({ ok: true });
    await api.read('A', 1);
    await api.runToEnd();
    await expect(page.getByTestId('redis.key.moved')).toBeVisible();
    await expect(page.getByTestId('redis.key.copied')).toBeVisible();
    await expect(page.getByTestId('redis.key.seed')).toHaveCount(0);
    // The log shortens a long reply; its start says what was refused and why.
    await expect(sandbox.logLines).toContainText(
      '"moved"→ (error) ERR ZADD is not supported in this sandbox: a script',
    );
    await expect(sandbox.logLines).not.toContainText('map.has');
  });
});

test.describe('a command the console does not run, typed', () => {
  test("gets Redis' own arity error first, and COMMAND is refused with Redis' count and the console's", async ({
    page,
  }) => {
    await openSandbox(page);
    // Before, each of these answered that the console does not run it.
    await redisLine(page, 'ZADD k', "(error) ERR wrong number of arguments for 'zadd' command");
    await redisLine(
      page,
      'CLIENT NOSUCH',
      "(error) ERR unknown subcommand 'NOSUCH'. Try CLIENT HELP.",
    );
    await redisLine(page, 'ZADD k 1 m', '(error) ERR ZADD is not supported in this console');
    // Before, refused: a container's HELP is Redis' own text, and the cluster commands get the
    // answer of a redis-server that is no cluster node, printed raw as redis-cli prints it.
    await redisLine(page, 'CLIENT HELP', ' 1) CLIENT <subcommand> [<arg> [value] [opt] ...]');
    await redisLine(
      page,
      'CLUSTER INFO',
      'CLUSTER INFOERR This instance has cluster support disabled',
    );
    // Before, (integer) 68: the console's own figure, answered as the server's.
    await redisLine(
      page,
      'COMMAND COUNT',
      /\(error\) ERR COMMAND COUNT is not supported in this console: Redis 7\.0 has 240 commands and this console runs 110 of them, which HELP lists/,
    );
  });
});
