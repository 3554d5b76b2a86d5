import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { loadVersioned, MAX_STORED_CHARS, setAsideKey } from '../platform/versionedStorage';
import { createPresenterStore } from '../store/presenter';
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
      { quiz: { enabled: 'yes' } },
      /quiz\.enabled must be true or false, got "yes"/,
    ],
    [
      'a presenter preference that is not true or false',
      { presenter: { notesShown: 1 } },
      /presenter\.notesShown must be true or false, got 1/,
    ],
    ['a speed no control offers', { speed: 3 }, /speed must be one of .*, got 3/],
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
  it('names every sandbox setting the settings document keeps', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## What lasts between visits'));
    const listed =
      /The sandbox's settings \(([^)]*)\)/.exec(section.replace(/\s+/g, ' '))?.[1] ?? '';
    // How the README calls each setting the document keeps.
    const words: Record<string, string> = {
      seed: 'seed',
      actorCount: 'actors',
      writePolicy: 'write policy',
      doubleDeleteDelayMs: "double-delete's delay",
      readMitigation: 'read mitigation',
      ttlSeconds: 'TTL',
      pattern: 'pattern',
      maxKeys: 'max keys',
      eviction: 'eviction',
      scheduler: 'scheduler',
      latencyModel: 'latency model',
      latencyTail: 'its tail',
      stallChance: 'stall chance',
      stallMs: 'stall length',
      invalidation: 'invalidation',
      cdcDelayMs: "change log's lag",
      cdcReorder: 'held-back',
      cdcLoss: 'dropped',
    };
    expect(Object.keys(DEFAULT_STORED_SETTINGS.sandbox).sort()).toEqual(Object.keys(words).sort());
    for (const [key, word] of Object.entries(words)) expect(listed, key).toContain(word);
  });
});
