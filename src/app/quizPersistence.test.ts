import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { loadVersioned } from '../platform/versionedStorage';
import { createSandboxStore } from '../store/sandboxStore';
import { quizStoreFor } from '../store/quizStore';
import { SETTINGS_DOCUMENT } from '../store/storedSettings';
import { restoreSettings, startSettingsPersistence } from './persistence';
import { isQuizSavedOn, startQuizPersistence } from './quizPersistence';

describe('quiz mode is saved with the other settings', () => {
  it('is kept across visits, and saving the sandbox settings does not erase it', async () => {
    const storage = new MemoryStorage();
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    startSettingsPersistence(store, storage, restoreSettings(storage, '').document);
    startQuizPersistence(quizStoreFor(store), storage);

    quizStoreFor(store).getState().setEnabled(true);
    expect(loadVersioned(storage, SETTINGS_DOCUMENT).value?.quiz).toEqual({ enabled: true });
    await store.getState().configure({ ttlSeconds: 45 });
    const saved = loadVersioned(storage, SETTINGS_DOCUMENT).value!;
    expect(saved.sandbox.ttlSeconds).toBe(45);
    expect(isQuizSavedOn(saved)).toBe(true);
    // A link opens with its own settings, but quiz mode is a preference and still comes back.
    expect(isQuizSavedOn(restoreSettings(storage, '?scenario=stale-set').document)).toBe(true);

    quizStoreFor(store).getState().setEnabled(false);
    expect(isQuizSavedOn(loadVersioned(storage, SETTINGS_DOCUMENT).value!)).toBe(false);
  });
});
