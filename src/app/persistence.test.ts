import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../platform/memoryStorage';
import {
  canKeep,
  loadVersioned,
  MAX_SET_ASIDE,
  saveVersioned,
  sayingRefusals,
  setAsideKey,
  type KeyValueStorage,
} from '../platform/versionedStorage';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_SANDBOX_CONFIG } from '../store/sandboxConfig';
import { createSandboxStore } from '../store/sandboxStore';
import { SETTINGS_DOCUMENT } from '../store/storedSettings';
import { restoreSettings, startSettingsPersistence } from './persistence';

const KEY = SETTINGS_DOCUMENT.key;
const sandbox = { ...DEFAULT_SANDBOX_CONFIG, writePolicy: 'delete-first', ttlSeconds: 30 };
const v2 = { version: 2, sandbox, speed: 4, presenter: { theme: 'dark' }, quiz: {} };

function storageWith(value: string): MemoryStorage {
  const s = new MemoryStorage();
  s.setItem(KEY, value);
  return s;
}

describe('saved settings', () => {
  it('reads the current version as it was saved, reserved preferences included', () => {
    const restored = restoreSettings(storageWith(JSON.stringify(v2)), '');
    expect(restored.notice).toBeNull();
    expect(restored.config).toEqual(sandbox);
    expect(restored.speed).toBe(4);
    expect(restored.document.presenter).toEqual({ theme: 'dark' });
  });

  it('migrates version 1 (settings and speed only) to version 2', () => {
    const storage = storageWith(JSON.stringify({ version: 1, sandbox, speed: 2 }));
    const loaded = loadVersioned(storage, SETTINGS_DOCUMENT);
    expect(loaded).toEqual({
      value: { version: 2, sandbox, speed: 2, presenter: {}, quiz: {} },
      notice: null,
    });
  });

  it("reads settings saved before double-delete's delay was one with the default delay", () => {
    const before: Partial<typeof sandbox> = { ...sandbox };
    delete before.doubleDeleteDelayMs;
    const restored = restoreSettings(storageWith(JSON.stringify({ ...v2, sandbox: before })), '');
    expect(restored.notice).toBeNull();
    expect(restored.config).toEqual({ ...sandbox, doubleDeleteDelayMs: 500 });
    // One saved since keeps its own.
    const saved = { ...v2, sandbox: { ...sandbox, doubleDeleteDelayMs: 40 } };
    expect(restoreSettings(storageWith(JSON.stringify(saved)), '').config).toMatchObject({
      doubleDeleteDelayMs: 40,
    });
  });

  it('a link with its own query keeps its settings; the speed still comes back', () => {
    const restored = restoreSettings(storageWith(JSON.stringify(v2)), '?scenario=stale-set');
    expect(restored.config).toBeNull();
    expect(restored.speed).toBe(4);
  });

  it.each([
    ['not JSON', '{"version": 2, sandbox', /not valid JSON/],
    ['no version', JSON.stringify({ sandbox }), /no schema version/],
    [
      'a newer version',
      JSON.stringify({ ...v2, version: 7 }),
      /newer version of this page: schema 7/,
    ],
    [
      'a value out of range',
      JSON.stringify({ ...v2, sandbox: { ...sandbox, ttlSeconds: -1 } }),
      /sandbox\.ttlSeconds/,
    ],
    [
      'an unknown policy',
      JSON.stringify({ ...v2, sandbox: { ...sandbox, writePolicy: 'yolo' } }),
      /sandbox\.writePolicy/,
    ],
    ['a speed no control offers', JSON.stringify({ ...v2, speed: 3 }), /speed must be one of/],
    // Said in words, not zod's own ("sandbox is missing: it Invalid input: expected object, ...").
    [
      'a document without its settings',
      JSON.stringify({ version: 2, speed: 1, presenter: {}, quiz: {} }),
      /could not be read \(sandbox is missing: it must be an object\), so defaults are used/,
    ],
    [
      'a speed that is text',
      JSON.stringify({ ...v2, speed: 'fast' }),
      /\(speed must be a number, got "fast"\)/,
    ],
    // Before, a list was taken for settings with every field missing: "sandbox.seed is missing".
    [
      'settings that are a list',
      JSON.stringify({ ...v2, sandbox: [[1, 2]] }),
      /\(sandbox must be an object, got \[\[1,2\]\]\)/,
    ],
  ])('%s is set aside with a notice, and defaults are used', (_name, raw, reason) => {
    const storage = storageWith(raw);
    const restored = restoreSettings(storage, '');
    expect(restored.config).toBeNull();
    expect(restored.speed).toBeNull();
    expect(restored.notice).toMatch(reason);
    expect(restored.notice).toContain(`"${setAsideKey(KEY)}"`);
    // Nothing is lost: the unreadable text is kept aside, and the key is free for new settings.
    expect(storage.getItem(setAsideKey(KEY))).toBe(raw);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('a second unreadable document is set aside beside the first, never over it', () => {
    const storage = storageWith('{"version": 2, first');
    restoreSettings(storage, '');
    // The same text again (another tab, a reload) goes to the same place.
    storage.setItem(KEY, '{"version": 2, first');
    expect(restoreSettings(storage, '').notice).toContain(`"${setAsideKey(KEY)}"`);
    storage.setItem(KEY, '{"version": 2, second');
    expect(restoreSettings(storage, '').notice).toContain(`"${setAsideKey(KEY)}.2"`);
    expect(storage.getItem(setAsideKey(KEY))).toBe('{"version": 2, first');
    expect(storage.getItem(`${setAsideKey(KEY)}.2`)).toBe('{"version": 2, second');
    for (let n = 3; n <= MAX_SET_ASIDE; n++) {
      storage.setItem(KEY, `{"version": 2, copy ${n}`);
      restoreSettings(storage, '');
    }
    // Every place taken: the earlier copies stay, and the page says this one is not kept.
    storage.setItem(KEY, '{"version": 2, one too many');
    expect(restoreSettings(storage, '').notice).toBe(
      `Your saved settings could not be read (not valid JSON), so defaults are used. ${MAX_SET_ASIDE} copies set aside earlier are kept in this browser's storage ("${setAsideKey(KEY)}" to "${setAsideKey(KEY)}.${MAX_SET_ASIDE}"), so this one is not: what you change from now on is saved in its place.`,
    );
    expect(storage.getItem(setAsideKey(KEY))).toBe('{"version": 2, first');
  });

  it('a document storage refuses to copy aside is not said to be set aside', () => {
    // A 2.7-million-character document: its copy does not fit in the quota beside it.
    const storage = storageWith('x'.repeat(2_700_000));
    const full = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    storage.setItem = () => {
      throw full;
    };
    const restored = restoreSettings(storage, '');
    expect(restored.config).toBeNull();
    expect(restored.notice).toMatch(/could not be read \(2,700,000 characters/);
    expect(restored.notice).toContain('refused to keep a copy of them (QuotaExceededError)');
    expect(restored.notice).toContain('so they are not kept');
    expect(restored.notice).not.toContain(setAsideKey(KEY));
    expect(storage.getItem(setAsideKey(KEY))).toBeNull();
  });

  it('tells whether anything saved will last: storage there and accepting a write', () => {
    const refusing: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {},
    };
    const storage = new MemoryStorage();
    expect(canKeep(storage)).toBe(true);
    // The probe leaves nothing behind.
    expect(storage.items.size).toBe(0);
    expect(canKeep(refusing)).toBe(false);
    expect(canKeep(null)).toBe(false);
  });

  it('says a refused save once a document, again only after one went through', () => {
    const inner = new MemoryStorage();
    let isFull = true;
    const full: KeyValueStorage = {
      getItem: (key) => inner.getItem(key),
      setItem: (key, value) => {
        if (isFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        inner.setItem(key, value);
      },
      removeItem: (key) => inner.removeItem(key),
    };
    const said: string[] = [];
    const saving = sayingRefusals(full, [SETTINGS_DOCUMENT], (text) => said.push(text));
    const document = { version: 2 as const, sandbox, speed: 1, presenter: {}, quiz: {} };
    saveVersioned(saving, SETTINGS_DOCUMENT, document);
    saveVersioned(saving, SETTINGS_DOCUMENT, { ...document, speed: 2 });
    expect(said).toEqual([
      "Your settings could not be saved: this browser's storage refused the write (QuotaExceededError: it is full). Until a save goes through, what you change lasts only until the page is closed; the page tries again at each change.",
    ]);
    // A key that is none of its documents (a copy set aside) is the reader's to report.
    expect(() => saving.setItem(setAsideKey(KEY), 'x')).toThrow('quota');
    expect(said).toHaveLength(1);
    isFull = false;
    saveVersioned(saving, SETTINGS_DOCUMENT, { ...document, speed: 4 });
    expect(loadVersioned(inner, SETTINGS_DOCUMENT).value?.speed).toBe(4);
    isFull = true;
    saveVersioned(saving, SETTINGS_DOCUMENT, document);
    expect(said).toHaveLength(2);
  });

  it('storage that throws reads as empty, without a notice', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {},
      removeItem: () => {},
    };
    expect(restoreSettings(broken, '')).toMatchObject({ config: null, speed: null, notice: null });
    expect(restoreSettings(null, '')).toMatchObject({ config: null, notice: null });
  });
});

describe('saving settings as they change', () => {
  it("saves free-play settings and the speed, not a scenario's own settings", async () => {
    const storage = new MemoryStorage();
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    startSettingsPersistence(store, storage, restoreSettings(storage, '').document);
    await store.getState().configure({ ttlSeconds: 45, writePolicy: 'update-cache' });
    store.getState().setSpeed(2);
    const saved = () => loadVersioned(storage, SETTINGS_DOCUMENT).value;
    expect(saved()).toMatchObject({
      version: 2,
      sandbox: { ttlSeconds: 45, writePolicy: 'update-cache' },
      speed: 2,
    });
    await store.getState().loadScenario('stale-set');
    expect(saved()?.sandbox).toMatchObject({ ttlSeconds: 45, writePolicy: 'update-cache' });
    // The next visit opens with them.
    expect(restoreSettings(storage, '').config).toMatchObject({ ttlSeconds: 45 });
  });
});
