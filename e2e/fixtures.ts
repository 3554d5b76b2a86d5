import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type ConsoleMessage,
  type Locator,
  type Page,
  type ViewportSize,
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { CacheAsideLabApi } from '../src/lab/labApi';
import type { CacheAsideApi } from '../src/store/automationApi';

// Page objects for the two pages and an `api` fixture for `window.cacheAside`: each control's
// role and accessible name is written once, here. Specs use `sandbox`, `lab` and `api`.

/** The sandbox page (`/`): its controls by role and name, its panels by test id. */
export class SandboxPage {
  constructor(readonly page: Page) {}

  /** Opens the sandbox and waits until both stores are loaded and the page accepts input. */
  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await this.waitUntilReady();
  }

  async waitUntilReady(): Promise<void> {
    // The page's own word first, checked at every frame (`waitForFunction` polls on
    // requestAnimationFrame): `expect` alone, retried at 20, 50, 100, 100 and then every 500 ms,
    // saw a page that got ready 300 ms after its load a quarter of a second late, at most loads.
    await this.page.waitForFunction(() => {
      try {
        return window.cacheAside?.state() !== undefined;
      } catch {
        return false; // "the sandbox is still loading"
      }
    });
    await expect(this.resetButton).toBeEnabled();
  }

  get stepButton(): Locator {
    return this.page.getByRole('button', { name: 'Step', exact: true });
  }
  get backButton(): Locator {
    return this.page.getByRole('button', { name: 'Back' });
  }
  get resetButton(): Locator {
    return this.page.getByRole('button', { name: 'Reset', exact: true });
  }
  get playButton(): Locator {
    return this.page.getByRole('button', { name: 'Play' });
  }
  get pauseButton(): Locator {
    return this.page.getByRole('button', { name: 'Pause' });
  }
  get scrubber(): Locator {
    return this.page.getByRole('slider', { name: 'Step position' });
  }
  /** A labelled control (select or field) of the settings, request form or playback. */
  control(label: string): Locator {
    return this.page.getByLabel(label);
  }
  stepActorButton(actor: string): Locator {
    return this.page.getByRole('button', { name: `Step ${actor}` });
  }
  /** The "Step n of m" counter. */
  position(step: number, of: number): Locator {
    return this.page.getByText(`Step ${step} of ${of}`);
  }
  /** The Redis panel's heading with its key count. */
  redisKeyCount(count: number): Locator {
    return this.page.getByText(`Redis keys (${count.toLocaleString('en-US')})`);
  }
  get redisPanel(): Locator {
    return this.page.getByRole('region', { name: 'Redis keys' });
  }
  redisKey(key: string): Locator {
    return this.page.getByTestId(`redis.key.${key}`);
  }
  dbRow(id: number): Locator {
    return this.page.getByTestId(`db.row.${id}`);
  }
  stat(name: string): Locator {
    return this.page.getByTestId(`stat.${name}`);
  }
  get narration(): Locator {
    return this.page.getByTestId('narration.text');
  }
  get diagramMessage(): Locator {
    return this.page.getByTestId('diagram.message');
  }
  get logLines(): Locator {
    return this.page.getByRole('list', { name: 'Log lines' });
  }
  get codePanel(): Locator {
    return this.page.getByRole('region', { name: 'Program code' });
  }
  /** The Redis console's input line. */
  get redisConsole(): Locator {
    return this.page.getByRole('textbox', { name: 'Redis command' });
  }
  get redisOutput(): Locator {
    return this.page.getByRole('list', { name: 'Redis console output' });
  }
  /** The SQL console's input line. */
  get sqlConsole(): Locator {
    return this.page.getByRole('textbox', { name: 'SQL statement' });
  }
  get sqlOutput(): Locator {
    return this.page.getByRole('list', { name: 'SQL console output' });
  }
  get startReadButton(): Locator {
    return this.page.getByRole('button', { name: 'Start read' });
  }
  get sequenceDiagram(): Locator {
    return this.page.getByRole('region', { name: 'Sequence diagram' });
  }
  /** The page's notices (errors are alerts). */
  get alert(): Locator {
    return this.page.getByRole('alert');
  }
  /** Types `statement` on the SQL console's line and sends it (Enter). */
  async runSql(statement: string): Promise<void> {
    await this.sqlConsole.fill(statement);
    await this.sqlConsole.press('Enter');
  }
  /** Types `line` on the Redis console's line and sends it (Enter). */
  async runRedis(line: string): Promise<void> {
    await this.redisConsole.fill(line);
    await this.redisConsole.press('Enter');
  }
  /** Types `value` in the labelled setting field and commits it (Enter), as a learner does. */
  async commit(label: string, value: string): Promise<void> {
    await this.control(label).fill(value);
    await this.control(label).press('Enter');
  }
  /** Follows the nav link to the Workload lab and waits for its heading. */
  async goToLab(): Promise<void> {
    await this.page.getByRole('link', { name: 'Workload lab' }).click();
    await expect(this.page.getByRole('heading', { name: 'Workload lab' })).toBeVisible();
  }
  /** Steps `times` times with the Step button. */
  async step(times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.stepButton.click();
  }
  /** Presses a key with the page (not a control) focused: the keyboard shortcuts. */
  async press(key: string): Promise<void> {
    await this.page.locator('body').press(key);
  }
}

