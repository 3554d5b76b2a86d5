import type { Page } from '@playwright/test';
import { encodeRun } from '../src/store/linkRun';
import { expect, openSandbox, test } from './fixtures';

// Each tries to run script if it is ever written into the page as markup or a URL.
const HOSTILE = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `"><svg/onload="window.__pwned='svg'">`,
  `javascript:window.__pwned='href'`,
  `{{constructor.constructor('window.__pwned=1')()}}`,
];
const ALL = HOSTILE.join(' ');
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

declare global {
  interface Window {
    __pwned?: unknown;
    __violations?: string[];
  }
}

/**
 * Before any page script of the next loads: record every CSP violation, and refuse dialogs. Added
 * through the DevTools protocol so it can be taken off again: the page is the worker's shared
 * one, and the next test gets it without the recorder.
 */
async function watch(page: Page): Promise<{ dialogs: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  const { identifier } = await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
    source: `(${recordViolations.toString()})()`,
  });
  watchers.set(page, async () => {
    await cdp.send('Page.removeScriptToEvaluateOnNewDocument', { identifier });
    await cdp.detach();
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { dialogs };
}

function recordViolations(): void {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
  );
}

const watchers = new Map<Page, () => Promise<void>>();

async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  const seen = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    violations: window.__violations ?? null,
  }));
  expect(seen).toEqual({ pwned: null, violations: [] });
  expect(dialogs).toEqual([]);
}

test.describe('Content-Security-Policy and hostile input', () => {
  test.afterEach(async ({ page }) => {
    await watchers.get(page)?.();
    watchers.delete(page);
  });

  test('the policy is in force: an injected inline script is blocked and reported', async ({
    page,
    consoleErrors,
  }) => {
    await watch(page);
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(meta).not.toContain('unsafe-inline');
    await expect(page.getByRole('button', { name: 'Reset', exact: true })).toBeEnabled();
    const pwned = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = "window.__pwned = 'injected'";
      document.body.append(s);
      return window.__pwned ?? null;
    });
    expect(pwned).toBeNull();
    // Both the meta element's policy and the server's header refuse it.
    await expect
      .poll(() => page.evaluate(() => window.__violations!.map((v) => v.split(' ')[0])))
      .toEqual(['script-src-elem', 'script-src-elem']);
    // The blocked script is reported on the console, and that is all the console says.
    expect(consoleErrors.length).toBeGreaterThan(0);
    for (const error of consoleErrors.splice(0)) expect(error).toContain('Content Security Policy');
  });

  test('URL parameters, a link run, both consoles and the API run no script', async ({
    page,
    sandbox,
  }) => {
    const { dialogs } = await watch(page);
    const bad = encodeURIComponent(ALL);
    await openSandbox(
      page,
      `?scenario=${bad}&seed=${bad}&policy=${bad}&mitigation=${bad}&ttl=${bad}&eviction=${bad}&scheduler=${bad}`,
    );
    await expect(page.getByRole('alert').first()).toContainText(
      'link settings were not used as given',
    );

    const run = encodeRun([
      { type: 'redis', line: `SET ${JSON.stringify(ALL)} ${JSON.stringify(ALL)}` },
      { type: 'sql', statement: `UPDATE users SET name = ${sqlText(ALL)} WHERE id = 5` },
      { type: 'read', actor: 'A', id: 5 },
      { type: 'press' },
      { type: 'press' },
      { type: 'press' },
      { type: 'write', actor: 'B', id: 5, changes: { plan: HOSTILE[0], email: HOSTILE[2] } },
      { type: 'press' },
      { type: 'redis', line: HOSTILE[1] },
      { type: 'sql', statement: HOSTILE[0] },
    ]);
    await page.goto('about:blank');
    await openSandbox(page, `?run=${run}`);
    // The values are shown, as text, in every panel.
    await expect(page.getByTestId('db.row.5')).toContainText(HOSTILE[0]);
    await expect(page.getByRole('region', { name: 'Log' })).toContainText('onerror');

    const redis = sandbox.redisConsole;
    for (const line of [`SET k ${JSON.stringify(HOSTILE[1])}`, 'KEYS *', 'GET k', HOSTILE[2]]) {
      await redis.fill(line);
      await redis.press('Enter');
    }
    const sql = sandbox.sqlConsole;
    for (const line of [
      `SELECT ${sqlText(HOSTILE[0])} AS "${HOSTILE[2].replace(/"/g, '""')}"`,
      `SELECT * FROM users WHERE id = 5`,
      HOSTILE[3],
    ]) {
      await sql.fill(line);
      await sql.press('Enter');
    }
    await expect(sandbox.sqlOutput).toContainText('javascript:');
    const refusals = await page.evaluate(async (all) => {
      const api = window.cacheAside!;
      const calls = [
        () => api.write('A', 7, { name: all }),
        () => api.step(4),
        () => api.read('B', all),
        () => api.write('A', 7, { [all]: all } as never),
        () => api.configure({ writePolicy: all as never }),
        () => api.redis(`SET h ${JSON.stringify(all)} GET`),
        () => api.sql(all),
      ];
      const out: string[] = [];
      for (const call of calls)
        await call().catch((e: unknown) => out.push(e instanceof Error ? e.message : String(e)));
      return out;
    }, ALL);
    // Refused with a message (that may quote the input, as text), never run.
    expect(refusals.length).toBeGreaterThan(0);
    await expect(page.getByTestId('db.row.7')).toContainText(HOSTILE[1]);
    await expectNothingRan(page, dialogs);
  });

  test('the lab: hostile imports and a run with charts run no script', async ({ page }) => {
    const { dialogs } = await watch(page);
    await page.goto('/#/lab');
    await expect(page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
    const input = page.getByLabel('Import config (JSON)');
    await input.setInputFiles({
      name: `${HOSTILE[0]}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ttl: ALL, writePolicy: ALL, [ALL]: ALL })),
    });
    await expect(page.getByRole('alert')).toContainText('Could not import');
    await input.setInputFiles({
      name: 'not-json.json',
      mimeType: 'application/json',
      buffer: Buffer.from(ALL),
    });
    await expect(page.getByRole('alert')).toContainText('not valid JSON');
    await page.getByRole('textbox', { name: 'Requests', exact: true }).fill('3000');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Run' }).getByRole('status')).toContainText(
      'Finished:',
      { timeout: 60_000 },
    );
    await expect(page.locator('.recharts-line').first()).toBeVisible();
    await expectNothingRan(page, dialogs);
  });
  test('the code editor: select all and type replaces the text with no CSP violation', async ({
    page,
    sandbox,
  }) => {
    const { dialogs } = await watch(page);
    await page.goto('about:blank');
    await sandbox.open();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    const editor = page.getByRole('textbox', { name: 'Your read path (JavaScript)' });
    await expect(page.locator('.cm-editor').first()).toBeVisible();
    await editor.click();
    const starter = await editor.innerText();
    // Chromium's own editing of a contenteditable wraps the text that replaces a whole
    // selection in a span with a style attribute, which style-src refuses.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('x');
    await expect(editor).toHaveText('x');
    // Undo gives the code back.
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => editor.innerText()).toBe(starter);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('function* read(id, ctx) {}');
    await expect(editor).toHaveText('function* read(id, ctx) {}');
    await expectNothingRan(page, dialogs);
  });
});
