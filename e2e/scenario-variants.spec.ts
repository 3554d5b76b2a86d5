import type { Page } from '@playwright/test';
import type { ScenarioInfo } from '../src/store/automationApi';
import { expect, SandboxPage, test } from './fixtures';

/**
 * Every scenario walked to its end through the page, then every setting it invites switched
 * there: the page says the run left the script, tells the last Step from the engine's events,
 * and the banner gives the verdict the scenario declares for that setting, which for a fix that
 * works is "Outcome met". Driven by `window.cacheAside.scenarios()`, so a new scenario (or a new
 * variant) is covered without touching this file.
 */

const LABELS = {
  writePolicy: 'Write policy',
  readMitigation: 'Read mitigation',
  pattern: 'Pattern',
} as const;

async function listScenarios(page: Page): Promise<ScenarioInfo[]> {
  const sandbox = new SandboxPage(page);
  await sandbox.open();
  return page.evaluate(() => window.cacheAside!.scenarios());
}

const heading = (page: Page) =>
  page.getByRole('region', { name: 'Narration' }).getByRole('heading');
const verdicts = (page: Page) =>
  page.getByRole('region', { name: 'Narration' }).getByRole('status');

test('every scenario: to its end with Step, then each invited setting is judged as declared', async ({
  page,
  sandbox,
}) => {
  test.setTimeout(420_000);
  const scenarios = await listScenarios(page);
  expect(scenarios.length).toBeGreaterThan(10);
  expect(scenarios.flatMap((s) => s.variants).length).toBeGreaterThan(5);
  for (const sc of scenarios) {
    await test.step(sc.id, async () => {
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
      await expect(verdicts(page)).toContainText('Outcome met');
      await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
      const authored = await sandbox.narration.textContent();

      const own = await page.evaluate(() => window.cacheAside!.state());
      for (const variant of sc.variants) {
        const entries = Object.entries(variant.settings) as [keyof typeof LABELS, string][];
        for (const [field, value] of entries)
          await page.getByLabel(LABELS[field]).selectOption(value);
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
        // Back on the script: the authored story and its own verdict return.
        for (const [field] of entries)
          await page.getByLabel(LABELS[field]).selectOption(own[field]);
        await expect(page.getByTestId('narration.off-script')).toHaveCount(0);
        await expect(sandbox.narration).toHaveText(authored ?? '');
        await expect(verdicts(page)).toContainText('Outcome met');
      }
    });
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
  await expect(sandbox.diagramMessage).toContainText('3. GET user:1');
  await sandbox.open('?scenario=stale-read&step=1');
  await sandbox.step();
  await expect(page.getByTestId('diagram.outside')).toContainText('ops');
  await expect(sandbox.diagramMessage).toContainText('UPDATE users');
  await expect(earlier).toHaveCount(0);
});
