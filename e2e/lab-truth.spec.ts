import type { Locator } from '@playwright/test';
import type { CacheAsideLabApi } from '../src/lab/labApi';
import { expect, test } from './fixtures';

test('a full cache’s errors are named for what they are, not as reads sent to the database', async ({
  lab,
}) => {
  await lab.open('?maxKeys=50&requests=2000');
  await lab.statusSays('Finished: 2,000 requests');
  // noeviction, the default: each error was Redis refusing a fill for memory, said as such.
  await expect(lab.status).toContainText('cache errors (all OOM refusals: ');
  // Redis answered every GET: no read is said to have gone to the database for want of one.
  await expect(lab.status).not.toContainText('got no answer to a GET');
});

test('a run with no reads says it has no hit rate, not 0%', async ({ lab }) => {
  await lab.open('?readRatio=0&requests=2000');
  await expect(lab.status).toHaveText('Finished: 2,000 requests, no GETs, so no hit rate.');
  await expect(lab.summaryValue('Hit rate (measured)')).toHaveText('no GETs, so no hit rate');
  await expect(lab.chart('Hit rate over time')).toContainText(
    'No hit rate to draw: Redis answered no GET in this run',
  );
});

test('a run in which no request finished says its latency chart has nothing to draw', async ({
  lab,
  api,
}) => {
  await lab.open('?requests=5&rate=0.001&durationSeconds=10');
  await expect(lab.status).toHaveText('Finished: 0 requests, no GETs, so no hit rate.');
  await expect(lab.summaryValue('Latency p50 / p99')).toHaveText('none: no request finished');
  await expect(lab.chart('Request latency')).toContainText(
    'No latency to draw: no request finished in this run.',
  );
  await api.lab.run({ requests: 2000 });
  await lab.chartsSettled();
  await expect(lab.chart('Request latency')).not.toContainText('No latency to draw');
});

test('a window in which no request finished has no latency, and a lone window with one is drawn', async ({
  lab,
  page,
  api,
}) => {
  await lab.open();
  // 8 requests over 16 s of 100 ms windows: most windows are quiet.
  await api.lab.run({ requests: 8, rate: 0.5, keys: 5, durationSeconds: 20 });
  await lab.chartsSettled();
  const series = await page.evaluate(() =>
    (window.cacheAside as unknown as { lab: CacheAsideLabApi }).lab.series(),
  );
  const quiet = series.filter((b) => b.requests === 0 && b.latencyP50Ms === null);
  expect(quiet.length).toBeGreaterThan(100);
  expect(series.filter((b) => b.latencyP50Ms === 0)).toEqual([]);
  const has = (i: number): boolean => series[i]?.latencyP50Ms != null;
  const lone = series.filter((_, i) => has(i) && !has(i - 1) && !has(i + 1)).length;
  expect(lone).toBeGreaterThan(0);
  // A line needs two points: each lone window is a dot on both the p50 and the p99 line.
  await expect(lab.chart('Request latency').locator('.recharts-line-dots circle')).toHaveCount(
    2 * lone,
  );
});

test('the comparison overlay draws a lone window as a dot too', async ({ lab, page }) => {
  // The same sparse run as above, added to the comparison: its p99 line has lone windows.
  await lab.open('?requests=8&rate=0.5&keys=5&durationSeconds=20');
  await expect(lab.status).toContainText(/Finished: \d requests/);
  const series = await page.evaluate(() =>
    (window.cacheAside as unknown as { lab: CacheAsideLabApi }).lab.series(),
  );
  const has = (i: number): boolean => series[i]?.latencyP99Ms != null;
  const lone = series.filter((_, i) => has(i) && !has(i - 1) && !has(i + 1)).length;
  expect(lone).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Add current settings to comparison' }).click();
  await lab.statusSays('Configuration A added');
  await page.getByLabel('Overlay metric').selectOption({ label: 'p99 latency' });
  await expect(
    lab.chart('Compared: p99 latency').locator('.recharts-line-dots circle'),
  ).toHaveCount(lone);
});

test('a run with no reads has no stale-read rate: summary, comparison, sweep and API', async ({
  lab,
  page,
  api,
}) => {
  await lab.open('?readRatio=0&requests=2000');
  await lab.statusSays('Finished: 2,000 requests');
  await expect(lab.summaryValue('Stale reads')).toHaveText('0 (no reads, so no stale-read rate)');
  await page.getByRole('button', { name: 'Add current settings to comparison' }).click();
  await expect(
    page.getByRole('table', { name: 'Comparison summary' }).getByRole('row', { name: /^A/ }),
  ).toContainText('0 (no reads, so no stale-read rate)');
  await page.getByRole('textbox', { name: 'TTLs to sweep (s)' }).fill('1, 5');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await lab.statusSays('Sweep finished: 2 TTLs.');
  const sweepRows = page.getByRole('table', { name: 'Sweep results' }).getByRole('row');
  // Cells: hit rate, analytic, stale-read rate, where the model does not hold.
  await expect(sweepRows.nth(1).getByRole('cell').nth(2)).toHaveText('none: no reads');
  await expect(sweepRows.nth(2).getByRole('cell').nth(2)).toHaveText('none: no reads');
  const summary = await api.lab.run({ readRatio: 0, requests: 500 });
  expect(summary).toMatchObject({ reads: 0, staleReads: 0, staleReadRate: null });
});

