import { loadVersioned, saveVersioned, type KeyValueStorage } from '../platform/versionedStorage';
import type { SandboxConfig } from '../store/sandboxConfig';
import type { SandboxStoreApi } from '../store/sandboxStore';
import type { SandboxState } from '../store/sandboxState';
import {
  DEFAULT_STORED_SETTINGS,
  SETTINGS_DOCUMENT,
  type StoredSettings,
} from '../store/storedSettings';

export interface RestoredSettings {
  /** The settings to open with, when the address names none; null to keep the defaults. */
  config: SandboxConfig | null;
  speed: number | null;
  /** Why saved settings were set aside (a notice for the page), or null. */
  notice: string | null;
  /** What is kept and rewritten on each change (reserved preferences included). */
  document: StoredSettings;
}

/**
 * Reads the saved settings. A link's own settings win: when the address has a query, the saved
 * sandbox settings are not applied (the speed is, as a link does not carry it).
 */
export function restoreSettings(storage: KeyValueStorage | null, search: string): RestoredSettings {
  const loaded = storage
    ? loadVersioned(storage, SETTINGS_DOCUMENT)
    : { value: null, notice: null };
  const saved = loaded.value;
  return {
    config: saved && search === '' ? saved.sandbox : null,
    speed: saved?.speed ?? null,
    notice: loaded.notice,
    document: saved ?? DEFAULT_STORED_SETTINGS,
  };
}

/**
 * Rewrites one part of the stored settings document. The sandbox, the quiz and the presenter
 * each save their part into the same document: start from what is stored now (or `fallback`),
 * so one part never erases another's. Returns the document written.
 */
export function updateStoredSettings(
  storage: KeyValueStorage,
  change: (stored: StoredSettings) => StoredSettings,
  fallback: StoredSettings = DEFAULT_STORED_SETTINGS,
): StoredSettings {
  const next = change(loadVersioned(storage, SETTINGS_DOCUMENT).value ?? fallback);
  saveVersioned(storage, SETTINGS_DOCUMENT, next);
  return next;
}

/**
 * Saves the settings whenever they change: the config while in free play (a scenario's own
 * settings are the scenario's, not the learner's; a counterexample's replay's are its check's,
 * so the learner's from before it are kept), and the speed always.
 */
export function startSettingsPersistence(
  store: SandboxStoreApi,
  storage: KeyValueStorage,
  initial: StoredSettings,
): () => void {
  let document = initial;
  const save = (state: SandboxState): void => {
    const sandbox =
      state.scenarioId !== null
        ? document.sandbox
        : (state.settingsBeforeReplay?.config ?? state.config);
    if (sandbox === document.sandbox && state.speed === document.speed) return;
    document = updateStoredSettings(
      storage,
      (stored) => ({ ...stored, sandbox, speed: state.speed }),
      document,
    );
  };
  return store.subscribe((state) => {
    if (state.status === 'ready') save(state);
  });
}
