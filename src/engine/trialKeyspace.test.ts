import { expect, it } from 'vitest';
import type { Keyspace, RedisValue } from './redisKeyspace';
import { trialKeyspace } from './trialKeyspace';

/** A keyspace in two maps, reaping an expired key as it is read, as the mock's does. */
function mapKeyspace(): Keyspace & { data: Map<string, RedisValue>; at: Map<string, number> } {
  const data = new Map<string, RedisValue>();
  const at = new Map<string, number>();
  const isExpired = (key: string, nowMs: number) => (at.get(key) ?? Infinity) <= nowMs;
  return {
    data,
    at,
    get(key, nowMs) {
      if (isExpired(key, nowMs)) {
        data.delete(key);
        at.delete(key);
        return undefined;
      }
      return data.get(key);
    },
    set: (key, value) => void data.set(key, value),
    delete(key) {
      at.delete(key);
      return data.delete(key);
    },
    keys: (nowMs) => [...data.keys()].filter((key) => !isExpired(key, nowMs)),
    expiresAt: (key) => at.get(key),
    exactExpiresAt: (key) => at.get(key),
    setExpiresAt: (key, atMs) => (atMs === undefined ? at.delete(key) : at.set(key, Number(atMs))),
    clear() {
      data.clear();
      at.clear();
    },
  };
}

it('tries writes, removals, expiries and a flush without changing the keyspace under it', () => {
  const base = mapKeyspace();
  base.set('list', ['a']);
  base.set('old', 'x');
  base.setExpiresAt('old', 5);
  base.set('ttl', 'y');
  base.setExpiresAt('ttl', 100);
  const trial = trialKeyspace(base);
  // A list changed in place, as the command layer changes it, is the trial's copy.
  (trial.get('list', 10) as string[]).push('b');
  expect(trial.get('list', 10)).toEqual(['a', 'b']);
  // An expired key is gone in the trial, and not reaped from the base.
  expect(trial.get('old', 10)).toBeUndefined();
  expect(trial.keys(10)).toEqual(['ttl', 'list']);
  trial.set('ttl', 'z');
  expect(trial.expiresAt('ttl')).toBe(100);
  trial.setExpiresAt('ttl', undefined);
  expect(trial.delete('list')).toBe(true);
  expect(trial.delete('list')).toBe(false);
  trial.set('new', 'n');
  expect(trial.keys(10)).toEqual(['ttl', 'new']);
  trial.clear();
  expect(trial.keys(10)).toEqual([]);
  expect(trial.get('ttl', 10)).toBeUndefined();
  expect([...base.data]).toEqual([
    ['list', ['a']],
    ['old', 'x'],
    ['ttl', 'y'],
  ]);
  expect([...base.at]).toEqual([
    ['old', 5],
    ['ttl', 100],
  ]);
});
