import { describe, expect, it } from 'vitest';
import { COURSE_ORDER } from '../scenarios/course';
import {
  createCourseProgressStore,
  describeLessonDone,
  lessonPosition,
  selectCourseProgress,
  startProgressTracking,
  unionOfDone,
  withLessonDone,
} from './courseProgress';
import { findScenario } from '../scenarios';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import type { TimelineInput } from './timeline';
import { selectIsScenarioOver } from './scriptSelectors';
import { freePlaySandbox } from './testSandbox';

describe('the course progress reducer', () => {
  it('adds a lesson once, in the order done, and keeps the same list when it is there', () => {
    const one = withLessonDone([], 'cold-read');
    expect(one).toEqual(['cold-read']);
    expect(withLessonDone(one, 'cold-read')).toBe(one);
    expect(withLessonDone(one, 'stale-set')).toEqual(['cold-read', 'stale-set']);
    expect(unionOfDone(['stale-set'], ['cold-read', 'stale-set'])).toEqual([
      'stale-set',
      'cold-read',
    ]);
  });

  it('counts the course lessons done and continues at the first one not done', () => {
    const total = COURSE_ORDER.length;
    expect(selectCourseProgress([])).toEqual({ doneCount: 0, total, next: COURSE_ORDER[0] });
    // Lessons 1, 2 and 4 done (and an id a later page might have written): 3 of them count.
    const ids = [COURSE_ORDER[0].id, COURSE_ORDER[1].id, COURSE_ORDER[3].id, 'a-later-lesson'];
    expect(selectCourseProgress(ids)).toEqual({ doneCount: 3, total, next: COURSE_ORDER[2] });
    expect(selectCourseProgress(COURSE_ORDER.map((s) => s.id))).toEqual({
      doneCount: total,
      total,
      next: undefined,
    });
  });

  it('a reset forgets every lesson and is counted, so it is saved as it is', () => {
    const progress = createCourseProgressStore(['cold-read', 'ttl-expiry']);
    progress.getState().resetProgress();
    expect(progress.getState()).toMatchObject({ doneIds: [], resets: 1 });
    progress.getState().progressRestored(['stale-set']);
    expect(progress.getState().doneIds).toEqual(['stale-set']);
  });
});

describe('the lesson just done, announced once', () => {
  it('is the lesson this page marked done; not one done again, restored, or done in another tab', () => {
    const progress = createCourseProgressStore();
    const { lessonFinished, progressRestored, progressSavedElsewhere, resetProgress } =
      progress.getState();
    progressRestored(['ttl-expiry']);
    expect(progress.getState().lastFinished).toBeNull();
    lessonFinished('cold-read');
    expect(progress.getState().lastFinished).toBe('cold-read');
    // Done already (restored): no news, the last one stays.
    lessonFinished('ttl-expiry');
    expect(progress.getState().lastFinished).toBe('cold-read');
    progressSavedElsewhere(['ttl-expiry', 'cold-read', 'stale-set']);
    expect(progress.getState().lastFinished).toBe('cold-read');
    // Another tab's reset forgets it, so playing it again is news again.
    progressSavedElsewhere([]);
    expect(progress.getState().lastFinished).toBeNull();
    lessonFinished('cold-read');
    expect(progress.getState().lastFinished).toBe('cold-read');
    resetProgress();
    expect(progress.getState()).toMatchObject({ doneIds: [], lastFinished: null });
  });

  it('says which lesson, how many are done and what now, in either view', () => {
    const [first, second, third] = COURSE_ORDER;
    const total = COURSE_ORDER.length;
    expect(lessonPosition(third.id)).toEqual({ number: 3, total, part: '2. What it buys' });
    expect(lessonPosition('no-such-lesson')).toBeUndefined();
    expect(describeLessonDone(first.id, [first.id], false)).toBe(
      `Lesson 1 of ${total} done: ${first.title}. 1 of ${total} lessons done. Next: ${second.title} (the Next scenario link).`,
    );
    expect(describeLessonDone(first.id, [second.id, first.id], true)).toBe(
      `Lesson 1 of ${total} done: ${first.title}. 2 of ${total} lessons done. Next: ${second.title} (→ opens it, done already).`,
    );
    const last = COURSE_ORDER[total - 1];
    expect(describeLessonDone(last.id, [last.id], false)).toBe(
      `Lesson ${total} of ${total} done: ${last.title}. 1 of ${total} lessons done. That was the course's last lesson; the first not done is ${first.title} (the Scenario list opens it).`,
    );
    expect(
      describeLessonDone(
        last.id,
        COURSE_ORDER.map((s) => s.id),
        true,
      ),
    ).toBe(
      `Lesson ${total} of ${total} done: ${last.title}. ${total} of ${total} lessons done: the whole course. That was the course's last lesson.`,
    );
  });
});