/** The sandbox's interleaving explorer panel. */
export class ExplorerPanel {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Interleaving explorer' });
  }
  get exploreButton(): Locator {
    return this.region.getByRole('button', { name: 'Explore all interleavings' });
  }
  get count(): Locator {
    return this.page.getByTestId('explorer.count');
  }
  get summary(): Locator {
    return this.page.getByTestId('explorer.summary');
  }
  get detail(): Locator {
    return this.page.getByTestId('explorer.detail');
  }
  /** The grid's cells, in order; `outcome` narrows to one outcome. */
  cells(outcome?: 'fresh' | 'staleRead' | 'staleCache' | 'error'): Locator {
    const grid = this.region.getByRole('group', { name: /^Interleavings/ });
    return outcome ? grid.locator(`[data-outcome="${outcome}"]`) : grid.getByRole('button');
  }
  /** The legend's count for one outcome ("stale read: 2"). */
  outcomeCount(outcome: 'fresh' | 'staleRead' | 'staleCache' | 'error'): Locator {
    return this.page.getByTestId(`explorer.outcome.${outcome}`).locator('strong');
  }
  get costs(): Locator {
    return this.region.getByRole('table');
  }
  /** The line said when no write changed the row a queued request reads, in any interleaving. */
  get unchangedRows(): Locator {
    return this.page.getByTestId('explorer.unchangedRows');
  }

  /** Whose programs the grid ran: "ours", or "your version" after Run my version. */
  get programs(): Locator {
    return this.page.getByTestId('explorer.programs');
  }
}

