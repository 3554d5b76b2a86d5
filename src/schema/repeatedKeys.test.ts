import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repeatedKeys } from './repeatedKeys';

describe('repeatedKeys', () => {
  it('finds a member given twice, with both values as written, at the top and under config', () => {
    expect(repeatedKeys('{"ttl": 1, "keys": [1, {"ttl": 2}], "ttl" : 60 }')).toEqual([
      { path: 'ttl', first: '1', then: '60' },
    ]);
    expect(
      repeatedKeys('{"config": {"keys": "7", "zipf": 0.9, "keys": {"a": "}"}}, "t\\"x": 1}'),
    ).toEqual([{ path: 'config.keys', first: '"7"', then: '{"a": "}"}' }]);
    // The same name in two objects, or as a value, is not a repeat.
    expect(repeatedKeys('{"a": {"b": 1}, "c": {"b": "b"}, "b": "a"}')).toEqual([]);
    expect(repeatedKeys('[1, 2]')).toEqual([]);
    expect(repeatedKeys('"x"')).toEqual([]);
  });

  it('does not recurse without bound: a file nested 30,000 deep is read', () => {
    const deep = `{"ttl": ${'['.repeat(30_000)}${']'.repeat(30_000)}, "ttl": 2}`;
    expect(repeatedKeys(deep)).toEqual([
      { path: 'ttl', first: `${'['.repeat(30_000)}${']'.repeat(30_000)}`, then: '2' },
    ]);
  });

  it('finds nothing in JSON written by JSON.stringify, however it is spaced', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (v, space) => {
        expect(repeatedKeys(JSON.stringify(v, null, space))).toEqual([]);
      }),
    );
  });
});