describe('a lesson is done once its last beat is played', () => {
  it('not at its start or midway; at its last beat; and it stays done after Back or another scenario', async () => {
    const sandbox = await freePlaySandbox();
    const progress = createCourseProgressStore();
    startProgressTracking(sandbox, progress);
    await sandbox.getState().loadScenario('cold-read');
    await sandbox.getState().step();
    expect(progress.getState().doneIds).toEqual([]);
    while (sandbox.getState().canStep) await sandbox.getState().step();
    expect(progress.getState().doneIds).toEqual(['cold-read']);
    await sandbox.getState().back();
    await sandbox.getState().loadScenario('ttl-expiry');
    expect(progress.getState().doneIds).toEqual(['cold-read']);
  });

  it('not for the lesson opened from the end of one with as many beats, by Next or by history', async () => {
    const sandbox = await freePlaySandbox();
    const progress = createCourseProgressStore();
    startProgressTracking(sandbox, progress);
    const [, first, second] = COURSE_ORDER;
    expect(findScenario(second.id)!.beats.length).toBeLessThanOrEqual(first.beats.length);
    await sandbox.getState().loadScenario(first.id);
    while (sandbox.getState().canStep) await sandbox.getState().step();
    expect(progress.getState().doneIds).toEqual([first.id]);
    // Until 2026-12-05 the beats of the lesson left counted as the new one's until it rebuilt:
    // it was marked done, and said so, on opening.
    await sandbox.getState().loadScenario(second.id);
    expect(progress.getState().doneIds).toEqual([first.id]);
    await sandbox.getState().loadScenario(first.id);
    while (sandbox.getState().canStep) await sandbox.getState().step();
    const view = { scenarioId: second.id, config: DEFAULT_SANDBOX_CONFIG, inputs: [] };
    await sandbox.getState().openView(view);
    expect(progress.getState().doneIds).toEqual([first.id]);
  });

  it('not for a link that opens the lesson before its end, made after Back; yes for one at its end', async () => {
    const sandbox = await freePlaySandbox();
    const progress = createCourseProgressStore();
    startProgressTracking(sandbox, progress);
    const beats = findScenario('stale-set')!.beats.length;
    const inputs = Array.from({ length: beats }, (): TimelineInput => ({ type: 'press' }));
    const view = { scenarioId: 'stale-set', config: DEFAULT_SANDBOX_CONFIG, inputs };
    await sandbox.getState().openView({ ...view, at: 0 });
    expect(sandbox.getState().beat).toBe(0);
    await sandbox.getState().openView({ ...view, at: beats - 1 });
    expect(sandbox.getState().beat).toBe(beats - 1);
    expect(progress.getState().doneIds).toEqual([]);
    await sandbox.getState().openView(view);
    expect(progress.getState().doneIds).toEqual(['stale-set']);
  });

  // Played under another setting, a lesson's last beat can leave requests in flight: the
  // narration says "Step on to see them finish". Until 2026-12-06 it was marked done there, and
  // the page said "Lesson done: its last step is played" beside that, steps before its end.
  it('not at its last beat while requests are in flight; once the last of them finishes', async () => {
    const sandbox = await freePlaySandbox();
    const progress = createCourseProgressStore();
    startProgressTracking(sandbox, progress);
    await sandbox.getState().loadScenario('invalidate-on-write');
    expect(await sandbox.getState().configure({ writePolicy: 'double-delete' })).toBeNull();
    const beats = findScenario('invalidate-on-write')!.beats.length;
    while (sandbox.getState().beat < beats) await sandbox.getState().step();
    expect(selectIsScenarioOver(sandbox.getState())).toBe(true);
    expect(sandbox.getState().canStep).toBe(true);
    expect(progress.getState()).toMatchObject({ doneIds: [], lastFinished: null });
    while (sandbox.getState().canStep) {
      expect(progress.getState().doneIds).toEqual([]);
      await sandbox.getState().step();
    }
    expect(progress.getState()).toMatchObject({
      doneIds: ['invalidate-on-write'],
      lastFinished: 'invalidate-on-write',
    });
  });
});
