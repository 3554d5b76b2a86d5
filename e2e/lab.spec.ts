import { execFileSync } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import type { WorkloadConfig, WorkloadSummary } from '../src/engine/workload';
import type { CacheAsideLabApi } from '../src/lab/labApi';
import { expect, test } from './fixtures';

async function openLab(page: Page, query = ''): Promise<void> {
  await page.goto(`/#/lab${query}`);
  await expect(page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
  await page.waitForFunction(() => window.cacheAside?.lab !== undefined);
}

const field = (page: Page, name: string): Locator =>
  page.getByRole('textbox', { name, exact: true });
const runButton = (page: Page): Locator => page.getByRole('button', { name: 'Run', exact: true });
const status = (page: Page): Locator =>
  page.getByRole('region', { name: 'Run' }).getByRole('status');
const summaryValue = (page: Page, row: string): Locator =>
  page
    .getByRole('table', { name: 'Run summary' })
    .getByRole('row', { name: new RegExp(`^${row.replace(/[()]/g, '\\$&')}`) })
    .getByRole('cell');
const percent = async (cell: Locator): Promise<number> =>
  Number(/([\d.]+)%/.exec((await cell.textContent()) ?? '')?.[1]);

/** Runs the lab's automation API in the page. */
function labRun(page: Page, config: Partial<WorkloadConfig>): Promise<WorkloadSummary> {
  return page.evaluate(
    (c) => (window.cacheAside?.lab as CacheAsideLabApi).run(c),
    config as Record<string, unknown>,
  );
}

async function runFromControls(page: Page, settings: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(settings)) await field(page, name).fill(value);
  await runButton(page).click();
  await expect(status(page)).toContainText('Finished:', { timeout: 60_000 });
  await chartsSettled(page);
}

/** Each chart redraws on its own schedule; this waits until all show the latest data. */
async function chartsSettled(page: Page): Promise<void> {
  await expect(page.locator('.lab-charts [aria-busy="true"]')).toHaveCount(0);
}

