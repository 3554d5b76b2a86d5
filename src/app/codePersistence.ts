import { loadVersioned, saveVersioned, type KeyValueStorage } from '../platform/versionedStorage';
import type { LearnerStoreApi } from '../store/learnerStore';
import { CODE_DOCUMENT, type StoredCode } from '../store/storedCode';

/**
 * The drafts saved on an earlier visit, leaving out any that is one of the `starters` (a starter
 * is not the learner's code, whichever write policy's starter it was), and why a saved document
 * was set aside, if it was.
 */
export function restoreCode(
  storage: KeyValueStorage,
  starters: readonly string[],
): { drafts: StoredCode['drafts'] | null; notice: string | null } {
  const loaded = loadVersioned(storage, CODE_DOCUMENT);
  const saved = loaded.value?.drafts;
  const drafts: StoredCode['drafts'] = {};
  for (const path of ['read', 'write'] as const) {
    const source = saved?.[path];
    if (source !== undefined && !starters.includes(source)) drafts[path] = source;
  }
  return {
    drafts: drafts.read !== undefined || drafts.write !== undefined ? drafts : null,
    notice: loaded.notice,
  };
}

/**
 * Saves the editors' drafts whenever the learner changes them. Code a link puts in the editors
 * is not saved over what the learner typed before (their edits to it are), nor is ours where
 * "Start from ours" set the learner's code aside: a reload brings theirs back.
 */
export function startCodePersistence(
  learner: LearnerStoreApi,
  storage: KeyValueStorage,
): () => void {
  return learner.subscribe((state, prev) => {
    if (state.drafts === prev.drafts) return;
    // While a link's code is shown, only the learner's edits of it are saved: not its arrival,
    // nor "Start from ours" or a write policy's starter swapped in over it.
    if (state.isFromLink && state.edits === prev.edits) return;
    saveVersioned(storage, CODE_DOCUMENT, {
      version: 1,
      drafts: {
        read: state.setAside.read ?? state.drafts.read,
        write: state.setAside.write ?? state.drafts.write,
      },
    });
  });
}
