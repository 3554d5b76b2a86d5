// @vitest-environment jsdom
import type { SqlJsStatic } from 'sql.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { act } from 'react';
import { findScenario } from '../scenarios';
import { COURSE_ORDER } from '../scenarios/course';
import { courseProgressStore } from '../store/courseProgress';
import { quizStoreFor } from '../store/quizStore';
import { selectCommandCount } from '../store/selectors';
import { CourseStart } from './CourseStart';
import { mountWithSandbox, perform, type MountedView } from './mountWithSandbox';

let SQL: SqlJsStatic;
let view: MountedView | undefined;

beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

afterEach(() => {
  view?.unmount();
  act(() => courseProgressStore.setState({ doneIds: [], isKept: true }));
});

describe('CourseStart', () => {
  it('says what a → press does in a scenario as the course plays it: a step of the story, one command or a few', async () => {
    view = await mountWithSandbox(SQL, <CourseStart />);
    const said = view.container.textContent ?? '';
    const { store } = view;
    // ttl-expiry, the course's second scenario: its first press sends GET user:7, then SELECT.
    await perform(() => store.getState().loadScenario('ttl-expiry'));
    const before = selectCommandCount(store.getState());
    await perform(() => store.getState().step());
    expect(selectCommandCount(store.getState()) - before).toBe(2);
    expect(said).not.toMatch(/every step sends one/);
    expect(said).toContain('one command or a few');
  });

  it("in quiz mode the outline keeps back the summaries that answer a scenario's questions", async () => {
    view = await mountWithSandbox(SQL, <CourseStart />);
    const { container, store } = view;
    const line = (title: string) =>
      [...container.querySelectorAll('.course-outline li li')].find((li) =>
        li.textContent?.startsWith(title),
      )?.textContent;
    const coldRead = findScenario('cold-read')!;
    const writeThenRead = findScenario('write-then-read')!;
    expect(line(coldRead.title)).toBe(`${coldRead.title}: ${coldRead.summary}`);
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    // "the second read is served by Redis alone": the answer to "Will A's next GET be a hit?".
    // Its title, "Cold read, then a hit", answers it too: the outline names it neutrally.
    expect(line(coldRead.title)).toBeUndefined();
    expect(line('One user, read twice')).toBe(
      'One user, read twice: summary hidden in quiz mode (it would give answers away)',
    );
    // "each runs its own SELECT"; and expensive-miss's "four readers missing at once cost four
    // queries" answers stampede's "How many SELECTs?" from the same outline.
    expect(line('A hot key expires:')).toBe(
      'A hot key expires: summary hidden in quiz mode (it would give answers away)',
    );
    expect(line('An expensive miss:')).toBe(
      'An expensive miss: summary hidden in quiz mode (it would give answers away)',
    );
    // A scenario that asks nothing gives nothing away.
    expect(line(writeThenRead.title)).toBe(`${writeThenRead.title}: ${writeThenRead.summary}`);
    await perform(async () => quizStoreFor(store).getState().setEnabled(false));
  });

  it("in quiz mode each lesson's link names it by its quiz id and keeps quiz mode on, so following it or copying it gives no answer away", async () => {
    view = await mountWithSandbox(SQL, <CourseStart />);
    const { container, store } = view;
    const hrefOf = (title: string) =>
      [...container.querySelectorAll<HTMLAnchorElement>('.course-outline a')]
        .find((a) => a.textContent?.startsWith(title))
        ?.getAttribute('href');
    expect(hrefOf('Race: stale set after invalidation')).toBe('?scenario=stale-set');
    await perform(async () => quizStoreFor(store).getState().setEnabled(true));
    expect(hrefOf('Race: a reader and a writer')).toBe('?scenario=race-reader-and-writer&quiz=1');
    expect(hrefOf('One user, read twice')).toBe('?scenario=one-user-read-twice&quiz=1');
    // A scenario whose id says no more than its title keeps it.
    expect(hrefOf('TTL: a cached copy expires')).toBe('?scenario=ttl-expiry&quiz=1');
    await perform(async () => quizStoreFor(store).getState().setEnabled(false));
  });

  it('marks the lessons done in words, counts them, continues at the first not done, and resets only when confirmed', async () => {
    const [first, second, third, fourth] = COURSE_ORDER;
    courseProgressStore.setState({ doneIds: [first.id, second.id, fourth.id] });
    view = await mountWithSandbox(SQL, <CourseStart />);
    const { container } = view;
    const text = () => container.textContent ?? '';
    expect(text()).toContain(`Your progress: 3 of ${COURSE_ORDER.length} lessons done.`);
    expect(text()).toContain('A lesson counts as done once its last step has been played');
    const start = container.querySelector<HTMLAnchorElement>('#course-start-link')!;
    expect(start.textContent).toBe(`Continue the course: ${third.title}`);
    // → still opens the first scenario: the page does not say the button does the same.
    expect(text()).toContain(
      'Press → to open the first scenario again (the button below continues where you left off), then → (or Step)',
    );
    const names = [...container.querySelectorAll('.course-outline a')].map((a) => a.textContent);
    expect(names).toContain(`${fourth.title} (done)`);
    expect(names).toContain(third.title);

    const button = (name: string) =>
      [...container.querySelectorAll('button')].find((b) => b.textContent === name);
    act(() => button('Reset progress')!.click());
    expect(document.activeElement).toBe(button('Yes, reset progress'));
    act(() => button('Cancel')!.click());
    expect(courseProgressStore.getState().doneIds).toHaveLength(3);
    expect(document.activeElement).toBe(button('Reset progress'));

    // Escape answers no, as Cancel does.
    act(() => button('Reset progress')!.click());
    act(() => {
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
      );
    });
    expect(button('Yes, reset progress')).toBeUndefined();
    expect(document.activeElement).toBe(button('Reset progress'));

    act(() => button('Reset progress')!.click());
    act(() => button('Yes, reset progress')!.click());
    expect(courseProgressStore.getState().doneIds).toEqual([]);
    expect(text()).toContain('No lesson done yet.');
    expect(start.textContent).toBe(`Start the course: ${first.title}`);
    expect(text()).toContain('Press → (or the button below) to open the first scenario, then');
    expect(document.activeElement).toBe(start);
  });

  it.each([
    [[], 1, "Reset progress: clear the quiz's score (1 of 1)? This cannot be undone."],
    [[0], 0, 'Reset progress: mark the 1 lesson done as not done? This cannot be undone.'],
    [
      [0, 1],
      1,
      "Reset progress: mark all 2 lessons done as not done, and clear the quiz's score (1 of 1)? This cannot be undone.",
    ],
  ])(
    'lessons %j done and %i prediction scored: the confirmation asks "%s"',
    async (done, scored, asked) => {
      // Before: "mark all 0 lessons done as not done", "mark all 1 lessons done".
      courseProgressStore.setState({ doneIds: done.map((i) => COURSE_ORDER[i].id) });
      view = await mountWithSandbox(SQL, <CourseStart />);
      const kept = scored > 0 ? ['stale-read:2 → stale'] : [];
      act(() => quizStoreFor(view!.store).getState().scoreRestored(kept, kept));
      const reset = [...view.container.querySelectorAll('button')].find(
        (b) => b.textContent === 'Reset progress',
      );
      act(() => reset!.click());
      expect(view.container.querySelector('.course-progress-confirm p')?.textContent).toBe(asked);
    },
  );

  it('where the browser lets the page save nothing, progress and the score are not said to be kept', async () => {
    courseProgressStore.setState({ doneIds: [COURSE_ORDER[0].id], isKept: false });
    view = await mountWithSandbox(SQL, <CourseStart />);
    // Before, this said "progress is kept in this browser" under the notice that nothing is.
    expect(view.container.textContent).toContain(
      'A lesson counts as done once its last step has been played, whatever its verdict; this browser lets the page save nothing, so progress lasts until the page is closed.',
    );
    expect(view.container.textContent).not.toContain('kept in this browser');
  });
});
