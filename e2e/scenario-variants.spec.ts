import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Every scenario walked to its end in ONE page load, then every setting it invites switched
 * there through its control: the page says the run left the script, tells the last Step from
 * the engine's events (the command the diagram draws last among them), and the banner gives the
 * verdict the scenario declares for that setting, which for a fix that works is "Outcome met".
 * Switching back brings the authored story and its verdict back. Driven by the scenario data
 * (`window.cacheAside.scenarios()`), so a new scenario or variant is covered; the engine side of
 * the same walk, with each Step's commands, is `src/store/scenarioVariants.test.ts`.
 */

const LABELS = {
  writePolicy: 'Write policy',
  readMitigation: 'Read mitigation',
  pattern: 'Pattern',
  invalidation: 'Invalidation',
} as const;

const heading = (page: Page) =>
  page.getByRole('region', { name: 'Narration' }).getByRole('heading');

/** What the page shows of a run, read in one round trip (the API resolves once it rendered). */
async function view(page: Page) {
  return page.evaluate(() => {
    const text = (el: Element | null | undefined) => el?.textContent?.trim() ?? null;
    const region = document.querySelector('section[aria-label="Narration"]');
    const newest = document.querySelector('[data-testid="diagram.message"]');
    return {
      heading: text(region?.querySelector('h2')),
      scrubber: text(document.querySelector('.scrubber span')),
      offScript: text(document.querySelector('[data-testid="narration.off-script"]')),
      narration: text(document.querySelector('[data-testid="narration.text"]')) ?? '',
      verdicts: [...(region?.querySelectorAll('[role="status"]') ?? [])].map((v) => text(v)),
      misses: text(document.querySelector('[data-testid="stat.Misses"] dd')),
      hits: text(document.querySelector('[data-testid="stat.Hits"] dd')),
      // The newest command the diagram draws: its first label ("3. D GET user:1", "B waits: ...").
      drawn: text(newest?.tagName === 'text' ? newest : newest?.querySelector('text')) ?? '',
      state: window.cacheAside!.state(),
    };
  });
}

/** The narration names the command the diagram draws last ("A sends GET user:1", "B waits"). */
function namesDrawnCommand(narration: string, drawn: string): boolean {
  if (drawn.includes(' waits: ')) return narration.includes('waits');
  // A numbered label names its sender ("3. D GET user:1"); a lone one does not ("GET user:1").
  const [verb, key] = drawn.replace(/^\d+\. (?:[\w-]+ (?=[A-Z]{2,}\b))?/, '').split(' ');
  return [`sends ${verb}`, `runs ${verb}`].some((sent) =>
    narration.includes(key ? `${sent} ${key}` : sent),
  );
}

test('every scenario to its end, then each invited setting switched there: told from the events and judged as declared', async ({
  page,
  sandbox,
  api,
}) => {
  // About 10 s on an idle machine; generous for a busy one.
  test.setTimeout(180_000);
  await sandbox.open();
  const scenarios = await api.scenarios();
  expect(scenarios.filter((sc) => sc.variants.length > 0).length).toBeGreaterThan(5);
  for (const sc of scenarios) {
    const end = ` ${sc.beats} / ${sc.beats}`;
    await api.loadScenario(sc.id);
    await api.step(sc.beats);
    const own = await view(page);
    // One meaning of step: the narration's counter, the scrubber and the API agree.
    expect(own.heading, sc.id).toContain(end);
    expect(own.scrubber, sc.id).toBe(`Step ${sc.beats} of ${sc.beats}`);
    expect(own.state.step, sc.id).toBe(sc.beats);
    expect(own.verdicts, sc.id).toEqual([expect.stringMatching(/^Outcome met: /)]);
    expect(own.offScript, sc.id).toBeNull();
    // The counters show what the engine counted.
    expect([own.misses, own.hits], sc.id).toEqual([
      String(own.state.stats.misses),
      String(own.state.stats.hits),
    ]);
    const ownSettings = {
      writePolicy: own.state.writePolicy,
      readMitigation: own.state.readMitigation,
      pattern: own.state.pattern,
      invalidation: own.state.invalidation,
    };
    for (const variant of sc.variants) {
      const where = `${sc.id} ${JSON.stringify(variant.settings)}`;
      const entries = Object.entries(variant.settings) as [keyof typeof LABELS, string][];
      // Through the control a learner would use; the notice renders with the rebuilt run.
      for (const [field, value] of entries)
        await sandbox.control(LABELS[field]).selectOption(value);
      for (const [field, value] of entries)
        await expect(page.getByTestId('narration.off-script')).toContainText(
          `${LABELS[field]}: ${value}`,
        );
      const shown = await view(page);
      // The last beat plays every request to its end under a setting the scenario invites, so
      // the run ends judged, never "No verdict: ... still has a request in flight" (stampede
      // under single-flight and write-then-read-write-through under write-behind did).
      expect(
        shown.state.actors.filter((a) => a.pending !== null).map((a) => a.name),
        where,
      ).toEqual([]);
      expect(shown.verdicts, where).toEqual([
        `Outcome met: ${variant.description} The scenario is over: carry on in free play.`,
      ]);
      expect(shown.heading, where).toContain(end);
      expect(shown.state.step, where).toBe(sc.beats);
      expect(shown.narration, where).not.toBe(own.narration);
      expect(
        namesDrawnCommand(shown.narration, shown.drawn),
        `${where}: ${shown.drawn} / ${shown.narration}`,
      ).toBe(true);
      expect([shown.misses, shown.hits], where).toEqual([
        String(shown.state.stats.misses),
        String(shown.state.stats.hits),
      ]);
      // Stepped on until no request is left, the fix still holds: a variant is never judged
      // "not met" for the very outcome it promised (stampede under single-flight was, once B,
      // C and D read what A cached).
      const ended = await api.runToEnd();
      const finished = await view(page);
      expect(finished.verdicts, `${where}, run to its end`).toEqual([
        expect.stringMatching(/^Outcome met: /),
      ]);
      if (ended.step > sc.beats) await api.back(ended.step - sc.beats);
      // Back on the script: the authored story and its own verdict return.
      await api.configure(ownSettings);
      const back = await view(page);
      expect(back.offScript, where).toBeNull();
      expect(back.narration, where).toBe(own.narration);
      expect(back.verdicts, where).toEqual(own.verdicts);
    }
  }
});