test('a run streams into the charts and ends with the CLI summary', async ({ page }) => {
  await openLab(page);
  await runFromControls(page, { Requests: '20000', 'TTL (s)': '30' });
  await expect(status(page)).toContainText('Finished: 20,000 requests');
  await expect(summaryValue(page, 'Requests')).toContainText('20,000');
  for (const title of [
    'Hit rate over time',
    'Requests vs database load',
    'Request latency',
    'Stale reads',
    'Keys cached vs rows',
  ])
    await expect(
      page.getByRole('figure', { name: title }).locator('.recharts-line').first(),
    ).toBeVisible();
  // The URL now carries the settings: a link to it reproduces the run.
  await expect(page).toHaveURL(/#\/lab\?requests=20000&ttl=30$/);
});

test('Stop ends a long run at once and keeps what ran', async ({ page }) => {
  await openLab(page);
  await field(page, 'Requests').fill('5000000');
  await field(page, 'Request rate (req/s)').fill('100000');
  await runButton(page).click();
  const progress = page.getByRole('progressbar', { name: 'Run progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/[1-9][\d,]* of 5,000,000 requests/)).toBeVisible();
  await expect(page.getByText(/about \d+ (s|min)/)).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status(page)).toContainText('Stopped:', { timeout: 2_000 });
  await expect(progress).toBeHidden();
  await expect(summaryValue(page, 'Requests')).toContainText('stopped early');
  const series = await page.evaluate(() => (window.cacheAside?.lab as CacheAsideLabApi).series());
  expect(series.length).toBeGreaterThan(0);
  await expect(
    page.getByRole('figure', { name: 'Hit rate over time' }).locator('.recharts-line').first(),
  ).toBeVisible();
});

test('out-of-range settings are refused with a message and the last run stays', async ({
  page,
}) => {
  await openLab(page);
  await runFromControls(page, { Requests: '10000' });
  await field(page, 'Keys (rows)').fill('0');
  await field(page, 'Zipf alpha').fill('abc');
  await field(page, 'Run length (s)').fill('5');
  await runButton(page).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Run refused: 3 settings are out of range');
  await expect(alert).toContainText('keys must be an integer from 1 to 1000000, got "0"');
  await expect(alert).toContainText('zipf must be a number from 0 to 5');
  await expect(alert).toContainText('run length');
  await expect(field(page, 'Keys (rows)')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'Keys (rows)')).toHaveAccessibleDescription(/keys must be an integer/);
  // The last good run is still on screen.
  await expect(summaryValue(page, 'Requests')).toContainText('10,000');
  // The automation API refuses the same way.
  const error = await page.evaluate(() =>
    (window.cacheAside?.lab as CacheAsideLabApi).run({ ttl: -1 }).then(
      () => 'resolved',
      (e: Error) => e.message,
    ),
  );
  expect(error).toContain('ttl must be a number from 0 to 31536000');
});

test('a comparison overlays configurations and tabulates them', async ({ page }) => {
  await openLab(page);
  await field(page, 'Requests').fill('10000');
  const add = page.getByRole('button', { name: 'Add current settings to comparison' });
  await add.click();
  await expect(status(page)).toContainText('Configuration A added');
  await field(page, 'TTL (s)').fill('1');
  await add.click();
  await expect(status(page)).toContainText('Configuration B added');
  const table = page.getByRole('table', { name: 'Comparison summary' });
  await expect(table.getByRole('row')).toHaveCount(3);
  const rowA = table.getByRole('row', { name: /^A/ });
  const rowB = table.getByRole('row', { name: /^B/ });
  await expect(rowA).toContainText('baseline');
  await expect(rowB).toContainText('ttl 1');
  expect(await percent(rowB.getByRole('cell').nth(1))).toBeLessThan(
    await percent(rowA.getByRole('cell').nth(1)),
  );
  const overlay = page.getByRole('figure', { name: 'Compared: Cumulative hit rate' });
  await expect(overlay.locator('.recharts-line')).toHaveCount(2);
  await page
    .getByRole('combobox', { name: 'Overlay metric' })
    .selectOption({ label: 'DB reads per second' });
  await expect(page.getByRole('figure', { name: 'Compared: DB reads per second' })).toBeVisible();
  await page.getByRole('button', { name: 'Remove configuration A' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
});

test('a TTL sweep plots hit rate and stale reads against TTL', async ({ page }) => {
  await openLab(page);
  await field(page, 'Requests').fill('30000');
  await page.getByRole('textbox', { name: 'TTLs to sweep (s)' }).fill('1, 5, 30');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(status(page)).toContainText('Sweep finished: 3 TTLs.', { timeout: 60_000 });
  const rows = page.getByRole('table', { name: 'Sweep results' }).getByRole('row');
  await expect(rows).toHaveCount(4);
  const hit = async (i: number) => percent(rows.nth(i).getByRole('cell').first());
  expect(await hit(1)).toBeLessThan(await hit(2));
  expect(await hit(2)).toBeLessThan(await hit(3));
  await expect(
    page.getByRole('figure', { name: 'Hit rate and stale reads vs TTL' }).locator('.recharts-line'),
  ).toHaveCount(3);
  await page.getByRole('textbox', { name: 'TTLs to sweep (s)' }).fill('5');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByRole('alert')).toContainText('a sweep needs 2 to 12 different TTLs');
});

test('importing a config fills the controls; a bad file changes nothing', async ({ page }) => {
  await openLab(page);
  const input = page.getByLabel('Import config (JSON)');
  await input.setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ttl: 5, keys: 200, writePolicy: 'update-cache' })),
  });
  await expect(status(page)).toContainText('Imported good.json');
  await expect(field(page, 'TTL (s)')).toHaveValue('5');
  await expect(field(page, 'Keys (rows)')).toHaveValue('200');
  await expect(page.getByRole('combobox', { name: 'Write policy' })).toHaveValue('update-cache');

  await input.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ttl: -5, keys: 300 })),
  });
  await expect(page.getByRole('alert')).toContainText(
    'Could not import bad.json: ttl must be a number from 0 to 31536000, got -5. Nothing was changed.',
  );
  await expect(field(page, 'Keys (rows)')).toHaveValue('200');

  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ttl: 5'),
  });
  await expect(page.getByRole('alert')).toContainText(
    'Could not import broken.json: not valid JSON',
  );
  await expect(field(page, 'TTL (s)')).toHaveValue('5');
});

test('exported config, CSV and PNG files carry the run', async ({ page }) => {
  await openLab(page);
  await runFromControls(page, { Requests: '5000', 'TTL (s)': '7' });
  const save = async (name: string | RegExp) => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name }).click();
    const d = await download;
    return { name: d.suggestedFilename(), path: await d.path() };
  };
  const json = await save('Export config (JSON)');
  expect(json.name).toBe('cache-aside-lab-config.json');
  const { readFileSync } = await import('node:fs');
  expect(JSON.parse(readFileSync(json.path, 'utf8'))).toMatchObject({ requests: 5000, ttl: 7 });
  const csv = await save('Export series (CSV)');
  const lines = readFileSync(csv.path, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^t_ms,requests,reads,/);
  expect(lines.length).toBeGreaterThan(10);
  const png = await save('Export "Hit rate over time" as PNG');
  expect(png.name).toBe('lab-hit-rate.png');
  expect(readFileSync(png.path).subarray(1, 4).toString()).toBe('PNG');
});

