import type { SandboxStoreApi } from '../store/sandboxStore';

/**
 * Per page (its store), what had focus when the R key last reset the run (null: nothing, the
 * page's body); no entry once the Reset button reset it. "Undo reset" hands focus back to where
 * its reset began (see Notices): back on Reset, Space would reset the run again instead of
 * playing it.
 */
const shortcutResets = new WeakMap<SandboxStoreApi, HTMLElement | null>();

/** Resets the run by the R key, noting what had focus (the key's target). */
export function resetByShortcut(store: SandboxStoreApi, focused: EventTarget | null): void {
  shortcutResets.set(
    store,
    focused instanceof HTMLElement && focused !== document.body ? focused : null,
  );
  void store.getState().reset();
}

/** Resets the run by the Reset button: undone, focus goes back to Reset. */
export function resetByButton(store: SandboxStoreApi): void {
  shortcutResets.delete(store);
  void store.getState().reset();
}

/**
 * What had focus when the R key reset the run (null: the page itself); undefined when the
 * Reset button reset it.
 */
export function shortcutResetOrigin(store: SandboxStoreApi): HTMLElement | null | undefined {
  return shortcutResets.get(store);
}
