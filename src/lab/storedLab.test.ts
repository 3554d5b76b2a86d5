import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD } from '../engine/workload';
import { loadVersioned, saveVersioned, setAsideKey } from '../platform/versionedStorage';
import { LAB_DOCUMENT, storedLab } from './storedLab';

const memory = () => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
};

describe("the lab's last configuration", () => {
  it('comes back as it was saved, faults included', () => {
    const storage = memory();
    const config = {
      ...DEFAULT_WORKLOAD,
      ttl: 12,
      faults: [{ kind: 'cache-down' as const, startSeconds: 1, durationSeconds: 2 }],
    };
    saveVersioned(storage, LAB_DOCUMENT, storedLab(config));
    expect(loadVersioned(storage, LAB_DOCUMENT)).toEqual({
      value: { version: 1, config },
      notice: null,
    });
  });

  it('is set aside with a notice when a setting is out of range', () => {
    const storage = memory();
    const raw = JSON.stringify({ version: 1, config: { ...DEFAULT_WORKLOAD, ttl: -5 } });
    storage.setItem(LAB_DOCUMENT.key, raw);
    const loaded = loadVersioned(storage, LAB_DOCUMENT);
    expect(loaded.value).toBeNull();
    expect(loaded.notice).toMatch(/saved lab settings could not be read \(config: ttl must be/);
    expect(storage.getItem(setAsideKey(LAB_DOCUMENT.key))).toBe(raw);
  });

  it('says a document without its settings, or with a list for them, lacks an object', () => {
    for (const [config, said] of [
      [undefined, 'config is missing: it must be an object'],
      [[1, 2], 'config must be an object, got [1,2]'],
    ] as const) {
      const storage = memory();
      storage.setItem(LAB_DOCUMENT.key, JSON.stringify({ version: 1, config }));
      // Zod's own words ("of type record") named no type a reader knows.
      expect(loadVersioned(storage, LAB_DOCUMENT).notice).toContain(`could not be read (${said})`);
    }
  });

  it('lists the first five problems of a configuration with many and counts the rest', () => {
    const storage = memory();
    const faults = Array.from({ length: 100 }, () => ({
      kind: 'db-slow',
      startSeconds: 1,
      durationSeconds: 2,
      factor: 0,
    }));
    storage.setItem(
      LAB_DOCUMENT.key,
      JSON.stringify({ version: 1, config: { ...DEFAULT_WORKLOAD, faults } }),
    );
    const listed = [0, 1, 2, 3, 4].map(
      (i) => `faults[${i}].factor must be a number from 1 to 1,000, got 0`,
    );
    expect(loadVersioned(storage, LAB_DOCUMENT).notice).toBe(
      `Your saved lab settings could not be read (config: ${listed.join('; ')}; and 95 more), so defaults are used. They were set aside in this browser's storage as "${setAsideKey(LAB_DOCUMENT.key)}".`,
    );
  });
});