/** The Workload Lab (`#/lab`). */
export class LabPage {
  constructor(readonly page: Page) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`/#/lab${query}`);
    // Checked at every frame first, as the sandbox's readiness is (see SandboxPage.waitUntilReady).
    await this.page.waitForFunction(
      () =>
        window.cacheAside?.lab !== undefined &&
        Array.from(document.querySelectorAll('h1')).some((h) => h.textContent === 'Workload lab'),
    );
    await expect(this.heading).toBeVisible();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Workload lab' });
  }
  /** Follows the nav link back to the sandbox (its panels load again from there). */
  async goToSandbox(): Promise<void> {
    await this.page.getByRole('link', { name: 'Sandbox' }).click();
  }
  /** A numeric setting by its label, e.g. "Requests", "TTL (s)". */
  field(name: string): Locator {
    return this.page.getByRole('textbox', { name, exact: true });
  }
  select(name: string): Locator {
    return this.page.getByRole('combobox', { name });
  }
  get runButton(): Locator {
    return this.page.getByRole('button', { name: 'Run', exact: true });
  }
  get stopButton(): Locator {
    return this.page.getByRole('button', { name: 'Stop' });
  }
  get progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Run progress' });
  }
  /** The run bar's status line ("Finished: ...", "Stopped: ..."). */
  get status(): Locator {
    return this.page.getByRole('region', { name: 'Run' }).getByRole('status');
  }
  get alert(): Locator {
    return this.page.getByRole('alert');
  }
  /** The value cells of the run summary's row whose name starts with `row`. */
  summaryValue(row: string): Locator {
    return this.page
      .getByRole('table', { name: 'Run summary' })
      .getByRole('row', { name: new RegExp(`^${row.replace(/[()]/g, '\\$&')}`) })
      .getByRole('cell');
  }
  chart(title: string): Locator {
    return this.page.getByRole('figure', { name: title });
  }
  /** Fills the settings, presses Run and waits for the run and every chart to finish. */
  async runFromControls(settings: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(settings)) await this.field(name).fill(value);
    await this.runButton.click();
    await this.statusSays('Finished:', 60_000);
    await this.settled();
  }
  /**
   * The run bar's status line contains `text` (whitespace folded, as `toContainText` folds it),
   * within `timeout`: for the end of a run, a sweep or a comparison. Seen at the frame it
   * happens (see `atFrame`), then asserted as `toContainText` asserts it.
   */
  async statusSays(text: string, timeout = 10_000): Promise<void> {
    const isSeen = await atFrame(
      this.page,
      (t) =>
        (document.querySelector('.lab-runbar [role="status"]')?.textContent ?? '')
          .replace(/\s+/g, ' ')
          .includes(t.replace(/\s+/g, ' ').trim()),
      text,
      timeout,
    );
    await expect(this.status).toContainText(text, { timeout: isSeen ? 10_000 : 1 });
  }
  /**
   * The results show the run that ended: the summary renders with the status line (aria-busy
   * while the run streams in), and the charts follow, one at a time.
   */
  async settled(): Promise<void> {
    const isSeen = await atFrame(
      this.page,
      () =>
        document.querySelector('table[aria-label="Run summary"]')?.getAttribute('aria-busy') ===
          'false' && document.querySelector('.lab-charts [aria-busy="true"]') === null,
      '',
      40_000,
    );
    await expect(this.page.getByRole('table', { name: 'Run summary' })).toHaveAttribute(
      'aria-busy',
      'false',
      { timeout: isSeen ? 30_000 : 1 },
    );
    await this.chartsSettled(isSeen);
  }
  /** Each chart redraws on its own schedule; this waits until all show the latest data. */
  async chartsSettled(isSeen = false): Promise<void> {
    const busy = '.lab-charts [aria-busy="true"]';
    const isNowSeen =
      isSeen || (await atFrame(this.page, (b) => document.querySelector(b) === null, busy, 10_000));
    await expect(this.page.locator(busy)).toHaveCount(0, { timeout: isNowSeen ? 10_000 : 1 });
  }
}

/**
 * Waits until `isShown(arg)` holds in the page, checked at every animation frame
 * (`waitForFunction`), for at most `timeout`; says whether it held. `expect` alone looks again
 * only every 500 ms once a wait passes 270 ms, so the end of a lab run (a second or more) was seen
 * a quarter of a second late on average. The caller's `expect` after it asserts what is on
 * screen: at its first look when this saw it, and with a timeout of 1 ms when this did not, so
 * a failure is told in `expect`'s words and the wait is no longer than `timeout`.
 */
export async function atFrame(
  page: Page,
  isShown: (arg: string) => boolean,
  arg: string,
  timeout: number,
): Promise<boolean> {
  return page.waitForFunction(isShown, arg, { timeout }).then(
    () => true,
    () => false,
  );
}

/** A percentage shown in a cell ("93.25%") as a number. */
export const percent = async (cell: Locator): Promise<number> =>
  Number(/([\d.]+)%/.exec((await cell.textContent()) ?? '')?.[1]);

export type Remote<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** `window.cacheAside` called from the test: each method runs in the page and resolves there. */
export type Api = Remote<CacheAsideApi> & {
  lab: Remote<CacheAsideLabApi>;
  explore: NonNullable<CacheAsideApi['explore']>;
};

