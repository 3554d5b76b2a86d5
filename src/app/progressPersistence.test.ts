import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { setAsideKey } from '../platform/versionedStorage';
import { loadSqlJsNode } from '../engine/testSim';
import { createCourseProgressStore } from '../store/courseProgress';
import { createQuizApi } from '../store/quizApi';
import { quizStoreFor } from '../store/quizStore';
import { createSandboxStore } from '../store/sandboxStore';
import { createPresenterStore } from '../store/presenter';
import { SETTINGS_DOCUMENT } from '../store/storedSettings';
import { startPresenterPersistence } from './presenterPersistence';
import {
  PROGRESS_DOCUMENT,
  restoreProgress,
  startProgressPersistence,
  startProgressSync,
} from './progressPersistence';

const KEY = PROGRESS_DOCUMENT.key;
const stored = (storage: MemoryStorage): unknown => JSON.parse(storage.getItem(KEY) ?? 'null');
/** The document as this page saves it (version 2): the lessons done, and the quiz's score. */
const v2 = (done: string[], scored: string[] = [], right: string[] = []) => ({
  version: 2,
  done,
  quiz: { scored, right },
});
const NO_SCORE = { scored: [], right: [] };

/** A started sandbox, its quiz and the quiz's API, and an empty storage to keep them in. */
async function quizInStorage() {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(await loadSqlJsNode());
  return {
    sandbox,
    quiz: quizStoreFor(sandbox),
    api: createQuizApi(sandbox, () => Promise.resolve()),
    storage: new MemoryStorage(),
  };
}

