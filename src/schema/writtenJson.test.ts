import { describe, expect, it } from 'vitest';
import { WrittenNumber } from './fields';
import { parseJsonAsWritten } from './writtenJson';

describe('JSON as written', () => {
  it('keeps the text of a number a double would print otherwise', () => {
    expect(parseJsonAsWritten('{"a": 9007199254740993, "b": [1e400, -0, 1.50], "c": 2}')).toEqual({
      a: new WrittenNumber('9007199254740993'),
      b: [new WrittenNumber('1e400'), new WrittenNumber('-0'), new WrittenNumber('1.50')],
      c: 2,
    });
  });

  it('leaves strings, keys and numbers that print as written as JSON.parse reads them', () => {
    const text = '{"1e5": "9007199254740993", "q\\"1.0": "x\\\\", "n": -12.5, "t": true}';
    expect(parseJsonAsWritten(text)).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" key an own member, as JSON.parse does', () => {
    const parsed = parseJsonAsWritten('{"__proto__": {"ttl": 1.0}}') as object;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('throws as JSON.parse does on text that is not JSON', () => {
    expect(() => parseJsonAsWritten('{"seed": 1e}')).toThrow(SyntaxError);
  });

  it('a file that writes the NUL marker itself is read as JSON.parse reads it', () => {
    const text = '{"a": "\\u00001e5", "b": 1.0}';
    expect(parseJsonAsWritten(text)).toEqual(JSON.parse(text));
  });
});
