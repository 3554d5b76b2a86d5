import type { Page } from '@playwright/test';
import { findScenario } from '../src/scenarios';
import type { ScenarioInfo } from '../src/store/automationApi';
import { expect, SandboxPage, test } from './fixtures';

/**
 * A scenario walked to its end through the page, then every setting it invites switched there:
 * the page says the run left the script, tells the last Step from the engine's events, and the
 * banner gives the verdict the scenario declares for that setting, which for a fix that works is
 * "Outcome met". The engine side of this, for every scenario and every variant, is checked in
 * Node (`src/store/scenarioVariants.test.ts`); here, what only the page shows, for two
 * scenarios that between them invite both settings: stale-set walked with Step (a mitigation
 * and a write policy), stampede opened at its end from a link (a mitigation, several commands a
 * beat).
 */

const LABELS = {
  writePolicy: 'Write policy',
  readMitigation: 'Read mitigation',
  pattern: 'Pattern',
} as const;

const heading = (page: Page) =>
  page.getByRole('region', { name: 'Narration' }).getByRole('heading');
const verdicts = (page: Page) =>
  page.getByRole('region', { name: 'Narration' }).getByRole('status');

async function scenarioInfo(page: Page, id: string): Promise<ScenarioInfo> {
  const all = await page.evaluate(() => window.cacheAside!.scenarios());
  const sc = all.find((s) => s.id === id);
  if (!sc) throw new Error(`no scenario ${id}`);
  return sc;
}

/** At the scenario's last beat: each invited setting switched, judged, and switched back. */
async function checkVariants(page: Page, sandbox: SandboxPage, sc: ScenarioInfo): Promise<void> {
  await expect(verdicts(page)).toContainText('Outcome met');
  await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
  const authored = await sandbox.narration.textContent();
  const own = await page.evaluate(() => window.cacheAside!.state());
  expect(sc.variants.length).toBeGreaterThan(0);
  for (const variant of sc.variants) {
    const entries = Object.entries(variant.settings) as [keyof typeof LABELS, string][];
    for (const [field, value] of entries) await page.getByLabel(LABELS[field]).selectOption(value);
    await expect(heading(page)).toContainText(` ${sc.beats} / ${sc.beats}`);
    for (const [field, value] of entries)
      await expect(page.getByTestId('narration.off-script')).toContainText(
        `${LABELS[field]}: ${value}`,
      );
    // Told from the engine's events: the actor and command the newest diagram message shows.
    const text = sandbox.narration;
    await expect(text).not.toHaveText(authored ?? '');
    // The message's first label: the command (or, for a pause, who waits).
    const drawn = await sandbox.diagramMessage.evaluate(
      (el) => (el.tagName === 'text' ? el : el.querySelector('text'))?.textContent ?? '',
    );
    if (drawn.includes(' waits: ')) await expect(text).toContainText('waits');
    else {
      const [verb, key] = drawn.replace(/^\d+\. /, '').split(' ');
      await expect(text).toContainText(new RegExp(`(sends|runs) ${verb}`));
      if (key) await expect(text).toContainText(key);
    }
    await expect(verdicts(page)).toHaveCount(1);
    await expect(verdicts(page)).toContainText(`Outcome met: ${variant.description}`);
    await expect(verdicts(page)).not.toContainText('not met');
    await expect(verdicts(page)).not.toContainText('No verdict');
    // Back on the script: the authored story and its own verdict return.
    for (const [field] of entries) await page.getByLabel(LABELS[field]).selectOption(own[field]);
    await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
    await expect(sandbox.narration).toHaveText(authored ?? '');
    await expect(verdicts(page)).toContainText('Outcome met');
  }
}

test('stale-set: to its end with Step, then each invited setting is judged as declared', async ({
  page,
  sandbox,
}) => {
  await sandbox.open();
  const sc = await scenarioInfo(page, 'stale-set');
  await page.getByLabel('Scenario').selectOption(sc.id);
  await expect(heading(page)).toContainText(` 0 / ${sc.beats}`);
  for (let beat = 1; beat <= sc.beats; beat++) {
    const before = (await page.evaluate(() => window.cacheAside!.state())).commands;
    await sandbox.stepButton.click();
    await expect(heading(page)).toContainText(` ${beat} / ${sc.beats}`);
    // The diagram draws each command this Step sent, in order, the newest last.
    const sent = (await page.evaluate(() => window.cacheAside!.state())).commands - before;
    if (sent > 0) {
      await expect(page.getByTestId('diagram.earlier-message')).toHaveCount(sent - 1);
      await expect(sandbox.diagramMessage).toHaveCount(1);
    }
  }
  await checkVariants(page, sandbox, sc);
});

test('stampede, opened at its end from a link: its invited setting is judged as declared', async ({
  page,
  sandbox,
}) => {
  const beats = findScenario('stampede')?.beats.length;
  await sandbox.open(`?scenario=stampede&step=${beats}`);
  const sc = await scenarioInfo(page, 'stampede');
  await expect(heading(page)).toContainText(` ${sc.beats} / ${sc.beats}`);
  await checkVariants(page, sandbox, sc);
});

test("a beat with several commands draws each in order; the scenario's ops statement is drawn from its own box", async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stampede&step=2');
  await sandbox.step();
  const earlier = page.getByTestId('diagram.earlier-message');
  await expect(earlier).toHaveText([/^1\. B GET user:1 → \(nil\)/, /^2\. C GET user:1 → \(nil\)/]);
  await expect(sandbox.diagramMessage).toContainText('3. GET user:1');
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