test('scheduled faults are shaded on every chart and show in the run', async ({ page }) => {
  await openLab(page);
  await field(page, 'Requests').fill('20000');
  await field(page, 'Starts at (s)').fill('5');
  await field(page, 'Lasts (s)').fill('3');
  await page.getByRole('button', { name: 'Add fault' }).click();
  await expect(page.getByRole('list', { name: 'Scheduled faults' })).toContainText(
    'Cache down from 5 s for 3 s',
  );
  await runButton(page).click();
  await expect(status(page)).toContainText('Finished:', { timeout: 60_000 });
  await expect(page.locator('.lab-charts .recharts-reference-area')).toHaveCount(5);
  await expect(summaryValue(page, 'Cache errors')).not.toHaveText('0');
});

test('window.cacheAside.lab.run resolves to the summary the CLI prints', async ({ page }) => {
  const config = { requests: 4000, keys: 200, seed: 7, ttl: 3, zipf: 1.1 };
  const cli = execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/sim.ts',
      '--json',
      '--requests',
      '4000',
      '--keys',
      '200',
      '--seed',
      '7',
      '--ttl',
      '3',
      '--zipf',
      '1.1',
    ],
    { encoding: 'utf8' },
  );
  const expected = JSON.parse(cli.trim().split('\n').at(-1) as string) as WorkloadSummary;
  await openLab(page);
  const summary = await labRun(page, config);
  expect(summary).toEqual(expected);
  await expect(field(page, 'Seed')).toHaveValue('7');
  await expect(summaryValue(page, 'Requests')).toContainText('4,000');
  const series = await page.evaluate(() => (window.cacheAside?.lab as CacheAsideLabApi).series());
  expect(series.reduce((n, b) => n + b.requests, 0)).toBe(4000);
});

test('a lab link reproduces its run', async ({ page }) => {
  await openLab(page, '?requests=3000&keys=50&ttl=2&seed=3');
  await expect(status(page)).toContainText('Finished: 3,000 requests');
  const shown = await summaryValue(page, 'Hit rate (measured)').textContent();
  const summary = await labRun(page, { requests: 3000, keys: 50, ttl: 2, seed: 3 });
  expect(shown).toBe(`${(summary.hitRate * 100).toFixed(2)}%`);
});

test('the analytic line agrees with the measured hit rate on a uniform workload', async ({
  page,
}) => {
  // 100 keys read uniformly at 1 req/s each with a 10 s TTL: lambda*T/(1+lambda*T) = 10/11.
  await openLab(page);
  await runFromControls(page, {
    Requests: '30000',
    'Keys (rows)': '100',
    'Zipf alpha': '0',
    'Read ratio': '1',
    'Request rate (req/s)': '100',
    'TTL (s)': '10',
  });
  const measured = await percent(summaryValue(page, 'Hit rate (measured)'));
  const analytic = await percent(summaryValue(page, 'Hit rate (analytic'));
  expect(analytic).toBeCloseTo((10 / 11) * 100, 1);
  expect(Math.abs(measured - analytic)).toBeLessThan(1);
});

test('every control is labelled and the keyboard reaches Run', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLab(page);
  const controls = page.locator('.lab-page').locator('input, select, button');
  const n = await controls.count();
  expect(n).toBeGreaterThan(20);
  for (let i = 0; i < n; i++) await expect(controls.nth(i)).toHaveAccessibleName(/\S/);
  // Tab from the first setting through the sidebar to the Run button, then run from the keyboard.
  await field(page, 'Requests').fill('2000');
  const seen: string[] = [];
  for (let i = 0; i < 40 && !seen.includes('Run'); i++) {
    await page.keyboard.press('Tab');
    seen.push(
      await page.evaluate(
        () =>
          document.activeElement?.textContent?.trim() ||
          (document.activeElement as HTMLInputElement | null)?.id ||
          '',
      ),
    );
  }
  expect(seen).toContain('Run');
  await page.keyboard.press('Enter');
  await expect(status(page)).toContainText('Finished: 2,000 requests');
});

test('the lab and its charts load only when the lab is opened', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeEnabled();
  expect(requested.filter((p) => /LabPage|labWorker/.test(p))).toEqual([]);
  await page.getByRole('link', { name: 'Workload lab' }).click();
  await expect(page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
  expect(requested.some((p) => /LabPage/.test(p))).toBe(true);
  // The worker (engine, sql.js) comes with the first run.
  expect(requested.filter((p) => /labWorker/.test(p))).toEqual([]);
});