/** Every property read is a method of `window.cacheAside` (or of its `lab`), run in the page. */
function remote<T>(page: Page, where: 'cacheAside' | 'lab', fixed: object = {}): Remote<T> {
  return new Proxy(fixed as Remote<T>, {
    get: (target, name) =>
      // Not a thenable (no `then`), and the fixed properties (`lab`) are what they are.
      typeof name !== 'string' || name === 'then' || name in target
        ? (target as Record<string | symbol, unknown>)[name]
        : (...args: unknown[]) =>
            page.evaluate(
              ([path, method, a]) => {
                const root = window.cacheAside as unknown as Record<string, unknown>;
                const api = (path === 'lab' ? root.lab : root) as Record<
                  string,
                  (...x: unknown[]) => unknown
                >;
                return api[method](...a);
              },
              [where, name, args] as const,
            ),
  });
}

/** Opens the sandbox and waits until it accepts input (for specs not yet on the page objects). */
export const openSandbox = (page: Page, query = ''): Promise<void> =>
  new SandboxPage(page).open(query);

/**
 * axe-core on the page, run in the page itself (`axe.run`). Its default (`runPartial` in each
 * frame, then `finishRun` in a new blank page that loads axe a second time) is for pages with
 * frames of other origins; this page has none, so both find the same, and the default cost a
 * tab and a second load of axe's 550 KB each time. A frame added to the page fails here first.
 */
export function axeOn(page: Page): AxeBuilder {
  expect(page.frames(), 'axe runs in the page alone: it has no frames').toHaveLength(1);
  return new AxeBuilder({ page }).setLegacyMode();
}

/**
 * Tests one shared page serves before it is replaced by a new one, in a new context and renderer
 * process. A renderer that loaded the page some 140 times once refused sql.js its WebAssembly
 * memory ("Out of memory: Cannot allocate Wasm memory for new instance", seen in a clean-clone CI
 * run at a worker's ~190th test and again in a loop of 150 loads with a SQL line each, at the
 * 144th; a second loop of 150 did not), as if the earlier pages' memories were not all given back
 * yet. A new renderer every 40 tests costs a cold load each (about 1 s).
 */
const TESTS_PER_PAGE = 40;

/**
 * One browser page per worker, reused test after test: a page load in a new page costs a new
 * renderer process that parses and compiles the 2 MB main chunk and sql.js's wasm from scratch,
 * while the same page navigating to the same origin again loads it in a fraction of the time and
 * CPU (measured in the README). Between tests the page is put back as a new one would be: on
 * about:blank, its origin's storage cleared, no listeners, emulation and viewport as configured.
 * A test that fails gets its page and context thrown away, so the next one starts afresh.
 */
class SharedPage {
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  /** The page's DevTools session for clearing storage, kept for the page's life. */
  private session: CDPSession | undefined;
  /** A test emulated media (reduced motion ...): only then is emulation put back after it. */
  private isEmulated = false;
  /** Tests the current page has served (see TESTS_PER_PAGE). */
  private served = 0;
  /**
   * The page was put back after the last test (on about:blank, its origin's storage cleared
   * there): nothing can have written that storage since, so it is not cleared a second time.
   */
  private isPutBack = false;

  constructor(
    private readonly browser: Browser,
    private readonly baseURL: string,
    /** The project's `reducedMotion` (playwright.config.ts): the page's, and put back after a test. */
    private readonly reducedMotion: 'reduce' | 'no-preference' | null,
  ) {}

  async take(viewport: ViewportSize | null): Promise<Page> {
    if (this.served >= TESTS_PER_PAGE) await this.discard();
    if (!this.page || this.page.isClosed()) {
      await this.discard();
      this.context = await this.browser.newContext({
        baseURL: this.baseURL,
        acceptDownloads: true,
        reducedMotion: this.reducedMotion,
      });
      this.page = await this.context.newPage();
      this.session = await this.context.newCDPSession(this.page);
      const page = this.page;
      const emulateMedia = page.emulateMedia.bind(page);
      page.emulateMedia = (options) => {
        this.isEmulated = true;
        return emulateMedia(options);
      };
    }
    if (!this.isPutBack) await this.clearStorage();
    this.isPutBack = false;
    // A test that resized the page leaves it so; the others leave the configured size.
    const size = this.page.viewportSize();
    if (viewport && (size?.width !== viewport.width || size.height !== viewport.height))
      await this.page.setViewportSize(viewport);
    this.served++;
    return this.page;
  }

