import {
  loadVersioned,
  saveVersioned,
  type KeyValueStorage,
  type StoredDocument,
} from '../platform/versionedStorage';
import { courseProgressSchema, type CourseProgressDocument } from '../schema/courseProgress';
import { unionOfDone, type CourseProgressStoreApi } from '../store/courseProgress';

/**
 * The course's progress in localStorage: a document of its own beside the settings, under the
 * same rules (a schema version, migrations, an unreadable one set aside with a notice).
 */
export const PROGRESS_DOCUMENT: StoredDocument<CourseProgressDocument> = {
  key: 'cache-aside-lab.progress',
  label: 'course progress',
  version: 1,
  schema: courseProgressSchema,
  migrations: {},
};

export interface RestoredProgress {
  doneIds: readonly string[];
  /** Why the stored progress was set aside (a notice for the page), or null. */
  notice: string | null;
}

/** Reads the saved progress; none (or storage disabled) is no lesson done. Never throws. */
export function restoreProgress(storage: KeyValueStorage | null): RestoredProgress {
  if (storage === null) return { doneIds: [], notice: null };
  const loaded = loadVersioned(storage, PROGRESS_DOCUMENT);
  return { doneIds: loaded.value?.done ?? [], notice: loaded.notice };
}

/**
 * Saves the progress whenever it changes. A lesson done is added to what storage holds now, so a
 * second tab's lessons are kept; a reset writes the empty list as it is.
 */
export function startProgressPersistence(
  progress: CourseProgressStoreApi,
  storage: KeyValueStorage,
): () => void {
  return progress.subscribe((state, prev) => {
    if (state.doneIds === prev.doneIds && state.resets === prev.resets) return;
    const done =
      state.resets !== prev.resets
        ? state.doneIds
        : unionOfDone(loadVersioned(storage, PROGRESS_DOCUMENT).value?.done ?? [], state.doneIds);
    saveVersioned(storage, PROGRESS_DOCUMENT, { version: 1, done: [...done] });
  });
}

/** Where the page hears that another tab wrote to storage (the window's `storage` event). */
export interface StorageEvents {
  addEventListener(type: 'storage', listener: (e: { key: string | null }) => void): void;
  removeEventListener(type: 'storage', listener: (e: { key: string | null }) => void): void;
}

/**
 * Takes in what another tab saves of the progress: its lessons done show here at once, and its
 * Reset progress holds here too. Without it this tab kept the lessons it had read when it opened,
 * and the next lesson it finished saved them all back, undoing the other tab's reset.
 */
export function startProgressSync(
  progress: CourseProgressStoreApi,
  storage: KeyValueStorage,
  events: StorageEvents,
): () => void {
  const listener = (e: { key: string | null }) => {
    // A null key is the other tab clearing the whole of storage.
    if (e.key !== null && e.key !== PROGRESS_DOCUMENT.key) return;
    const loaded = loadVersioned(storage, PROGRESS_DOCUMENT);
    // Unreadable: set aside by the read, and nothing here is erased because of it.
    if (loaded.notice !== null) return;
    progress.getState().progressSavedElsewhere(loaded.value?.done ?? []);
  };
  events.addEventListener('storage', listener);
  return () => events.removeEventListener('storage', listener);
}