test("a beat with several commands draws each in order; the scenario's ops statement is drawn from its own box", async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stampede&step=2');
  await sandbox.step();
  const earlier = page.getByTestId('diagram.earlier-message');
  await expect(earlier).toHaveText([/^1\. B GET user:1 → \(nil\)/, /^2\. C GET user:1 → \(nil\)/]);
  await expect(sandbox.diagramMessage).toContainText('3. D GET user:1');
  // Another scenario picked on the same page, stepped to its second beat.
  await page.getByLabel('Scenario').selectOption('stale-read');
  await expect(heading(page)).toContainText(' 0 / ');
  await sandbox.step();
  await expect(heading(page)).toContainText(' 1 / ');
  await sandbox.step();
  await expect(heading(page)).toContainText(' 2 / ');
  await expect(page.getByTestId('diagram.outside')).toContainText('ops');
  await expect(sandbox.diagramMessage).toContainText('UPDATE users');
  await expect(earlier).toHaveCount(0);
});

test('before the end, Expected states what the scenario promises for the settings shown', async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-set');
  const expected = page.getByTestId('narration.expected');
  await expect(expected).toContainText('Without a mitigation');
  await sandbox.control('Read mitigation').selectOption('lease');
  await expect(expected).toHaveText(
    "Expected: With leases A takes a lease on its miss and B's DEL removes it with the key, so A's fill is refused with (integer) 0: no stale fill, and A's next read misses, takes a new lease and caches version 2: fresh.",
  );
  await sandbox.control('Scheduling').selectOption('timed');
  await expect(expected).toContainText(
    'Expected: The scenario makes no promise for these settings (Read mitigation: lease, Scheduling: timed)',
  );
});

test('presented under the fix its last beat invites, a run ends on its verdict, not "No verdict: ... in flight"', async ({
  page,
  sandbox,
}) => {
  // The last beats left requests on their way: B, C and D waiting on A's lock (and A's SET and
  // unlock), or B's RPUSH of its write-behind write; the banner then said "No verdict: A, B, C,
  // D still have requests in flight" at the scenario's last step.
  const status = page.getByRole('region', { name: 'Narration', exact: true }).getByRole('status');
  for (const [query, beats, promise] of [
    ['?scenario=stampede&mitigation=single-flight&present=1', 5, 'only A takes it and runs SELECT'],
    [
      '?scenario=write-then-read-write-through&pattern=write-behind&present=1',
      3,
      'Under write-behind B’s write lands in the cache first',
    ],
  ] as const) {
    await sandbox.open(query);
    await expect(sandbox.position(0, beats)).toBeVisible();
    for (let i = 0; i < beats; i++) await sandbox.press('ArrowRight');
    await expect(sandbox.position(beats, beats)).toBeVisible();
    await expect(status, query).toHaveText(/^Outcome met: /);
    await expect(status, query).toContainText(promise);
    await expect(status, query).not.toContainText('in flight');
  }
});
