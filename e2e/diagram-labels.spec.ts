import { expect, openSandbox, test } from './fixtures';

/** What the diagram draws over what, read from the laid-out boxes (SVG units). */
interface Measured {
  /** Labels drawn (each text line: a `<text>`, or each `<tspan>` of a two-line one). */
  labels: number;
  /** Arrows that pass through a label's box (covered or not). */
  crossings: number;
  /** Labels whose boxes overlap, in words. */
  overlaps: string[];
  /** Labels an arrow runs through with no backing painted between them, in words. */
  crossed: string[];
  /** Whether the diagram draws earlier commands beside the newest one. */
  hasEarlier: boolean;
}

/**
 * Presses Step through `window.cacheAside` (resolved once the page has painted it), then
 * measures the diagram's labels against one another and against every arrow. One call into the
 * page a beat: a step, a measure and a count of earlier messages each their own call had made
 * three round trips a beat, over some 200 beats.
 */
async function stepAndMeasureDiagram(): Promise<Measured> {
  await window.cacheAside!.step();
  const hasEarlier = document.querySelector('[data-testid="diagram.earlier-message"]') !== null;
  const svg = document.querySelector('.diagram svg')!;
  type Box = { x: number; y: number; width: number; height: number };
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.width - 1 &&
    b.x < a.x + a.width - 1 &&
    a.y < b.y + b.height - 1 &&
    b.y < a.y + a.height - 1;
  const covers = (r: Box, b: Box) =>
    r.x <= b.x + 0.5 &&
    r.y <= b.y + 0.5 &&
    r.x + r.width >= b.x + b.width - 0.5 &&
    r.y + r.height >= b.y + b.height - 0.5;
  // In document order, which is paint order.
  const drawn = [
    ...svg.querySelectorAll<SVGGraphicsElement>(
      'line.message-line, rect.label-backing, rect.earlier-backing, text.message-label, text.message-label tspan',
    ),
  ].map((el, at) => ({ el, at, box: el.getBBox() }));
  const labels = drawn.filter(
    ({ el }) =>
      el.textContent!.trim() !== '' &&
      (el.tagName === 'tspan' || el.querySelector('tspan') === null),
  );
  const backings = drawn.filter(({ el }) => el.tagName === 'rect');
  const overlaps: string[] = [];
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++)
      if (overlap(labels[i].box, labels[j].box))
        overlaps.push(`"${labels[i].el.textContent}" on "${labels[j].el.textContent}"`);
  let crossings = 0;
  const crossed: string[] = [];
  for (const line of drawn.filter(({ el }) => el.tagName === 'line')) {
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(line.el.getAttribute(a)));
    for (const label of labels) {
      const b = label.box;
      let passes = false;
      for (let t = 0; t <= 1 && !passes; t += 0.002) {
        const x = x1 + (x2 - x1) * t;
        const y = y1 + (y2 - y1) * t;
        passes = x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height;
      }
      if (!passes) continue;
      crossings++;
      // Hidden only by a backing painted after the arrow and under the label, covering it.
      if (!backings.some((r) => r.at > line.at && r.at < label.at && covers(r.box, b)))
        crossed.push(`"${label.el.textContent}"`);
    }
  }
  return { labels: labels.length, crossings, overlaps, crossed, hasEarlier };
}

// Until 2026-12-05 only the list of earlier commands sat on a backing: the arrows of a beat that
// sends several commands (the earlier ones converging on a store, and the newest one itself)
// ran through the newest command's labels, between its words ("4. D GET user:42" at
// expensive-miss's sixth beat, "3. B SET user:42 ..." at only-what-is-asked's second).
test('no label of the diagram lies on another, and no arrow runs through one, at any beat of any scenario', async ({
  page,
  api,
}) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openSandbox(page);
  let beatsWithSeveral = 0;
  let crossings = 0;
  const problems: string[] = [];
  for (const sc of await api.scenarios()) {
    for (const settings of [{}, ...sc.variants.map((v) => v.settings)]) {
      await api.loadScenario(sc.id);
      if (Object.keys(settings).length > 0) await api.configure(settings);
      for (let beat = 1; beat <= sc.beats; beat++) {
        const m = await page.evaluate(stepAndMeasureDiagram);
        const where = `${sc.id} ${JSON.stringify(settings)} beat ${beat}`;
        if (m.labels > 0 && m.hasEarlier) beatsWithSeveral++;
        crossings += m.crossings;
        problems.push(
          ...m.overlaps.map((o) => `${where}: ${o}`),
          ...m.crossed.map((c) => `${where}: an arrow runs through ${c}`),
        );
      }
    }
  }
  // The sweep measured what it is about: beats that send several commands, arrows under labels.
  expect(beatsWithSeveral).toBeGreaterThan(30);
  expect(crossings).toBeGreaterThan(50);
  expect(problems).toEqual([]);
});
