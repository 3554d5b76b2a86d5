/**
 * What `npm run walkthrough` does once its arguments are read (walkthrough.ts): builds and serves
 * the page unless given --url, and plays each scenario in Chromium through Playwright. A module
 * of its own, loaded only then, so --help and a bad argument answer without loading Playwright
 * or Vite.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { PreviewServer } from 'vite';
import { findChromium } from '../../e2e/setup/find-chromium.mjs';
import { findScenario, type Scenario } from '../scenarios';
import { makeFolders } from './makeFolders';
import { pageUnreachable } from './pageProbe';
import { freePort } from './redisServer';
import { overviewHtml, storyboardHtml, type Frame } from './storyboardHtml';
import { storyboardFolder, storyboardQuery, type WalkthroughSetting } from './walkthroughSettings';

const BUILD_DIR = 'dist-walkthrough';

const text = async (page: Page, testId: string): Promise<string> =>
  (await page.getByTestId(testId).first().textContent())?.trim() ?? '';

/** Waits until the page shows step `step` and the next-press preview is for what is shown. */
async function settled(page: Page, step: number, of: number): Promise<void> {
  await page.getByText(`Step ${step} of ${of}`).waitFor();
  await page.locator('[data-testid="presenter.next"][data-pending="false"]').waitFor();
}

/**
 * What presenter mode's words' column holds, as it reads (the narration with its Expected or
 * Outcome line, the quiz, the closing points), but the settings' lists and the "More below" cue.
 */
const wordsText = (page: Page): Promise<string> =>
  page.locator('.presenter-words').evaluate((column) =>
    [...column.children]
      .filter((c) => !c.matches('.invited-settings, .words-more'))
      .map((c) => (c as HTMLElement).innerText.trim())
      .filter((t) => t !== '')
      .join('\n'),
  );

/** A frame's file name: the step, two digits (`00.png` is the screen before the first beat). */
const FRAME_FILE = /^\d{2,}\.png$/;

async function storyboard(
  page: Page,
  base: string,
  sc: Scenario,
  settings: readonly WalkthroughSetting[],
  dir: string,
): Promise<Frame[]> {
  // The frames are shot into a folder of their own beside `dir` and moved in once all are shot:
  // a run that fails half-way leaves an earlier storyboard there as it was (not new frames under
  // an old index.html that tells another run), and frames of an earlier, longer run go, so the
  // folder holds one storyboard. A storyboard that fails leaves no folder it made behind:
  // makeFolders names the first folder it had to make, --out's included. `dir` is made first, so
  // a file in its way stops the run before any frame is shot.
  const made = makeFolders(dir);
  const shooting = `${dir}.partial-${process.pid}`;
  try {
    mkdirSync(shooting);
    const frames = await shootFrames(page, base, sc, settings, shooting);
    const shot = new Set(readdirSync(shooting));
    for (const old of readdirSync(dir))
      if (FRAME_FILE.test(old) && !shot.has(old)) rmSync(join(dir, old), { force: true });
    for (const file of shot) renameSync(join(shooting, file), join(dir, file));
    return frames;
  } catch (e) {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(shooting, { recursive: true, force: true });
  }
}

async function shootFrames(
  page: Page,
  base: string,
  sc: Scenario,
  settings: readonly WalkthroughSetting[],
  dir: string,
): Promise<Frame[]> {
  // The settings go in the link, as a teacher's copied link gives them: the page checks them as
  // it checks any link, and a run off the script tells its steps from the engine's events.
  await page.goto(`${base}/${storyboardQuery(sc.id, settings)}`);
  try {
    await page.waitForFunction(() => window.cacheAside?.state !== undefined, undefined, {
      timeout: 30_000,
    });
  } catch {
    throw new Error(
      `walkthrough: the page at ${base} did not start the sandbox within 30 s (no window.cacheAside): is it Cache-Aside Lab's build?`,
    );
  }
  const frames: Frame[] = [];
  for (let step = 0; step <= sc.beats.length; step++) {
    if (step > 0) await page.evaluate(() => window.cacheAside?.step());
    await settled(page, step, sc.beats.length);
    const file = `${String(step).padStart(2, '0')}.png`;
    await page.screenshot({ path: join(dir, file) });
    // The words' column scrolls where its text outgrows the screen, and the frame shows its top
    // (and says "More below"): the index carries all of it, as the page holds it.
    const isCut = (await page.getByTestId('presenter.more-below').count()) > 0;
    frames.push({
      file,
      step,
      narration: await text(page, 'narration.text'),
      next: await text(page, 'presenter.next'),
      notes: (step === 0 ? sc.introNotes : sc.beats[step - 1].notes) ?? '',
      outcome: (await page.locator('.narration .outcome').first().textContent()) ?? '',
      offScript:
        (await page.getByTestId('narration.off-script').count()) > 0
          ? await text(page, 'narration.off-script')
          : '',
      cutText: isCut ? await wordsText(page) : '',
    });
  }
  writeFileSync(join(dir, 'index.html'), storyboardHtml(sc, frames, settings));
  return frames;
}

/** Writes the storyboards of `ids` into `out`; resolves to the exit code (0). */
export async function runWalkthrough({
  ids,
  out,
  url,
  settings,
}: {
  ids: readonly string[];
  out: string;
  url: string | null;
  settings: readonly WalkthroughSetting[];
}): Promise<number> {
  const startedAt = Date.now();
  let frameCount = 0;
  let base = url?.replace(/\/$/, '') ?? null;
  let server: PreviewServer | null = null;
  if (base === null) {
    console.log(`building the page into ${BUILD_DIR}/ ...`);
    execFileSync(
      'npx',
      ['vite', 'build', '--logLevel', 'warn', '--outDir', BUILD_DIR, '--emptyOutDir'],
      {
        stdio: 'inherit',
      },
    );
    const port = await freePort();
    const { preview } = await import('vite');
    server = await preview({
      build: { outDir: BUILD_DIR },
      preview: { port, strictPort: true, host: '127.0.0.1' },
      logLevel: 'warn',
    });
    base = `http://127.0.0.1:${port}`;
  } else {
    const unreachable = await pageUnreachable(base);
    if (unreachable !== null)
      throw new Error(
        `walkthrough: ${unreachable}. Serve the page there first (for example \`npm run preview\`), or leave out --url to build and serve it here.`,
      );
  }
  // Playwright (and Vite, above) are imported only where needed: they take seconds to load,
  // which a --url that cannot be reached (checked above) need not wait for.
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // Frames show each step's end state, not an arrow half-way.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const scenarios = ids.map((id) => findScenario(id) as Scenario);
    for (const sc of scenarios) {
      const dir = resolve(out, storyboardFolder(sc.id, settings));
      const frames = await storyboard(page, base, sc, settings, dir);
      console.log(`${sc.id}: ${frames.length} frames in ${dir}`);
      frameCount += frames.length;
    }
    if (scenarios.length > 1)
      writeFileSync(resolve(out, 'index.html'), overviewHtml(scenarios, settings));
    console.log(
      `${scenarios.length} storyboard(s), ${frameCount} frames, in ${((Date.now() - startedAt) / 1000).toFixed(0)} s${scenarios.length > 1 ? `: open ${resolve(out, 'index.html')}` : ''}`,
    );
  } finally {
    await browser.close();
    await server?.close();
  }
  return 0;
}
