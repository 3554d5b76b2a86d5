import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// A keyboard-only learner on a phone (375 px) and on a laptop at 200% zoom (1280x800 drawn at
// 640x400): what they open stays on the screen and what has the focus shows it.

/** How far the page scrolls sideways (0 or less: not at all). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

for (const viewport of [
  { width: 375, height: 740 },
  { width: 640, height: 400 },
]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test("a setting's ? opens its definition on the screen, and the page does not scroll sideways", async ({
      page,
      sandbox,
    }) => {
      // The definition hung from the ? by its left edge, 40 characters wide: the write policy's
      // at 375 px and the read mitigation's at 640 px ran past the screen's right edge, cut
      // mid-word, and the whole page scrolled sideways.
      await sandbox.open('?scenario=stale-set-lease&step=2');
      for (const name of ['What is invalidate?', 'What is lease?']) {
        const help = page.getByRole('button', { name });
        await help.focus();
        await page.keyboard.press('Enter');
        await expect(help).toHaveAttribute('aria-expanded', 'true');
        const definition = page.getByRole('note');
        await expect(definition).toBeVisible();
        const box = (await definition.boundingBox())!;
        expect(box.x, name).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
        expect(await sideways(page), name).toBeLessThanOrEqual(0);
        // Escape closes it and leaves the focus on its ?.
        await page.keyboard.press('Escape');
        await expect(definition).toHaveCount(0);
        await expect(help).toBeFocused();
      }
    });
  });
}

test.describe('the handout on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("each beat's diagram keeps readable text, scrolling sideways by itself, by keyboard too", async ({
    page,
  }) => {
    // The handout drew each beat's diagram whole at the block's width: 343 px for a 712-px
    // drawing, so its 11 px labels were 5 px on a phone, which no one reads.
    await page.goto('/#/handout?scenario=stale-set');
    const beats = page.getByRole('list', { name: 'Beats' }).locator(':scope > li');
    const diagram = beats
      .nth(5)
      .getByRole('figure', { name: /Application processes, Redis and SQLite/ });
    const label = diagram.getByText('STALE FILL', { exact: true });
    await expect(label).toBeAttached();
    const shownPx = await label.evaluate((el) => {
      const svg = el.closest('svg')!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return parseFloat(getComputedStyle(el).fontSize) * scale;
    });
    expect(shownPx).toBeGreaterThanOrEqual(9);
    const sideways = (el: Element) => el.scrollWidth - el.clientWidth;
    expect(await page.locator('html').evaluate(sideways)).toBeLessThanOrEqual(0);
    await diagram.focus();
    await expect(diagram).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => diagram.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });
});

test.describe('the code editors', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('Tab into a code editor shows a focus ring that nothing clips', async ({
    page,
    sandbox,
  }) => {
    // CodeMirror drew its 2 px ring just outside its editor, which fills the scroll box it sits in:
    // the box's overflow cut the ring off, and a keyboard learner saw no sign of where the focus
    // was.
    await sandbox.open();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    const editor = page.getByRole('textbox', { name: 'Your read path (JavaScript)' });
    await expect(editor).toBeVisible();
    await page.getByRole('button', { name: 'Hide my code' }).focus();
    for (let i = 0; i < 3 && !(await editor.evaluate((el) => el.matches(':focus'))); i++)
      await page.keyboard.press('Tab');
    await expect(editor).toBeFocused();
    // Polled: in a new renderer the editor's stylesheet can land a frame after the focus does
    // (a clean-clone run measured the ring once before it, and passed on its retry).
    const ringShown = () =>
      editor.evaluate((content) => {
        /** The element's ring, as drawn: its outer edge, or null when it draws none. */
        const ring = (el: Element) => {
          const style = getComputedStyle(el);
          const width = parseFloat(style.outlineWidth);
          if (style.outlineStyle === 'none' || !(width >= 2)) return null;
          const r = el.getBoundingClientRect();
          const out = Math.max(parseFloat(style.outlineOffset) + width, 0);
          return {
            left: r.left - out,
            top: r.top - out,
            right: r.right + out,
            bottom: r.bottom + out,
          };
        };
        /** Whether any ancestor's overflow (across the shadow root) cuts into the ring. */
        const isClipped = (el: Element, edge: NonNullable<ReturnType<typeof ring>>) => {
          for (
            let up: Element | null = el.parentElement ?? (el.getRootNode() as ShadowRoot).host;
            up;
            up = up.parentElement ?? ((up.getRootNode() as ShadowRoot).host || null)
          ) {
            if (getComputedStyle(up).overflow === 'visible') continue;
            const r = up.getBoundingClientRect();
            const left = r.left + up.clientLeft;
            const top = r.top + up.clientTop;
            if (
              edge.left < left - 0.5 ||
              edge.top < top - 0.5 ||
              edge.right > left + up.clientWidth + 0.5 ||
              edge.bottom > top + up.clientHeight + 0.5
            )
              return true;
          }
          return false;
        };
        const candidates: Element[] = [];
        for (
          let el: Element | null = content;
          el;
          el = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null)
        ) {
          candidates.push(el);
          if (el.classList.contains('code-editor')) break;
        }
        return candidates.some((el) => {
          const edge = ring(el);
          return edge !== null && !isClipped(el, edge);
        });
      });
    await expect.poll(ringShown).toBe(true);
  });
});

