// What a versioned invalidation found at its key, read as its script reads it: the first
// `"version":` followed by digits, whatever else the value holds.
import { describe, expect, it } from 'vitest';
import { versionedKeyFound, scriptVersionOf } from './versionedInvalidation';

const str = (value: string) => ({ value, type: 'string' as const });

describe('versionedKeyFound', () => {
  it.each([
    ['an empty key', { value: null, type: 'none' as const }, { kind: 'nothing' }],
    ['a tombstone', str('{"tombstone":true,"version":3}'), { kind: 'tombstone', version: 3 }],
    ['a copy of the row', str('{"id":1,"plan":"pro","version":4}'), { kind: 'copy', version: 4 }],
    [
      "another user's row",
      str('{"id":2,"version":1}'),
      { kind: 'other-user', version: 1, userId: 2 },
    ],
    ['a string with no version', str('hello'), { kind: 'not-a-row', value: '"hello"' }],
    // JSON with spaces: the script's pattern finds no version, so it replaces it.
    ['a row with a space after the colon', str('{"id":1, "version": 9}'), { kind: 'copy' }],
    [
      'a version with no row',
      str('{"version":1}'),
      { kind: 'not-a-row', value: '"{"version":1}"', version: 1 },
    ],
    [
      'a hash',
      { value: '{"f":"v"}', type: 'hash' as const },
      { kind: 'not-a-string', type: 'hash' },
    ],
  ])('%s', (_name, held, expected) => {
    expect(versionedKeyFound(held, 1)).toEqual(expected);
  });

  it('reads the first version, as string.match does', () => {
    expect(scriptVersionOf('{"version":2,"x":{"version":9}}')).toBe(2);
    expect(scriptVersionOf('{"version":"2"}')).toBeUndefined();
  });
});
