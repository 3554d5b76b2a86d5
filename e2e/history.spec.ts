import { encodeRun } from '../src/store/linkRun';
import type { TimelineInput } from '../src/store/timeline';
import { expect, test } from './fixtures';

// Step and Back cost the same late in a run as early (issues 12.2 and 13.4): Back replays from
// the nearest checkpoint, and a Step reads back only the keys and rows it changed. Timed in the
// page, from the call to the frame that shows the result. The timings are printed always and
// asserted (under 2 s) only with PAGE_PERF=1: a budget in wall time belongs to a measurement
// on a quiet machine, not to `npm test` on a busy one (the engine's work is asserted by
// src/store/checkpoints.test.ts and src/engine/snapshotView.test.ts, which count it).
const assertTimes = process.env.PAGE_PERF === '1';

/** A link's run: reads by A of ids 1, 2, ... (misses: GET, SELECT, SET), each stepped to its end. */
function presses(n: number): string {
  const inputs: TimelineInput[] = [];
  for (let done = 0, id = 1; done < n; id++) {
    inputs.push({ type: 'read', actor: 'A', id });
    for (let i = 0; i < 3 && done < n; i++, done++) inputs.push({ type: 'press' });
  }
  return encodeRun(inputs);
}

test('500 presses, then Back answers as fast as at step 5', async ({ sandbox, api, page }) => {
  test.setTimeout(120_000);
  const timedBack = () =>
    page.evaluate(async () => {
      const started = performance.now();
      await window.cacheAside!.back();
      return Math.round(performance.now() - started);
    });
  // The presses arrive as a link (replayed through the same store path a press takes).
  await sandbox.open(`?run=${presses(5)}`);
  expect((await api.state()).step).toBe(5);
  const backAt5 = await timedBack();
  expect((await api.state()).step).toBe(4);

  await sandbox.open(`?run=${presses(500)}`);
  expect((await api.state()).step).toBe(500);
  const backAt500 = await timedBack();
  expect((await api.state()).step).toBe(499);
  console.log(`Back at step 5: ${backAt5} ms; at step 500: ${backAt500} ms (167 keys)`);
  if (assertTimes) expect(backAt500).toBeLessThan(2000);

  // The button does the same, and Step after Back goes forward again.
  await sandbox.backButton.click();
  await expect.poll(async () => (await api.state()).step).toBe(498);
  await sandbox.stepButton.click();
  await expect.poll(async () => (await api.state()).step).toBe(499);
  expect((await api.state()).cache.some((e) => e.key === 'user:166')).toBe(true);

  if (assertTimes) {
    // 500 presses on one key (too long for a link, so through the API: a measurement only): the
    // history as long, the state as small as at step 5. What Back costs beyond this above is
    // the 167 keys and rows the page shows, not the history.
    await sandbox.open();
    await page.evaluate(async () => {
      const api = window.cacheAside!;
      await api.read('A', 1);
      await api.step(3);
      for (let done = 3; done < 500; done++) {
        await api.read('A', 1);
        await api.step(1);
      }
    });
    expect((await api.state()).step).toBe(500);
    const backAt500OneKey = await timedBack();
    expect((await api.state()).cache.map((e) => e.key)).toEqual(['user:1']);
    console.log(`Back at step 500 with one key: ${backAt500OneKey} ms`);
    // The history alone costs Back nothing it can be told by (measured 25 to 43 ms here against
    // 43 to 165 ms at step 5); twice the step-5 figure leaves room for a quiet machine's noise.
    expect(backAt500OneKey).toBeLessThan(Math.max(2 * backAt5, backAt5 + 50));
  }
});

test('100,000 keys, then Step reads back only what it changed', async ({ sandbox, api, page }) => {
  // A measurement of minutes on a busy machine: e2e/large-panels.spec.ts already steps beside
  // 100,000 keys in `npm test`, and src/store/checkpoints.test.ts counts what a Step rereads.
  test.skip(!assertTimes, 'a measurement: run with PAGE_PERF=1');
  test.setTimeout(300_000);
  await sandbox.open();
  for (let batch = 0; batch < 20; batch++) {
    const pairs = Array.from({ length: 5000 }, (_, i) => `k:${batch * 5000 + i} ${i}`);
    expect(await api.redis(`MSET ${pairs.join(' ')}`)).toBe('OK');
  }
  await expect(sandbox.redisKeyCount(100_000)).toBeVisible();
  await page.evaluate(async () => {
    await window.cacheAside!.read('A', 7);
  });
  const timings: number[] = [];
  for (let i = 0; i < 3; i++)
    timings.push(
      await page.evaluate(async () => {
        const started = performance.now();
        await window.cacheAside!.step();
        return Math.round(performance.now() - started);
      }),
    );
  console.log('Step ms beside 100,000 keys', JSON.stringify(timings));
  await expect(sandbox.redisKeyCount(100_001)).toBeVisible();
  // Asked in the page: the whole state (100,001 entries) is slow to ship to the test on a busy machine.
  expect(
    await page.evaluate(async () =>
      (await window.cacheAside!.state()).cache.some((e) => e.key === 'user:7'),
    ),
  ).toBe(true);
  if (assertTimes) for (const ms of timings) expect(ms).toBeLessThan(2000);
});