describe('the course progress lasts between visits', () => {
  it('each lesson done is saved and comes back on the next visit', () => {
    const storage = new MemoryStorage();
    const progress = createCourseProgressStore();
    startProgressPersistence(progress, storage);
    progress.getState().lessonFinished('cold-read');
    progress.getState().lessonFinished('ttl-expiry');
    expect(stored(storage)).toEqual(v2(['cold-read', 'ttl-expiry']));
    expect(restoreProgress(storage)).toEqual({
      doneIds: ['cold-read', 'ttl-expiry'],
      quiz: NO_SCORE,
      notice: null,
    });
  });

  it('keeps what another tab saved since, and a reset writes the empty list as it is', () => {
    const storage = new MemoryStorage();
    const progress = createCourseProgressStore(['cold-read']);
    startProgressPersistence(progress, storage);
    storage.setItem(KEY, JSON.stringify({ version: 1, done: ['stale-set'] }));
    progress.getState().lessonFinished('ttl-expiry');
    expect(stored(storage)).toEqual(v2(['stale-set', 'cold-read', 'ttl-expiry']));
    progress.getState().resetProgress();
    expect(stored(storage)).toEqual(v2([]));
    expect(restoreProgress(storage).doneIds).toEqual([]);
  });

  it("takes in another tab's lessons and its reset, so its next lesson does not bring the reset ones back", () => {
    const storage = new MemoryStorage();
    // The window's storage event, as another tab's write raises it here.
    const listeners: ((e: { key: string | null }) => void)[] = [];
    const events = {
      addEventListener: (_: 'storage', l: (e: { key: string | null }) => void) => listeners.push(l),
      removeEventListener: () => {},
    };
    const tellStored = (key: string | null) => listeners.forEach((l) => l({ key }));
    // This tab opened with cold-read done; the other tab finishes stale-set, then resets.
    storage.setItem(KEY, JSON.stringify({ version: 1, done: ['cold-read'] }));
    const progress = createCourseProgressStore(restoreProgress(storage).doneIds);
    startProgressPersistence(progress, storage);
    startProgressSync(progress, storage, events);
    storage.setItem(KEY, JSON.stringify({ version: 1, done: ['cold-read', 'stale-set'] }));
    tellStored(KEY);
    expect(progress.getState().doneIds).toEqual(['cold-read', 'stale-set']);
    storage.setItem(KEY, JSON.stringify({ version: 1, done: [] }));
    tellStored(KEY);
    expect(progress.getState().doneIds).toEqual([]);
    progress.getState().lessonFinished('ttl-expiry');
    expect(stored(storage)).toEqual(v2(['ttl-expiry']));
    // Another key changed, or storage cleared whole: only the latter is about the progress.
    tellStored('cache-aside-lab.settings');
    expect(progress.getState().doneIds).toEqual(['ttl-expiry']);
    storage.removeItem(KEY);
    tellStored(null);
    expect(progress.getState().doneIds).toEqual([]);
  });

  it("keeps the quiz's score with it: saved with each prediction scored, merged with another tab's, a reset written as it is", async () => {
    const { sandbox, quiz, api, storage } = await quizInStorage();
    // A version 1 document (before the quiz was kept): migrated, its lessons kept.
    storage.setItem(KEY, JSON.stringify({ version: 1, done: ['cold-read'] }));
    expect(restoreProgress(storage)).toEqual({
      doneIds: ['cold-read'],
      quiz: NO_SCORE,
      notice: null,
    });
    const progress = createCourseProgressStore(restoreProgress(storage).doneIds);
    startProgressPersistence(progress, storage, quiz);
    await sandbox.getState().loadScenario('stale-read');
    await api.setEnabled(true);
    await sandbox.getState().step();
    await api.answer('stale');
    expect(stored(storage)).toEqual(
      v2(['cold-read'], ['stale-read:2 → stale'], ['stale-read:2 → stale']),
    );
    // Another tab scored a prediction meanwhile: both are kept.
    storage.setItem(KEY, JSON.stringify(v2(['cold-read'], ['stampede:4 → 4'], [])));
    await api.answer('v2');
    expect(stored(storage)).toEqual(
      v2(
        ['cold-read'],
        ['stampede:4 → 4', 'stale-read:2 → stale', 'stale-read:3 → v1'],
        ['stale-read:2 → stale'],
      ),
    );
    expect(restoreProgress(storage).quiz.scored).toHaveLength(3);
    // The quiz's own reset writes no score, lessons kept; Reset progress clears the lessons.
    api.resetScore();
    expect(stored(storage)).toEqual(v2(['cold-read']));
    progress.getState().resetProgress();
    expect(stored(storage)).toEqual(v2([]));
  });

  it("saves nothing of the room's score: answers and a reset in presenter mode leave storage as it was", async () => {
    const { sandbox, quiz, api, storage } = await quizInStorage();
    startProgressPersistence(createCourseProgressStore([]), storage, quiz);
    await sandbox.getState().loadScenario('stale-read');
    await api.setEnabled(true);
    await sandbox.getState().step();
    await api.answer('stale');
    const rehearsed = v2([], ['stale-read:2 → stale'], ['stale-read:2 → stale']);
    expect(stored(storage)).toEqual(rehearsed);
    quiz.getState().presentingChanged(true);
    await api.answer('v1');
    expect(api.score()).toEqual({ correct: 1, answered: 1, whose: 'room' });
    api.resetScore();
    expect(stored(storage)).toEqual(rehearsed);
  });

  it('takes in the score another tab saved, and its reset', async () => {
    const sandbox = createSandboxStore();
    await sandbox.getState().start(await loadSqlJsNode());
    const quiz = quizStoreFor(sandbox);
    const storage = new MemoryStorage();
    const listeners: ((e: { key: string | null }) => void)[] = [];
    const events = {
      addEventListener: (_: 'storage', l: (e: { key: string | null }) => void) => listeners.push(l),
      removeEventListener: () => {},
    };
    const progress = createCourseProgressStore();
    startProgressPersistence(progress, storage, quiz);
    startProgressSync(progress, storage, events, quiz);
    storage.setItem(KEY, JSON.stringify(v2([], ['stale-set:5 → stale'], ['stale-set:5 → stale'])));
    listeners.forEach((l) => l({ key: KEY }));
    expect(quiz.getState().score).toEqual({ correct: 1, answered: 1 });
    storage.setItem(KEY, JSON.stringify(v2([])));
    listeners.forEach((l) => l({ key: KEY }));
    expect(quiz.getState().score).toEqual({ correct: 0, answered: 0 });
  });

  it("Reset progress in one tab holds in another: taking in its reset saves nothing of this tab's old lessons or score back", async () => {
    // Two tabs over one storage: each hears the other's writes as the window's storage event.
    const storage = new MemoryStorage();
    const saved = v2(
      ['cold-read', 'ttl-expiry'],
      ['stale-read:2 → stale'],
      ['stale-read:2 → stale'],
    );
    storage.setItem(KEY, JSON.stringify(saved));
    const openTab = async () => {
      const sandbox = createSandboxStore();
      await sandbox.getState().start(await loadSqlJsNode());
      const quiz = quizStoreFor(sandbox);
      const restored = restoreProgress(storage);
      const progress = createCourseProgressStore(restored.doneIds);
      quiz.getState().scoreRestored(restored.quiz.scored, restored.quiz.right);
      const listeners: ((e: { key: string | null }) => void)[] = [];
      startProgressPersistence(progress, storage, quiz);
      startProgressSync(
        progress,
        storage,
        { addEventListener: (_, l) => listeners.push(l), removeEventListener: () => {} },
        quiz,
      );
      return { progress, quiz, hear: () => listeners.forEach((l) => l({ key: KEY })) };
    };
    const here = await openTab();
    const there = await openTab();
    // Reset progress, as its confirmation does it: the lessons, then the learner's own score.
    here.progress.getState().resetProgress();
    here.quiz.getState().resetScore('own');
    expect(stored(storage)).toEqual(v2([]));
    // The other tab hears it (after both writes: a storage event comes in a later task).
    const beforeHeard = storage.getItem(KEY);
    there.hear();
    expect(there.progress.getState().doneIds).toEqual([]);
    expect(there.quiz.getState().score).toEqual({ correct: 0, answered: 0 });
    // Before, taking in the lessons saved that tab's old score back before it took in the
    // score, and the first tab took it in again: the score seemed never reset.
    expect(storage.getItem(KEY)).toBe(beforeHeard);
    here.hear();
    expect(here.quiz.getState().score).toEqual({ correct: 0, answered: 0 });
    expect(restoreProgress(storage)).toEqual({ doneIds: [], quiz: NO_SCORE, notice: null });
  });

  it('presenter and quiz preferences, saved in the settings document, leave it as it is', () => {
    const storage = new MemoryStorage();
    const progress = createCourseProgressStore();
    startProgressPersistence(progress, storage);
    progress.getState().lessonFinished('stale-set');
    const presenter = createPresenterStore();
    startPresenterPersistence(presenter, storage);
    presenter.getState().toggleNotes();
    expect(storage.getItem(SETTINGS_DOCUMENT.key)).not.toBeNull();
    expect(restoreProgress(storage).doneIds).toEqual(['stale-set']);
  });

  it.each([
    ['not JSON', '{"version":1,"done":[', /not valid JSON/],
    ['no version', '{"done":["cold-read"]}', /no schema version/],
    [
      'from a newer page',
      '{"version":7,"done":[]}',
      /saved by a newer version of this page: schema 7/,
    ],
    [
      'a list that is not one',
      '{"version":1,"done":"cold-read"}',
      /done must be a list of scenario ids/,
    ],
    [
      'a version 2 with no quiz',
      '{"version":2,"done":[]}',
      /quiz is missing: it must hold the predictions scored and those right/,
    ],
    [
      'more lessons than a course has',
      JSON.stringify(v2(Array.from({ length: 201 }, (_, i) => `lesson-${i}`))),
      /done must list at most 200 lessons/,
    ],
    [
      // Not salvaged: left out one by one, 20,000 ids made a notice of 800,000 characters.
      'more lessons than a course has, all but one unreadable',
      JSON.stringify(v2(['stale-set', ...Array.from({ length: 20_000 }, (_, i) => `Bad_${i}`)])),
      /done must list at most 200 lessons/,
    ],
    [
      'more predictions than it keeps, unreadable',
      JSON.stringify(
        v2(
          [],
          Array.from({ length: 2001 }, () => ''),
        ),
      ),
      /quiz\.scored must list at most 2000 predictions/,
    ],
  ])('%s: set aside with a notice, nothing done, nothing thrown', (_, raw, why) => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, raw);
    const restored = restoreProgress(storage);
    expect(restored.doneIds).toEqual([]);
    expect(restored.notice).toMatch(/^Your saved course progress could not be read \(/);
    expect(restored.notice).toMatch(why);
    expect(restored.notice).toContain(
      `set aside in this browser's storage as "${setAsideKey(KEY)}"`,
    );
    expect(storage.getItem(setAsideKey(KEY))).toBe(raw);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it.each([
    [
      'one lesson id no scenario could have among good ones',
      { version: 2, done: ['cold-read', 'Stale_Set', 'ttl-expiry'], quiz: NO_SCORE },
      v2(['cold-read', 'ttl-expiry']),
      'the lesson id "Stale_Set" (done[1]) is left out',
    ],
    [
      'a version 1 document with a number among its lessons',
      { version: 1, done: ['stale-set', 42] },
      v2(['stale-set']),
      'the lesson id 42 (done[1]) is left out',
    ],
    [
      'markup for an id, and a right answer never scored',
      {
        version: 2,
        done: ['<img src=x>', 'cold-read'],
        quiz: {
          scored: ['cold-read:4 → hit'],
          right: ['cold-read:4 → hit', 'stale-set:5 → stale'],
        },
      },
      v2(['cold-read'], ['cold-read:4 → hit'], ['cold-read:4 → hit']),
      'the lesson id "<img src=x>" (done[0]); the right answer "stale-set:5 → stale" (quiz.right[1]) are left out',
    ],
    [
      // They counted in the score: 2 of 3 right, one of them an answer never given here.
      'predictions of questions the page does not ask: a scenario it has not, a beat that asks none, an answer not offered',
      {
        version: 2,
        done: ['cold-read'],
        quiz: {
          scored: [
            'gone-scenario:3 → hit',
            'cold-read:4 → hit',
            'cold-read:2 → miss',
            'cold-read:4 → bogus',
          ],
          right: ['gone-scenario:3 → hit', 'cold-read:4 → hit', 'cold-read:4 → bogus'],
        },
      },
      v2(['cold-read'], ['cold-read:4 → hit'], ['cold-read:4 → hit']),
      'the prediction "gone-scenario:3 → hit" (quiz.scored[0]: no question this page asks); the prediction "cold-read:2 → miss" (quiz.scored[2]: no question this page asks); the prediction "cold-read:4 → bogus" (quiz.scored[3]: an answer its question does not offer); the right answer "gone-scenario:3 → hit" (quiz.right[0]: no question this page asks); the right answer "cold-read:4 → bogus" (quiz.right[2]: an answer its question does not offer) are left out',
    ],
    [
      // Each one named, 199 made a notice of some 8,000 characters.
      'a good lesson among 199 ids no scenario could have',
      {
        version: 2,
        done: ['cold-read', ...Array.from({ length: 199 }, (_, i) => `Bad_${i}`)],
        quiz: NO_SCORE,
      },
      v2(['cold-read']),
      'the lesson id "Bad_0" (done[1]); the lesson id "Bad_1" (done[2]); the lesson id "Bad_2" (done[3]); the lesson id "Bad_3" (done[4]); the lesson id "Bad_4" (done[5]); and 194 more are left out',
    ],
  ])(
    '%s: the rest is kept, what was left out is named, the original set aside',
    (_, doc, kept, said) => {
      const storage = new MemoryStorage();
      const raw = JSON.stringify(doc);
      storage.setItem(KEY, raw);
      const restored = restoreProgress(storage);
      expect({ doneIds: restored.doneIds, quiz: restored.quiz }).toEqual({
        doneIds: kept.done,
        quiz: kept.quiz,
      });
      expect(restored.notice).toBe(
        `Your saved course progress could not all be read: ${said}, and the rest is kept. The document as it was is set aside in this browser's storage as "${setAsideKey(KEY)}".`,
      );
      expect(storage.getItem(setAsideKey(KEY))).toBe(raw);
      // What was kept is saved in its place: the next visit reads it with nothing to say.
      expect(stored(storage)).toEqual(kept);
      expect(restoreProgress(storage)).toEqual({
        doneIds: kept.done,
        quiz: kept.quiz,
        notice: null,
      });
    },
  );

  it('takes in the lessons another tab saved beside one id it cannot read', () => {
    const storage = new MemoryStorage();
    const listeners: ((e: { key: string | null }) => void)[] = [];
    const events = {
      addEventListener: (_: 'storage', l: (e: { key: string | null }) => void) => listeners.push(l),
      removeEventListener: () => {},
    };
    const progress = createCourseProgressStore(['cold-read']);
    startProgressPersistence(progress, storage);
    startProgressSync(progress, storage, events);
    storage.setItem(
      KEY,
      JSON.stringify({
        ...v2(['cold-read', 'stale-set']),
        done: ['cold-read', 'Odd id', 'stale-set'],
      }),
    );
    listeners.forEach((l) => l({ key: KEY }));
    expect(progress.getState().doneIds).toEqual(['cold-read', 'stale-set']);
  });

  it('storage that throws (disabled) reads as no lesson done, and saving into it throws nothing', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(restoreProgress(broken)).toEqual({ doneIds: [], quiz: NO_SCORE, notice: null });
    expect(restoreProgress(null)).toEqual({ doneIds: [], quiz: NO_SCORE, notice: null });
    const progress = createCourseProgressStore();
    startProgressPersistence(progress, broken);
    expect(() => progress.getState().lessonFinished('cold-read')).not.toThrow();
    expect(progress.getState().doneIds).toEqual(['cold-read']);
  });
});
