import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { setAsideKey } from '../platform/versionedStorage';
import { createCourseProgressStore } from '../store/courseProgress';
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

describe('the course progress lasts between visits', () => {
  it('each lesson done is saved and comes back on the next visit', () => {
    const storage = new MemoryStorage();
    const progress = createCourseProgressStore();
    startProgressPersistence(progress, storage);
    progress.getState().lessonFinished('cold-read');
    progress.getState().lessonFinished('ttl-expiry');
    expect(stored(storage)).toEqual({ version: 1, done: ['cold-read', 'ttl-expiry'] });
    expect(restoreProgress(storage)).toEqual({
      doneIds: ['cold-read', 'ttl-expiry'],
      notice: null,
    });
  });

  it('keeps what another tab saved since, and a reset writes the empty list as it is', () => {
    const storage = new MemoryStorage();
    const progress = createCourseProgressStore(['cold-read']);
    startProgressPersistence(progress, storage);
    storage.setItem(KEY, JSON.stringify({ version: 1, done: ['stale-set'] }));
    progress.getState().lessonFinished('ttl-expiry');
    expect(stored(storage)).toEqual({ version: 1, done: ['stale-set', 'cold-read', 'ttl-expiry'] });
    progress.getState().resetProgress();
    expect(stored(storage)).toEqual({ version: 1, done: [] });
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
    expect(stored(storage)).toEqual({ version: 1, done: ['ttl-expiry'] });
    // Another key changed, or storage cleared whole: only the latter is about the progress.
    tellStored('cache-aside-lab.settings');
    expect(progress.getState().doneIds).toEqual(['ttl-expiry']);
    storage.removeItem(KEY);
    tellStored(null);
    expect(progress.getState().doneIds).toEqual([]);
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
      'an id no scenario could have',
      '{"version":1,"done":["<img src=x>"]}',
      /done\[0\] must be a scenario id/,
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
    expect(restoreProgress(broken)).toEqual({ doneIds: [], notice: null });
    expect(restoreProgress(null)).toEqual({ doneIds: [], notice: null });
    const progress = createCourseProgressStore();
    startProgressPersistence(progress, broken);
    expect(() => progress.getState().lessonFinished('cold-read')).not.toThrow();
    expect(progress.getState().doneIds).toEqual(['cold-read']);
  });
});
