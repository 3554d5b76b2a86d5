import { expect, openSandbox, test } from './fixtures';

const MAX_CLOCK_MS = 315_360_000_000;

test('the clock cannot be pushed past its limit by a link or the API; no log line shows Infinity', async ({
  page,
}) => {
  const b64 = (items: unknown) => `1.${Buffer.from(JSON.stringify(items)).toString('base64url')}`;
  await openSandbox(
    page,
    `?run=${b64([
      ['c', 1e308],
      ['R', 'SET k v'],
    ])}`,
  );
  await expect(page.getByRole('alert').first()).toContainText('action 1 is malformed');

  // Two jumps that each fit but together would pass the limit: the second is refused.
  await openSandbox(
    page,
    `?run=${b64([
      ['c', MAX_CLOCK_MS - 5],
      ['c', 10],
      ['R', 'SET k v'],
    ])}`,
  );
  await expect(page.getByRole('alert').first()).toContainText(
    `action 2 was refused (the virtual clock stops at 10 years (315,360,000,000 ms): it can move at most 5 ms more (got 10 ms))`,
  );
  const state = await page.evaluate(async () => {
    const api = window.cacheAside!;
    const refusal = await api.advanceClock(1e308).then(
      () => null,
      (e: Error) => e.message,
    );
    await api.redis('SET k v EX 10');
    return { refusal, clockMs: api.state().clockMs };
  });
  expect(state.refusal).toContain('advanceClock: ms must be a number of milliseconds from 0 to 5 ');
  expect(state.clockMs).toBe(MAX_CLOCK_MS - 5);
  await page.getByRole('button', { name: 'Advance clock +1 h' }).click();
  // Its own alert, beside the one of the link's replay, which quotes the same limit.
  await expect(
    page.getByRole('alert').filter({ hasText: /^The virtual clock stops at 10 years/ }),
  ).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Log' })).toContainText('315359999.995000');
  await expect(page.getByRole('region', { name: 'Log' })).not.toContainText(/Infinity|NaN/);
  await expect(page.getByTestId('redis.key.k')).toBeVisible();
});
