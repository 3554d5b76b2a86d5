import type { KeyValueStorage } from '../platform/versionedStorage';
import { updateStoredSettings } from './persistence';
import type { QuizStoreApi } from '../store/quizStore';
import type { StoredSettings } from '../store/storedSettings';

/** Whether the saved settings turn quiz mode on (the `quiz` part of the settings document). */
export function isQuizSavedOn(document: StoredSettings): boolean {
  return document.quiz.enabled === true;
}

/**
 * Saves quiz mode into the settings document whenever it is switched, keeping everything else
 * stored there (the sandbox settings, the presenter's preferences) as it is.
 */
export function startQuizPersistence(quiz: QuizStoreApi, storage: KeyValueStorage): () => void {
  return quiz.subscribe((state, prev) => {
    if (state.isEnabled === prev.isEnabled) return;
    updateStoredSettings(storage, (stored) => ({
      ...stored,
      quiz: { ...stored.quiz, enabled: state.isEnabled },
    }));
  });
}
