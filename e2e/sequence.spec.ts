import { encodeRun } from '../src/store/linkRun';
import type { TimelineInput } from '../src/store/timeline';
import { expect, test } from './fixtures';

test('the sequence diagram stays readable past 30 steps: it scrolls and keeps the newest step in view', async ({
  page,
  sandbox,
}) => {
  // Twelve cold reads by A and B queued, then Step until none is left: 36 commands (GET, SELECT,
  // SET each). Opened as a link, replayed before the page draws: the same run as the API's
  // `read` twelve times and `runToEnd`, without a render and a layout for each of its steps.
  const inputs: TimelineInput[] = [];
  for (let id = 1; id <= 12; id++) inputs.push({ type: 'read', actor: id % 2 ? 'A' : 'B', id });
  for (let i = 0; i < 36; i++) inputs.push({ type: 'press' });
  await sandbox.open(`?run=${encodeRun(inputs)}`);
  expect(await page.evaluate(() => window.cacheAside!.state().step)).toBe(36);
  const diagram = sandbox.sequenceDiagram;
  const rows = diagram.getByTestId('sequence.row');
  await expect(rows).toHaveCount(36);
  await diagram.scrollIntoViewIfNeeded();
  await expect(rows.last()).toBeInViewport();
  await expect(rows.last()).toContainText('OK');
  await expect(rows.first()).not.toBeInViewport();
  // Back by one step: the diagram shows the steps up to the current one, newest in view.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(rows).toHaveCount(35);
  await diagram.scrollIntoViewIfNeeded();
  await expect(rows.last()).toBeInViewport();
  await expect(rows.last()).toContainText('SELECT');
  // And Step again: the diagram grows by the new step and follows it.
  await sandbox.stepButton.click();
  await expect(rows).toHaveCount(36);
  await diagram.scrollIntoViewIfNeeded();
  await expect(rows.last()).toBeInViewport();
  await expect(rows.last()).toContainText('OK');
});

test('in forced colours every word and arrow of the sequence contrasts 4.5:1 with its box', async ({
  page,
  sandbox,
}) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await sandbox.open('?scenario=stale-set&step=5');
  const box = sandbox.sequenceDiagram.locator('.sequence-scroll');
  await expect(box.getByText('OK · STALE FILL')).toBeAttached();
  const { worst, band, background } = await box.evaluate((root) => {
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
    const background = getComputedStyle(root).backgroundColor;
    const band = getComputedStyle(root.querySelector('.sequence-head')!).backgroundColor;
    const marks = [...root.querySelectorAll('text, line')].map((el) => {
      const style = getComputedStyle(el);
      const paint = el.tagName === 'text' ? style.fill : style.stroke;
      return { what: el.textContent || el.getAttribute('class'), ratio: ratio(paint, background) };
    });
    return { worst: marks.sort((a, b) => a.ratio - b.ratio)[0], band, background };
  });
  expect(worst.ratio, `"${worst.what}"`).toBeGreaterThanOrEqual(4.5);
  // The lane names' band, which the rows scroll under, is the box's own colour.
  expect(band).toBe(background);
});
