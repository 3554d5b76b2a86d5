import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import { setAsideKey } from '../platform/versionedStorage';
import { createLearnerStore } from '../store/learnerStore';
import { createSandboxStore } from '../store/sandboxStore';
import { CODE_DOCUMENT } from '../store/storedCode';
import { READ_STARTER, WRITE_STARTERS } from '../engine/programs/learnerSources';
import { restoreCode, startCodePersistence } from './codePersistence';

const STARTERS = [READ_STARTER, ...Object.values(WRITE_STARTERS)];

/** A learner store as the page has one (nothing is compiled here). */
function learnerStore() {
  return createLearnerStore(createSandboxStore(), {
    compile: () => Promise.reject(new Error('not compiled in this test')),
    loadSql: () => Promise.reject(new Error('no SQL in this test')),
  });
}

describe('the code typed in the editors', () => {
  it('is saved as it is typed, and comes back into the editors on the next visit', () => {
    const storage = new MemoryStorage();
    const first = learnerStore();
    startCodePersistence(first, storage);
    const mine = 'function* read(id) {\n  return yield selectUser(id);\n}';
    first.getState().setDraft('read', mine);

    const next = learnerStore();
    const starters = next.getState().drafts;
    const restored = restoreCode(storage, STARTERS);
    expect(restored).toEqual({ drafts: { read: mine }, notice: null });
    next.getState().restoreDrafts(restored.drafts ?? {});
    expect(next.getState().drafts).toEqual({ read: mine, write: starters.write });
    // Shown, not run: the sandbox runs ours until Run my version.
    expect(next.getState().running).toEqual({ read: null, write: null });
  });

  it('does not save a link’s code over what the learner typed; their edits to it are saved', () => {
    const storage = new MemoryStorage();
    const store = learnerStore();
    startCodePersistence(store, storage);
    store.getState().setDraft('read', 'function* read() { return null; } // mine');
    store.getState().showFromLink({ write: 'function* write() {} // from a link' });
    expect(restoreCode(storage, STARTERS).drafts).toEqual({
      read: 'function* read() { return null; } // mine',
    });
    store.getState().setDraft('write', 'function* write() {} // from a link, edited');
    expect(restoreCode(storage, STARTERS).drafts?.write).toBe(
      'function* write() {} // from a link, edited',
    );
  });

  it('keeps the code Start from ours set aside: a reload brings it back', () => {
    const storage = new MemoryStorage();
    const store = learnerStore();
    startCodePersistence(store, storage);
    const mine = 'function* read() { return null; } // mine';
    store.getState().setDraft('read', mine);
    store.getState().startFromOurs('read');
    expect(store.getState().drafts.read).toBe(READ_STARTER);
    expect(restoreCode(storage, STARTERS).drafts).toEqual({ read: mine });
    // Edited from ours, it is the learner's code now, and saved as such.
    store.getState().setDraft('read', `${READ_STARTER}\n// from ours`);
    expect(restoreCode(storage, STARTERS).drafts).toEqual({
      read: `${READ_STARTER}\n// from ours`,
    });
  });

  it('while a link’s code is shown, Start from ours saves nothing over the learner’s code', () => {
    const storage = new MemoryStorage();
    const store = learnerStore();
    startCodePersistence(store, storage);
    store.getState().setDraft('write', 'function* write() {} // mine');
    store.getState().showFromLink({ write: 'function* write() {} // from a link' });
    store.getState().startFromOurs('write');
    store.getState().bringMineBack('write');
    store.getState().startFromOurs('write');
    expect(restoreCode(storage, STARTERS).drafts).toEqual({
      write: 'function* write() {} // mine',
    });
    // An edit is the learner's: saved.
    store.getState().setDraft('write', 'function* write() {} // edited from ours');
    expect(restoreCode(storage, STARTERS).drafts?.write).toBe(
      'function* write() {} // edited from ours',
    );
  });

  it('brings nothing back when only starters were saved, whichever write policy’s', () => {
    const storage = new MemoryStorage();
    const store = learnerStore();
    startCodePersistence(store, storage);
    store.getState().setDraft('write', store.getState().drafts.write);
    store.getState().setDraft('read', store.getState().drafts.read);
    expect(restoreCode(storage, STARTERS).drafts).toBeNull();
  });

  it('sets an unreadable document aside with a notice, and opens with the starters', () => {
    const storage = new MemoryStorage();
    const garbage = JSON.stringify({ version: 1, drafts: { read: 42 } });
    storage.setItem(CODE_DOCUMENT.key, garbage);
    const restored = restoreCode(storage, STARTERS);
    expect(restored.drafts).toBeNull();
    expect(restored.notice).toMatch(/Your saved code could not be read/);
    expect(storage.getItem(setAsideKey(CODE_DOCUMENT.key))).toBe(garbage);
    expect(storage.getItem(CODE_DOCUMENT.key)).toBeNull();

    // One draft it cannot read beside a good one: the good one comes back, the other is named.
    const mine = 'function* write(id, changes) {} // mine';
    for (const [read, why] of [
      ['x'.repeat(70_000), '70,000 characters; a draft holds at most 65,536'],
      [42, 'not text: 42'],
    ] as const) {
      const mixed = new MemoryStorage();
      const stored = JSON.stringify({ version: 1, drafts: { read, write: mine } });
      mixed.setItem(CODE_DOCUMENT.key, stored);
      const kept = restoreCode(mixed, STARTERS);
      expect(kept.drafts).toEqual({ write: mine });
      expect(kept.notice).toBe(
        `Your saved code could not all be read: the read path's draft (${why}) is left out, and the rest is kept. The document as it was is set aside in this browser's storage as "cache-aside-lab.code.set-aside".`,
      );
      expect(mixed.getItem(setAsideKey(CODE_DOCUMENT.key))).toBe(stored);
    }
  });
});
