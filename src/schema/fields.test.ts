import { describe, expect, it } from 'vitest';
import { check, numberFromText, wholeNumber } from './fields';

describe('numberFromText: numbers as a person types them', () => {
  const requests = numberFromText(wholeNumber(1, 10_000_000));

  it.each([
    ['1000', 1000],
    [' 10 ', 10],
    ['+5', 5],
    ['1e3', 1000],
    ['2.0', 2],
  ])('reads %j as %d', (text, value) => {
    expect(check(requests, text)).toEqual({ ok: true, value });
  });

  it.each(['0x10', '0b11', '0o17', 'Infinity', '1_000', '10 000', '', 'ten'])(
    'refuses %j as not a number',
    (text) => {
      expect(check(requests, text).ok).toBe(false);
    },
  );
});
