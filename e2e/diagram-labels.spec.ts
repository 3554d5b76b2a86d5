import { expect, openSandbox, test } from './fixtures';

/** Where the sweep found a label on a label or an arrow through one, and what it measured. */
interface Sweep {
  /** Beats that draw earlier commands beside the newest one, and labels. */
  beatsWithSeveral: number;
  /** Arrows that pass through a label's box (covered or not). */
  crossings: number;
  /** Labels on labels and labels an arrow runs through uncovered, each with where. */
  problems: string[];
}

/**
 * Every scenario, as authored and under each setting it invites, stepped beat by beat through
 * `window.cacheAside` (each Step resolved once the page has painted it), measuring at each beat
 * the diagram's labels against one another and against every arrow. The whole sweep is one call
 * into the page: a call a beat (over 200 beats) spent most of the test's time on round trips
 * between the test and the page, not on the Steps or the measuring.
 */
async function sweepDiagram(): Promise<Sweep> {
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
  const api = window.cacheAside!;
  const sweep: Sweep = { beatsWithSeveral: 0, crossings: 0, problems: [] };
  for (const sc of api.scenarios()) {
    for (const settings of [{}, ...sc.variants.map((v) => v.settings)]) {
      await api.loadScenario(sc.id);
      if (Object.keys(settings).length > 0) await api.configure(settings);
      for (let beat = 1; beat <= sc.beats; beat++) {
        const where = `${sc.id} ${JSON.stringify(settings)} beat ${beat}`;
        const stepped = await api.step();
        if (stepped.beat !== beat)
          sweep.problems.push(`${where}: the page is at beat ${stepped.beat}`);
        const hasEarlier =
          document.querySelector('[data-testid="diagram.earlier-message"]') !== null;
        const svg = document.querySelector('.diagram svg')!;
        // In document order, which is paint order.
        const drawn = [
          ...svg.querySelectorAll<SVGGraphicsElement>(
            'line.message-line, rect.label-backing, rect.earlier-backing, text.message-label, text.message-label tspan',
          ),
        ].map((el, at) => ({ el, at, box: el.getBBox() }));
        // Each text line: a `<text>`, or each `<tspan>` of a two-line one.
        const labels = drawn.filter(
          ({ el }) =>
            el.textContent!.trim() !== '' &&
            (el.tagName === 'tspan' || el.querySelector('tspan') === null),
        );
        if (labels.length > 0 && hasEarlier) sweep.beatsWithSeveral++;
        const backings = drawn.filter(({ el }) => el.tagName === 'rect');
        for (let i = 0; i < labels.length; i++)
          for (let j = i + 1; j < labels.length; j++)
            if (overlap(labels[i].box, labels[j].box))
              sweep.problems.push(
                `${where}: "${labels[i].el.textContent}" on "${labels[j].el.textContent}"`,
              );
        for (const line of drawn.filter(({ el }) => el.tagName === 'line')) {
          const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) =>
            Number(line.el.getAttribute(a)),
          );
          for (const label of labels) {
            const b = label.box;
            let passes = false;
            for (let t = 0; t <= 1 && !passes; t += 0.002) {
              const x = x1 + (x2 - x1) * t;
              const y = y1 + (y2 - y1) * t;
              passes = x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height;
            }
            if (!passes) continue;
            sweep.crossings++;
            // Hidden only by a backing painted after the arrow and under the label, covering it.
            if (!backings.some((r) => r.at > line.at && r.at < label.at && covers(r.box, b)))
              sweep.problems.push(`${where}: an arrow runs through "${label.el.textContent}"`);
          }
        }
      }
    }
  }
  return sweep;
}

// Until 2026-12-05 only the list of earlier commands sat on a backing: the arrows of a beat that
// sends several commands (the earlier ones converging on a store, and the newest one itself)
// ran through the newest command's labels, between its words ("4. D GET user:42" at
// expensive-miss's sixth beat, "3. B SET user:42 ..." at only-what-is-asked's second).
test('no label of the diagram lies on another, and no arrow runs through one, at any beat of any scenario', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openSandbox(page);
  const sweep = await page.evaluate(sweepDiagram);
  // The sweep measured what it is about: beats that send several commands, arrows under labels.
  expect(sweep.beatsWithSeveral).toBeGreaterThan(30);
  expect(sweep.crossings).toBeGreaterThan(50);
  expect(sweep.problems).toEqual([]);
});
