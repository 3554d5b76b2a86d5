import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { findScenario } from '../src/scenarios';
import { quizQuestion } from '../src/scenarios/quiz';
import { axeOn, expect, test } from './fixtures';

/**
 * The handout (`#/handout?scenario=…`, src/ui/HandoutPage.tsx) is the sandbox's own run: each
 * beat's narration and the rows compared (the key and its row) are read off the handout, then
 * off the sandbox stepped to that beat in presenter mode (whose Cache vs database is the same
 * component), and must agree, for two scenarios as authored and one variant off the script.
 */

interface BeatView {
  narration: string;
  compare: string;
  /** The speaker notes (with their caveat off the script), '' where the scenario has none. */
  notes: string;
  /** The next press in the engine's words; at the last beat, '' (presenter mode says what → opens). */
  next: string;
}

const squash = (text: string | null | undefined): string =>
  (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Each beat of the handout shown: its narration and its Cache vs database, in order. Read in one
 * call into the page (the handout is static once drawn), not four round trips a beat; a part a
 * beat must show and does not fails here, so two missing parts never compare equal.
 */
async function handoutBeats(page: Page): Promise<BeatView[]> {
  const beats = page.getByRole('list', { name: 'Beats' }).locator(':scope > li');
  await expect(beats.first()).toBeVisible();
  return beats.evaluateAll((all) => {
    const squashed = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
    const part = (beat: Element, id: string, where: number) => {
      const el = beat.querySelectorAll(`[data-testid="${id}"]`);
      if (el.length !== 1) throw new Error(`beat ${where}: ${el.length} ${id}, not one`);
      return squashed(el[0].textContent);
    };
    return all.map((beat, step) => {
      const notes = beat.querySelector('[data-testid="handout.notes"]');
      return {
        narration: part(beat, 'handout.narration', step),
        compare: part(beat, 'presenter.compare', step),
        notes: notes ? squashed(notes.textContent).replace(/^Speaker notes: /, '') : '',
        next: step < all.length - 1 ? part(beat, 'handout.next', step) : '',
      };
    });
  });
}

/**
 * The sandbox in presenter mode, stepped beat by beat: what it shows at each step, read in the
 * call that steps (`step` resolves once the page has painted the beat).
 */
async function sandboxBeats(page: Page, query: string, beats: number): Promise<BeatView[]> {
  await page.goto(`/${query}&present=1`);
  await page.waitForFunction(() => window.cacheAside?.state !== undefined);
  // The speaker notes, shown (N).
  await page.getByRole('button', { name: 'Speaker notes' }).click();
  const out: BeatView[] = [];
  for (let step = 0; step <= beats; step++) {
    const shown = await page.evaluate(
      async ({ isStep, isLast }) => {
        if (isStep) await window.cacheAside?.step();
        const squashed = (text: string | null | undefined) =>
          (text ?? '').replace(/\s+/g, ' ').trim();
        const part = (selector: string) => {
          const el = document.querySelectorAll(selector);
          if (el.length !== 1) throw new Error(`${el.length} ${selector}, not one`);
          return squashed(el[0].textContent);
        };
        // The next press is worked out once the presses stop (NextStepPreview): until then the
        // line is marked pending. Waited for at each frame, as a locator would wait for it.
        const next = '[data-testid="presenter.next"][data-pending="false"]';
        for (let frame = 0; !isLast && frame < 600 && !document.querySelector(next); frame++)
          await new Promise(requestAnimationFrame);
        const notes = part('[data-testid="presenter.notes"]');
        return {
          narration: part('[data-testid="narration.text"]'),
          compare: part('[data-testid="presenter.compare"]'),
          notes: notes === 'No notes for this step.' ? '' : notes,
          next: isLast ? '' : part(next),
        };
      },
      { isStep: step > 0, isLast: step === beats },
    );
    await expect(page.getByText(`Step ${step} of ${beats}`)).toBeVisible();
    out.push(shown);
  }
  return out;
}

for (const [query, beats, isVariant] of [
  ['?scenario=cold-read', 4, false],
  ['?scenario=stale-set', 6, false],
  ['?scenario=stale-set&mitigation=lease', 6, true],
] as const)
  test(`${query}: each beat of the handout is the sandbox at that step`, async ({
    page,
    sandbox,
  }) => {
    // The way a teacher gets there: the sandbox's Handout link, under the settings shown.
    await sandbox.open(query);
    await page.getByRole('link', { name: 'Handout', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`#/handout\\${query.replace(/&/g, '&')}$`));
    // The link is gone with the sandbox: focus is on the handout, where the next Tab starts.
    await expect(page.locator('main.handout')).toBeFocused();
    const handout = await handoutBeats(page);
    expect(handout).toHaveLength(beats + 1);
    expect((await page.getByTestId('handout.off-script').count()) > 0).toBe(isVariant);
    const verdict = squash(
      await page.getByTestId('handout.verdict').locator('.outcome').textContent(),
    );
    const shown = await sandboxBeats(page, query, beats);
    expect(handout).toEqual(shown);
    // The verdict is the sandbox's at its last step.
    const banner = squash(await page.locator('.narration .outcome').first().textContent());
    expect(verdict).toMatch(/^Outcome met: /);
    expect(banner.startsWith(verdict)).toBe(true);
  });

test('a beat leads back to the sandbox at its step, by keyboard', async ({ page }) => {
  await page.goto('/#/handout?scenario=stale-set&mitigation=lease');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Handout: Race: stale set after invalidation',
  );
  // The summary tells the authored run (the old row cached until its TTL), which the lease
  // prevents: said to be the script's, as the beats say the run left it.
  await expect(page.locator('.handout-summary')).toHaveText(
    `As authored, under the scenario's own settings: ${findScenario('stale-set')!.summary}`,
  );
  const beat = page.getByRole('listitem', { name: 'Step 3 of 6' });
  await expect(beat.getByTestId('handout.commands')).toHaveText(/B: UPDATE users/);
  await expect(beat.getByRole('img')).toHaveAccessibleName(/B sent UPDATE users/);
  const link = beat.getByRole('link', { name: 'Open step 3 in the sandbox' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Step 3 of 6')).toBeVisible();
  await expect(page).toHaveURL(/\/\?scenario=stale-set&step=3&mitigation=lease#\/$/);
  await expect(page.getByLabel('Read mitigation')).toHaveValue('lease');
});

test("each beat prints quiz mode's question before the next Step, where the scenario asks one, with the notes and the next press", async ({
  page,
}) => {
  await page.goto('/#/handout?scenario=cold-read');
  const sc = findScenario('cold-read')!;
  const beats = page.getByRole('list', { name: 'Beats' }).locator(':scope > li');
  await expect(beats).toHaveCount(sc.beats.length + 1);
  for (const [step, beat] of (await beats.all()).entries()) {
    const quiz = sc.beats[step]?.quiz;
    const question = beat.getByTestId('handout.question');
    if (quiz === undefined) await expect(question).toHaveCount(0);
    else
      await expect(question).toHaveText(
        `Quiz mode asks before Step ${step + 1}: ${quizQuestion(quiz).text} Choices: Hit; Miss.`,
      );
  }
  expect(sc.beats.some((b) => b.quiz !== undefined)).toBe(true);
  // On paper too.
  await page.emulateMedia({ media: 'print' });
  const asking = beats.nth(sc.beats.findIndex((b) => b.quiz !== undefined));
  for (const id of ['handout.notes', 'handout.question', 'handout.next'])
    await expect(asking.getByTestId(id)).toBeVisible();
});

test('quiz mode is refused: the handout would answer its questions', async ({ page, sandbox }) => {
  await sandbox.open('?scenario=stale-set&quiz=1');
  await page.getByRole('link', { name: 'Handout', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/^No handout in quiz mode: /);
  await expect(page.getByRole('list', { name: 'Beats' })).toHaveCount(0);
  await expect(page.getByText('Race: stale set')).toHaveCount(0);
  // A handout's address typed in while quiz mode is on: refused, its title kept back too.
  await page.evaluate(() => (window.location.hash = '#/handout?scenario=stale-set'));
  await expect(page.getByRole('alert')).toHaveText(/^No handout in quiz mode: /);
  await expect(page).toHaveTitle('Handout · Cache-Aside Lab');
  await expect(page.getByText('Race: stale set')).toHaveCount(0);
});

test('bad input gives a notice, never a blank page', async ({ page }) => {
  await page.goto('/#/handout?scenario=nope');
  await expect(page.getByRole('alert')).toHaveText(
    'No handout: unknown scenario "nope". Open a scenario in the sandbox and press Handout.',
  );
  await expect(page.getByRole('link', { name: 'Back to the sandbox' })).toBeVisible();
  // A bad setting: played as the sandbox plays it (the scenario's own), and named.
  await page.goto('/#/handout?scenario=cold-read&mitigation=wishful');
  await expect(page.getByRole('alert')).toHaveText(
    /^Some handout settings were not used as given: .*mitigation/,
  );
  await expect(page.getByRole('list', { name: 'Beats' }).locator(':scope > li')).toHaveCount(5);
});

test('printed, a beat is one block: the page chrome goes and no beat is cut', async ({ page }) => {
  await page.goto('/#/handout?scenario=cold-read');
  await expect(page.getByRole('list', { name: 'Beats' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
  const beat = page.getByRole('listitem', { name: 'Step 1 of 4' });
  await expect(beat).toHaveCSS('break-inside', 'avoid');
  await expect(beat.locator('.diagram')).toHaveCSS('break-inside', 'avoid');
  // The diagram is drawn whole inside its block, never scrolled sideways or cut.
  const [block, drawing] = await Promise.all([
    beat.boundingBox(),
    beat.locator('.diagram svg').boundingBox(),
  ]);
  expect(drawing!.x + drawing!.width).toBeLessThanOrEqual(block!.x + block!.width);
});

/** Whether poppler's pdftotext is on this machine (Debian's poppler-utils). */
const hasPdfToText = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** One word of a PDF as poppler reads it (`pdftotext -bbox`): its text, page and box in points. */
interface PdfWord {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function pdfWords(file: string): PdfWord[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const unescape = (text: string) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return html.split(/<page /).flatMap((chunk, page) =>
    [
      ...chunk.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      ),
    ].map(([, xMin, yMin, xMax, yMax, text]) => ({
      text: unescape(text),
      page,
      xMin: Number(xMin),
      yMin: Number(yMin),
      xMax: Number(xMax),
      yMax: Number(yMax),
    })),
  );
}

/** The same word drawn twice over itself: text a copy or a search finds twice where one shows. */
function drawnTwice(words: PdfWord[]): string[] {
  const twice: string[] = [];
  for (const [i, a] of words.entries())
    for (const b of words.slice(i + 1)) {
      if (a.page !== b.page || a.text !== b.text) continue;
      const w = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const h = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      const smaller = Math.min(
        (a.xMax - a.xMin) * (a.yMax - a.yMin),
        (b.xMax - b.xMin) * (b.yMax - b.yMin),
      );
      if (w > 0 && h > 0 && w * h > smaller / 2) twice.push(`"${a.text}" on page ${a.page}`);
    }
  return twice;
}

test("saved as PDF, each beat's block is on one page: its heading and its last line, the next press; each diagram label is in its text once", async ({
  page,
}, testInfo) => {
  test.skip(!hasPdfToText, 'needs pdftotext (poppler-utils) to read the PDF');
  await page.goto('/#/handout?scenario=stale-set');
  await expect(page.getByTestId('handout.verdict')).toBeVisible();
  const beats = await page.getByRole('list', { name: 'Beats' }).locator(':scope > li').all();
  const blocks: { heading: string; next: string }[] = [];
  for (const beat of beats)
    blocks.push({
      heading: squash(await beat.getByRole('heading', { level: 2 }).textContent()),
      next: squash(await beat.getByTestId('handout.next').textContent()).slice(0, 24),
    });
  const file = testInfo.outputPath('handout.pdf');
  writeFileSync(file, await page.pdf({ format: 'A4' }));
  const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\f')
    .map((text) => text.split('\n').map((line) => squash(line)));
  expect(blocks).toHaveLength(7);
  for (const { heading, next } of blocks) {
    const on = pages.filter((lines) => lines.includes(heading));
    expect(on, `${heading}: printed once`).toHaveLength(1);
    const lines = on[0];
    const last = lines.findIndex((line) => line.startsWith(next));
    expect(last, `${heading}: its next press on the same page`).toBeGreaterThan(
      lines.indexOf(heading),
    );
  }
  // Each label of the diagrams is text in the PDF, once: until 2026-12-06 its halo (a stroke
  // under the fill, `paint-order: stroke`) was printed as a second copy of the text, so a
  // teacher copying "GET user:123" got "GET user:123 GET user:123" and a search found it twice.
  const labelWords = (
    await page
      .locator('.diagram text.message-label:not(:has(tspan)), .diagram text.message-label tspan')
      .allTextContents()
  ).flatMap((text) => squash(text).split(' ').filter(Boolean));
  expect(labelWords).toContain('MISS');
  const words = pdfWords(file);
  const printed = new Set(words.map((word) => word.text));
  expect(labelWords.filter((word) => !printed.has(word))).toEqual([]);
  expect(drawnTwice(words)).toEqual([]);
});

test('the handout, a variant with a notice, has no WCAG A/AA violations axe can find', async ({
  page,
}) => {
  await page.goto('/#/handout?scenario=stale-set&mitigation=lease&ttl=abc');
  await expect(page.getByRole('alert')).toContainText('bad ttl "abc"');
  await expect(page.getByTestId('handout.verdict')).toBeVisible();
  const result = await axeOn(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('while your own code runs in the sandbox, the Handout link says the handout plays ours', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set');
  const note = page.getByTestId('controls.handout.note');
  await expect(page.getByRole('link', { name: 'Handout', exact: true })).toBeVisible();
  await expect(note).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit the code' }).click();
  await page.getByRole('button', { name: 'Run my version' }).click();
  await expect(page.getByTestId('learner.read')).toContainText('running in the sandbox');
  await expect(note).toHaveText('The handout plays our read and write paths, not your version.');
});

test("the handout's Back to the sandbox returns to the run left, at its step, with its console line", async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open('?scenario=cold-read&step=3&ttl=60');
  await api.redis('SET user:9 x');
  await page.getByRole('link', { name: 'Handout', exact: true }).click();
  // Until 2026-12-07 it led to ?scenario=cold-read&ttl=60, the run's start without the line.
  await page.getByRole('link', { name: 'Back to the sandbox' }).click();
  await expect(sandbox.position(3, 4)).toBeVisible();
  await expect(sandbox.redisKey('user:9')).toBeVisible();
  await expect(sandbox.control('TTL (s)')).toHaveValue('60');
});

test('after Redis is taken down mid-scenario, the Handout link says the handout plays the steps without it, presenting too', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set&step=2');
  const note = page.getByTestId('controls.handout.runNote');
  await expect(note).toHaveCount(0);
  await page.getByRole('button', { name: 'Take Redis down' }).click();
  const said =
    "The handout plays the scenario's steps alone, without what this run did between them (Redis taken down).";
  await expect(note).toHaveText(said);
  // Presenting, the bar keeps one row: its Handout link's description says it.
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter.handout')).toHaveAccessibleDescription(
    `Handout for this scenario, under the settings shown, in a new tab (H). ${said}`,
  );
  await page.keyboard.press('p');
  await sandbox.backButton.click();
  await expect(note).toHaveCount(0);
});

test("presenting, the bar's Handout for this scenario opens it in a new tab, by Tab and Enter or by H, and the projector stays where it was", async ({
  page,
  sandbox,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await sandbox.open('?scenario=stale-set&step=3&mitigation=lease&present=1');
  const link = page.getByRole('link', { name: 'Handout', exact: true });
  const shortcuts = page.getByRole('button', { name: 'Shortcuts' });
  await expect(link).toBeVisible();
  // In the bar, on its one line: the stage below keeps its height.
  const [linkBox, shortcutsBox] = await Promise.all([link.boundingBox(), shortcuts.boundingBox()]);
  expect(linkBox!.y).toBe(shortcutsBox!.y);
  await expect(link).toHaveAccessibleDescription(
    'Handout for this scenario, under the settings shown, in a new tab (H)',
  );
  await expect(link).toHaveAttribute('aria-keyshortcuts', 'H');
  await shortcuts.focus();
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  const opened = async (press: () => Promise<void>) => {
    const [tab] = await Promise.all([page.context().waitForEvent('page'), press()]);
    // The handout's own address: the projector's step and presenter mode are not in it.
    await expect(tab).toHaveURL(/\/#\/handout\?scenario=stale-set&mitigation=lease$/);
    await expect(tab.getByRole('heading', { level: 1 })).toHaveText(
      'Handout: Race: stale set after invalidation',
    );
    await expect(tab.getByRole('list', { name: 'Beats' }).locator(':scope > li')).toHaveCount(7);
    await tab.close();
    // The projector keeps its place, in presenter mode.
    await expect(sandbox.position(3, 6)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  };
  await opened(() => page.keyboard.press('Enter'));
  await opened(() => sandbox.press('h'));
  // The shortcuts list names it.
  await sandbox.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog.getByRole('row', { name: /^H Handout for this scenario/ })).toHaveCount(1);
});
