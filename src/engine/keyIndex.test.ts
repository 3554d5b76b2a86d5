import { describe, expect, it } from 'vitest';
import { KeyIndex } from './keyIndex';

describe('KeyIndex without reaping (keeps removed entries dormant)', () => {
  it('a removed key is absent everywhere and comes back fresh', () => {
    const index = new KeyIndex(false);
    const first = index.add('user:1', 1000, 3);
    first.lruClock = 7;
    index.add('user:2', 2000, 1);
    expect(index.remove('user:1')).toBe(true);
    expect(index.remove('user:1')).toBe(false);
    expect(index.get('user:1')).toBeUndefined();
    expect(index.size).toBe(1);
    expect([...index.entries()].map((e) => e.key)).toEqual(['user:2']);
    expect(index.liveCount(0)).toBe(1);

    const again = index.add('user:1', 5000, 4);
    expect(index.get('user:1')).toBe(again);
    expect(again).toMatchObject({ expiresAt: 5000, version: 4, lruClock: 0, index: 1 });
    expect(index.size).toBe(2);
    expect(index.liveCount(1500)).toBe(2);
    expect(index.liveCount(2500)).toBe(1);
  });

  it('a checkpoint holds only the listed keys', () => {
    const index = new KeyIndex(false);
    index.add('a', 10, 1);
    index.add('b', 20, 1);
    index.remove('a');
    const state = index.saveState();
    expect(state.list.map((e) => e.key)).toEqual(['b']);
    const copy = new KeyIndex(false);
    copy.loadState(state);
    expect(copy.get('a')).toBeUndefined();
    expect(copy.get('b')?.expiresAt).toBe(20);
  });

  it('keys that come and go once do not pile up', () => {
    const index = new KeyIndex(false);
    for (let i = 0; i < 5000; i++) {
      index.add(`k${i}`, Infinity, -1);
      index.remove(`k${i}`);
    }
    const byKey = (index as unknown as { byKey: Map<string, unknown> }).byKey;
    expect(byKey.size).toBeLessThanOrEqual(1024);
    expect(index.size).toBe(0);
  });
});