test('a script that edits what the API handed it changes nothing on the page', async ({
  lab,
  page,
  api,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await lab.open();
  await page.evaluate(async () => {
    const lab = (window.cacheAside as unknown as { lab: CacheAsideLabApi }).lab;
    const s = await lab.run({ seed: 3, requests: 2000 });
    s.hitRate = 0.123;
    s.staleReads = 999_999;
    delete (s as Partial<typeof s>).config;
    lab.series().length = 0;
  });
  await lab.field('Requests').fill('3000');
  await expect(lab.summaryValue('Requests')).toContainText('2,000');
  const summary = page.getByRole('table', { name: 'Run summary' });
  await expect(summary).not.toContainText('12.30%');
  await expect(summary).not.toContainText('999,999');
  expect(await api.lab.series()).not.toHaveLength(0);
  expect(errors).toEqual([]);
});

test('the URL carries the settings on screen after the nav link brings you back', async ({
  lab,
  sandbox,
  page,
}) => {
  await lab.open('?requests=2000&ttl=30&writePolicy=delete-first');
  await lab.statusSays('Finished: 2,000 requests');
  await lab.goToSandbox();
  await sandbox.goToLab();
  await expect(lab.field('TTL (s)')).toHaveValue('30');
  await expect(page).toHaveURL(/#\/lab\?requests=2000&ttl=30&writePolicy=delete-first$/);
});

test('the fault form refuses an outage of 0 s and one that ends after 24 h', async ({
  lab,
  page,
}) => {
  await lab.open();
  const faults = page.getByRole('group', { name: 'Faults' });
  await faults.getByLabel('Starts at (s)').fill('10');
  await faults.getByLabel('Lasts (s)').fill('0');
  await faults.getByRole('button', { name: 'Add fault' }).click();
  await expect(faults.getByRole('alert')).toContainText(
    'Lasts (s) must be a number above 0 and at most 86,400',
  );
  // The field refused is marked, described by the refusal, until its value is valid.
  await expect(faults.getByLabel('Lasts (s)')).toHaveAttribute('aria-invalid', 'true');
  await expect(faults.getByLabel('Lasts (s)')).toHaveAccessibleDescription(
    /^Lasts \(s\) must be a number above 0 and at most 86,400/,
  );
  await expect(faults.getByLabel('Starts at (s)')).not.toHaveAttribute('aria-invalid');
  await faults.getByLabel('Lasts (s)').fill('5');
  await expect(faults.getByLabel('Lasts (s)')).not.toHaveAttribute('aria-invalid');
  await expect(faults.getByRole('alert')).toHaveCount(0);
  await faults.getByLabel('Starts at (s)').fill('86399');
  await faults.getByLabel('Lasts (s)').fill('100');
  await faults.getByRole('button', { name: 'Add fault' }).click();
  await expect(faults.getByRole('alert')).toContainText(
    'Lasts (s) must be at most 1 for a fault starting at 86,399 s',
  );
  // A slow-down factor out of range is named as its field is labelled.
  await faults.getByLabel('Fault', { exact: true }).selectOption('db-slow');
  await faults.getByLabel('Starts at (s)').fill('10');
  await faults.getByLabel('Lasts (s)').fill('5');
  await faults.getByLabel('Slower by (×)').fill('0');
  await faults.getByRole('button', { name: 'Add fault' }).click();
  await expect(faults.getByRole('alert')).toContainText(
    'Slower by (×) must be a number from 1 to 1,000, got "0"',
  );
  await expect(page.getByText('No faults scheduled.')).toBeVisible();
});

test('an axis tick is labelled with its own value, not rounded to another', async ({
  lab,
  page,
}) => {
  // One key: the keys axis runs 0 to 1 in quarters, which one decimal wrote 0.3 and 0.8.
  await lab.open('?keys=1&requests=10');
  await lab.statusSays('Finished: 10 requests');
  const keys = lab.chart('Keys in Redis vs rows');
  await keys.scrollIntoViewIfNeeded();
  const ticks = (axis: Locator) => axis.locator('.recharts-cartesian-axis-tick-value');
  await expect(ticks(keys.locator('.recharts-yAxis-tick-labels').first())).toHaveText([
    '0',
    '0.25',
    '0.5',
    '0.75',
    '1',
  ]);
  // The sweep's ticks are the TTLs swept, each written as it was given.
  await page.getByRole('textbox', { name: 'TTLs to sweep (s)' }).fill('0.001, 0.004, 1.5');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await lab.statusSays('Sweep finished: 3 TTLs.');
  const sweep = lab.chart('Hit rate and stale reads vs TTL');
  await sweep.scrollIntoViewIfNeeded();
  await expect(ticks(sweep.locator('.recharts-xAxis-tick-labels'))).toHaveText([
    '0.001',
    '0.004',
    '1.5',
  ]);
});
