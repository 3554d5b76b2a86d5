import { COURSE_ORDER } from '../src/scenarios/course';
import { expect, test } from './fixtures';

test('a lesson played to its end is marked done, comes back on the next visit, and Reset progress clears it', async ({
  page,
  sandbox,
  api,
}) => {
  await sandbox.open();
  const progress = page.getByTestId('course.progress');
  await expect(progress).toHaveText(/^No lesson done yet\./);
  await page.getByRole('link', { name: 'Start the course: Cold read, then a hit' }).click();
  await sandbox.step(3);
  // Not done before its last step.
  await expect(page.getByTestId('course.lesson-done')).toHaveCount(0);
  await sandbox.step();
  await expect(page.getByTestId('course.lesson-done')).toHaveText(
    /^Lesson done: its last step is played \(1 of \d+ lessons done\)\./,
  );

  // The second lesson, played in presenter mode with quiz mode on: it counts too.
  await page.getByRole('link', { name: 'Next scenario: TTL: a cached copy expires' }).click();
  await sandbox.press('p');
  await sandbox.press('q');
  await api.runToEnd();
  await expect(page.getByRole('status').filter({ hasText: /^Outcome/ })).toBeVisible();

  // A new visit, on the first screen: a tab of its own, without this one's presenter mode.
  await page.evaluate(() => sessionStorage.clear());
  await page.goto('about:blank');
  await sandbox.open();
  await expect(progress).toHaveText(/^Your progress: 2 of \d+ lessons done\./);
  await page.getByText('The course, part by part').click();
  // Quiz mode, turned on in the second lesson, is kept: the outline names cold-read as quiz mode
  // does, "Cold read, then a hit" answering its own questions.
  await expect(page.getByRole('link', { name: 'One user, read twice (done)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'TTL: a cached copy expires (done)' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Continue the course: / })).not.toHaveText(
    /Cold read|TTL/,
  );

  // Reset progress from the keyboard: asked first, then cleared, and cleared for the next visit.
  await page.getByRole('button', { name: 'Reset progress' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Yes, reset progress' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(progress).toHaveText(/^No lesson done yet\./);
  // (Named as quiz mode, still on, names it.)
  await expect(
    page.getByRole('link', { name: 'Start the course: One user, read twice' }),
  ).toBeFocused();
  await page.reload();
  await sandbox.waitUntilReady();
  await expect(progress).toHaveText(/^No lesson done yet\./);
  await expect(
    page.getByRole('link', { name: 'Start the course: One user, read twice' }),
  ).toBeVisible();
});

test('a lesson done is told to a screen reader once, with what now, in the live region P and Q use', async ({
  page,
  sandbox,
  api,
}) => {
  const [first, second, third] = COURSE_ORDER;
  const total = COURSE_ORDER.length;
  const said = page.getByTestId('presenter.announcement');
  await sandbox.open(`?scenario=${first.id}`);
  await sandbox.step(first.beats.length - 1);
  await expect(said).toHaveText('');
  await sandbox.step();
  // Before, the page showed "Lesson done" and a screen reader heard nothing of it.
  await expect(said).toHaveText(
    `Lesson 1 of ${total} done: ${first.title}. 1 of ${total} lessons done. Next: ${second.title} (the Next scenario link).`,
  );
  await expect(said).toHaveAttribute('aria-live', 'polite');
  // Once: played to its end again, it is not told again.
  await sandbox.press('p');
  await expect(said).toHaveText('Presenter mode on. P leaves it.');
  await sandbox.press('ArrowLeft');
  await sandbox.press('ArrowRight');
  await expect(page.getByTestId('presenter.next')).toHaveText(
    `next: → opens the next scenario, ${second.title}`,
  );
  await expect(said).toHaveText('Presenter mode on. P leaves it.');
  // Presenting, the next lesson is a clicker's key away, as it says.
  await sandbox.press('ArrowRight');
  await expect.poll(async () => (await api.state()).scenario).toBe(second.id);
  await api.runToEnd();
  await expect(said).toHaveText(
    `Lesson 2 of ${total} done: ${second.title}. 2 of ${total} lessons done. Next: ${third.title} (→ opens it).`,
  );
  // Said of the lesson left: once → opens the next, a screen reader does not meet it there (nor
  // a "Lesson 3 done" for the lesson just opened, as when it has no more beats than the one left).
  await sandbox.press('ArrowRight');
  await expect.poll(async () => (await api.state()).scenario).toBe(third.id);
  await expect(said).toHaveText('');
  await sandbox.press('ArrowRight');
  await expect.poll(async () => (await api.state()).step).toBe(1);
  await expect(said).toHaveText('');
});

test('unreadable saved progress is set aside with a notice; the page opens with none done', async ({
  page,
  sandbox,
}) => {
  await sandbox.open();
  await page.evaluate(() =>
    localStorage.setItem('cache-aside-lab.progress', '{"version":1,"done":"cold-read"'),
  );
  await page.reload();
  await sandbox.waitUntilReady();
  await expect(sandbox.alert).toContainText(
    'Your saved course progress could not be read (not valid JSON)',
  );
  await expect(page.getByTestId('course.progress')).toHaveText(/^No lesson done yet\./);
  expect(
    await page.evaluate(() => localStorage.getItem('cache-aside-lab.progress.set-aside')),
  ).toBe('{"version":1,"done":"cold-read"');
});
