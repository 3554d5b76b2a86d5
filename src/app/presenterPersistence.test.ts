import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { loadVersioned, MAX_STORED_CHARS, setAsideKey } from '../platform/versionedStorage';
import { createPresenterStore } from '../store/presenter';
import { controlLabelOf, SANDBOX_FIELDS } from '../store/sandboxSchema';
import { DEFAULT_STORED_SETTINGS, SETTINGS_DOCUMENT } from '../store/storedSettings';
import { restoreSettings } from './persistence';
import { areNotesSavedShown, startPresenterPersistence } from './presenterPersistence';
import { isQuizSavedOn } from './quizPersistence';

const KEY = SETTINGS_DOCUMENT.key;

describe('the presenter and quiz preferences last between visits', () => {
  it('the speaker notes shown are saved, keep the quiz preference, and come back', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      KEY,
      JSON.stringify({ ...DEFAULT_STORED_SETTINGS, quiz: { enabled: true, later: 'kept' } }),
    );
    const presenter = createPresenterStore();
    startPresenterPersistence(presenter, storage);
    presenter.getState().toggleNotes();

    const saved = loadVersioned(storage, SETTINGS_DOCUMENT).value!;
    expect(saved.presenter).toEqual({ notesShown: true });
    // What the quiz (or a later page) keeps in the document is not erased.
    expect(saved.quiz).toEqual({ enabled: true, later: 'kept' });
    const next = restoreSettings(storage, '?scenario=stale-set').document;
    expect(areNotesSavedShown(next)).toBe(true);
    expect(isQuizSavedOn(next)).toBe(true);

    presenter.getState().toggleNotes();
    expect(areNotesSavedShown(loadVersioned(storage, SETTINGS_DOCUMENT).value!)).toBe(false);
  });

  it.each([
    [
      'a quiz preference that is not true or false',
      { quiz: { enabled: 'yes', later: 'kept' } },
      { quiz: { later: 'kept' } },
      `the quiz's preference enabled "yes" is left out`,
    ],
    [
      'a presenter preference that is not true or false, and quiz preferences that are not an object',
      { presenter: { notesShown: 1 }, quiz: [true] },
      { presenter: {}, quiz: {} },
      "the presenter's preference notesShown 1; the quiz preferences [true] are left out",
    ],
  ])(
    '%s is left out and named, and the settings around it are kept',
    (_name, patch, kept, said) => {
      const storage = new MemoryStorage();
      const settings = { ...DEFAULT_STORED_SETTINGS.sandbox, ttlSeconds: 60 };
      const raw = JSON.stringify({
        ...DEFAULT_STORED_SETTINGS,
        sandbox: settings,
        speed: 2,
        ...patch,
      });
      storage.setItem(KEY, raw);
      const restored = restoreSettings(storage, '');
      expect(restored.notice).toBe(
        `Your saved settings could not all be read: ${said}, and the rest is kept. The document as it was is set aside in this browser's storage as "${setAsideKey(KEY)}".`,
      );
      // Before, one preference set them all aside, and the TTL and speed went back to defaults.
      expect(restored.config?.ttlSeconds).toBe(60);
      expect(restored.speed).toBe(2);
      expect(restored.document).toEqual({
        ...DEFAULT_STORED_SETTINGS,
        sandbox: settings,
        speed: 2,
        ...kept,
      });
      expect(storage.getItem(setAsideKey(KEY))).toBe(raw);
    },
  );

  it.each([
    ['a speed no control offers', { speed: 3 }, /speed must be one of .*, got 3/],
    [
      'a setting out of range beside a bad preference',
      { speed: 3, quiz: { enabled: 'yes' } },
      /speed must be one of .*, got 3/,
    ],
  ])('%s is set aside with a notice naming it', (_name, patch, reason) => {
    const storage = new MemoryStorage();
    const raw = JSON.stringify({ ...DEFAULT_STORED_SETTINGS, ...patch });
    storage.setItem(KEY, raw);
    const restored = restoreSettings(storage, '');
    expect(restored.notice).toMatch(reason);
    expect(restored.document).toEqual(DEFAULT_STORED_SETTINGS);
    expect(storage.getItem(setAsideKey(KEY))).toBe(raw);
  });

  it('a document larger than any this page writes is set aside without being parsed', () => {
    const storage = new MemoryStorage();
    const raw = `{"version":2,"pad":"${'x'.repeat(MAX_STORED_CHARS)}"}`;
    storage.setItem(KEY, raw);
    const restored = restoreSettings(storage, '');
    expect(restored.notice).toContain('a saved document holds at most 262,144');
    expect(storage.getItem(setAsideKey(KEY))).toBe(raw);
    expect(storage.getItem(KEY)).toBeNull();
  });
});

describe("README's What lasts between visits", () => {
  it('names every sandbox setting the settings document keeps by the label its control shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## What lasts between visits'));
    const listed =
      /The sandbox's settings \((.*?)\) and the playback speed/.exec(
        section.replace(/\s+/g, ' '),
      )?.[1] ?? '';
    // Until 2026-12-08 this list said "stall length", "database read latency" and "the change
    // log's lag", where the controls read Stall (ms), Database read (ms) and Consumer's lag (ms).
    const keys = Object.keys(DEFAULT_STORED_SETTINGS.sandbox) as (keyof typeof SANDBOX_FIELDS)[];
    expect(keys.sort()).toEqual(Object.keys(SANDBOX_FIELDS).sort());
    for (const key of keys)
      expect(listed.toLowerCase(), key).toContain(controlLabelOf(key).toLowerCase());
  });
});