  /** Leaves the page as the next test should find it; `failed` throws the page away instead. */
  async release(failed: boolean): Promise<void> {
    const page = this.page;
    if (!page) return;
    if (failed || page.isClosed()) return this.discard();
    for (const event of ['console', 'pageerror', 'dialog', 'request', 'response', 'download'])
      page.removeAllListeners(event);
    try {
      // A page the test opened beside this one (a link opened in a new tab, a second page of the
      // lab) would stay open, and running, for the rest of the worker's tests.
      for (const other of page.context().pages()) if (other !== page) await other.close();
      if (page.url().startsWith(this.baseURL)) await page.evaluate(() => sessionStorage.clear());
      await page.goto('about:blank', { timeout: 10_000 });
      if (this.isEmulated)
        await page.emulateMedia({
          media: null,
          colorScheme: null,
          reducedMotion: this.reducedMotion,
          forcedColors: null,
          contrast: null,
        });
      this.isEmulated = false;
      await this.clearStorage();
      this.isPutBack = true;
    } catch {
      await this.discard();
    }
  }

  /** localStorage and the rest of the origin's storage, by the DevTools protocol (Chromium). */
  private async clearStorage(): Promise<void> {
    await this.session!.send('Storage.clearDataForOrigin', {
      origin: new URL(this.baseURL).origin,
      storageTypes: 'local_storage,indexeddb,cache_storage,service_workers,cookies',
    });
  }

  async discard(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    this.page = undefined;
    this.session = undefined;
    this.isEmulated = false;
    this.isPutBack = false;
    this.served = 0;
    await context?.close().catch(() => undefined);
  }
}

/**
 * `test` with the page objects, the `api` fixture, and a guard that fails any test whose page
 * logs an error or throws: "no console errors in any test". `page` is the worker's shared page
 * (see SharedPage); a spec that needs a page of its own, in a new context (init scripts, routes,
 * permissions, a measured first load), uses `freshContextTest` instead.
 */
export const test = base.extend<
  {
    consoleErrors: string[];
    sandbox: SandboxPage;
    explorer: ExplorerPanel;
    lab: LabPage;
    api: Api;
  },
  { sharedPage: SharedPage }
>({
  sharedPage: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, reducedMotion } = workerInfo.project.use;
      const shared = new SharedPage(browser, String(baseURL), reducedMotion ?? null);
      await use(shared);
      await shared.discard();
    },
    { scope: 'worker' },
  ],
  // Not `context`: Playwright makes that fixture (a new browser context, closed after the
  // test) for every test that names it, and the shared page never used it (up to 0.4 s a test
  // on a loaded machine).
  page: async ({ sharedPage, viewport }, use, testInfo) => {
    await use(await sharedPage.take(viewport));
    await sharedPage.release(testInfo.status !== testInfo.expectedStatus);
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const onConsole = (msg: ConsoleMessage) => {
        if (msg.type() === 'error') errors.push(msg.text());
      };
      const onPageError = (e: Error) => errors.push(e.message);
      page.on('console', onConsole);
      page.on('pageerror', onPageError);
      await use(errors);
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
  sandbox: async ({ page }, use) => use(new SandboxPage(page)),
  explorer: async ({ page }, use) => use(new ExplorerPanel(page)),
  lab: async ({ page }, use) => use(new LabPage(page)),
  api: async ({ page }, use) =>
    use(
      remote<CacheAsideApi>(page, 'cacheAside', {
        lab: remote<CacheAsideLabApi>(page, 'lab'),
      }) as Api,
    ),
});

/** `test` whose `page` is a new one in a context of its own, as Playwright's own `test` gives. */
export const freshContextTest = test.extend({
  page: async ({ context }, use) => use(await context.newPage()),
});

export { expect };