test.describe('in forced colours (a high-contrast theme)', () => {
  test('the diagram takes the system colours: every word and arrow stands out from its ground', async ({
    page,
    sandbox,
  }) => {
    // Forced colours repaint the diagram's ground (Canvas: white in a light theme) but leave SVG
    // paint as written: a stale fill's arrow was the dark theme's violet at 2.3:1 on white, a
    // miss's amber less, and in a dark theme the boxes' dark fill sank into the ground.
    await page.emulateMedia({ forcedColors: 'active' });
    for (const step of [1, 5]) {
      await sandbox.open(`?scenario=stale-set&step=${step}`);
      const diagram = page.getByRole('figure', { name: /Application processes, Redis and SQLite/ });
      await expect(diagram.locator('.message-line').first()).toBeAttached();
      const marks = await diagram.evaluate((root) => {
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const luminance = (c: string) => {
          const [r, g, b] = rgb(c).map((v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a: string, b: string) => {
          const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
          return (hi + 0.05) / (lo + 0.05);
        };
        let ground: Element | null = root;
        while (ground && getComputedStyle(ground).backgroundColor === 'rgba(0, 0, 0, 0)')
          ground = ground.parentElement;
        const background = getComputedStyle(ground ?? document.body).backgroundColor;
        return [...root.querySelectorAll('svg text, svg line, svg rect')]
          .filter((el) => el.getBoundingClientRect().width > 0)
          .map((el) => {
            const style = getComputedStyle(el);
            const what = `${el.tagName} ${el.getAttribute('class') ?? ''} ${el.textContent ?? ''}`;
            // A box or a label's backing is the ground's colour, so the words on it are on the
            // ground; a word needs 4.5:1 with it, an arrow 3:1.
            if (el.tagName === 'rect') return { what, isGround: style.fill === background };
            const paint = el.tagName === 'text' ? style.fill : style.stroke;
            const needs = el.tagName === 'text' ? 4.5 : 3;
            return { what, isGround: true, isShown: ratio(paint, background) >= needs };
          });
      });
      expect(marks.length).toBeGreaterThan(5);
      for (const mark of marks) {
        expect(mark.isGround, `step ${step}: ${mark.what}`).toBe(true);
        if ('isShown' in mark) expect(mark.isShown, `step ${step}: ${mark.what}`).toBe(true);
      }
    }
  });
});

test.describe('the lab in forced colours (a high-contrast theme)', () => {
  test("every chart's lines, axes and words stand out from its ground", async ({ page, lab }) => {
    // The charts kept the dark theme's paint on the system's light ground: the analytic line's
    // pale yellow at 1.1:1 (not there at all), the axes' grey numbers at 2.6:1.
    test.setTimeout(120_000);
    await page.emulateMedia({ forcedColors: 'active' });
    // The link runs: a press of Run after it had made a second run, waiting for the first to end.
    await lab.open('?requests=2000');
    await lab.statusSays('Finished:', 60_000);
    await lab.settled();
    const charts = page.locator('figure.lab-chart');
    await expect(charts.first().locator('.recharts-line-curve').first()).toBeAttached();
    const faint = await charts.evaluateAll((figures) => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const luminance = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: string, b: string) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      const out: string[] = [];
      for (const figure of figures) {
        let ground: Element | null = figure;
        while (ground && getComputedStyle(ground).backgroundColor === 'rgba(0, 0, 0, 0)')
          ground = ground.parentElement;
        const background = getComputedStyle(ground ?? document.body).backgroundColor;
        const title = figure.querySelector('h3')?.textContent;
        for (const el of figure.querySelectorAll('svg text, svg line, svg path')) {
          if (el.getBoundingClientRect().width === 0 && el.getBoundingClientRect().height === 0)
            continue;
          const style = getComputedStyle(el);
          const isText = el.tagName === 'text';
          const paint = isText ? style.fill : style.stroke;
          if (paint === 'none' || (isText && !el.textContent?.trim())) continue;
          const shown = ratio(paint, background);
          if (shown < (isText ? 4.5 : 3))
            out.push(
              `${title}: ${el.tagName}.${el.getAttribute('class') ?? ''} ${el.textContent ?? ''} ${shown.toFixed(2)}`,
            );
        }
      }
      return out;
    });
    expect(faint).toEqual([]);
  });
});
