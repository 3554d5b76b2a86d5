import type { KeyValueStorage } from '../platform/versionedStorage';
import { updateStoredSettings } from './persistence';
import type { PresenterStoreApi } from '../store/presenter';
import type { StoredSettings } from '../store/storedSettings';

/** Whether the saved settings show the speaker notes (the `presenter` part of the document). */
export function areNotesSavedShown(document: StoredSettings): boolean {
  return document.presenter.notesShown === true;
}

/**
 * Saves whether the speaker notes are shown into the settings document whenever they are
 * toggled, keeping everything else stored there (the sandbox settings, the quiz) as it is.
 * Presenter mode itself is the tab's (`presenterTab.ts`), not here.
 */
export function startPresenterPersistence(
  presenter: PresenterStoreApi,
  storage: KeyValueStorage,
): () => void {
  return presenter.subscribe((state, prev) => {
    if (state.areNotesShown === prev.areNotesShown) return;
    updateStoredSettings(storage, (stored) => ({
      ...stored,
      presenter: { ...stored.presenter, notesShown: state.areNotesShown },
    }));
  });
}
