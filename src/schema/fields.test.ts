import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { check, counted, numberFromText, quoted, realNumber, wholeNumber } from './fields';

describe('numberFromText: numbers as a person types them', () => {
  const requests = numberFromText(wholeNumber(1, 10_000_000));

  it.each([
    ['1000', 1000],
    [' 10 ', 10],
    ['+5', 5],
    ['1e3', 1000],
    ['2.0', 2],
    ['1,000', 1000],
    ['10,000,000', 10_000_000],
    [' 1,234 ', 1234],
  ])('reads %j as %d', (text, value) => {
    expect(check(requests, text)).toEqual({ ok: true, value });
  });

  it.each([
    '0x10',
    '0b11',
    '0o17',
    'Infinity',
    '1_000',
    '10 000',
    '',
    'ten',
    // Commas only between groups of three digits: "1,5" may be one and a half, "1,00" a typo.
    '1,5',
    '1,00',
    '1000,000',
    ',100',
    '100,',
    '1,,000',
  ])('refuses %j as not a number', (text) => {
    expect(check(requests, text).ok).toBe(false);
  });
});

describe('numberFromText: digits other than 0 to 9', () => {
  const settings = z.object({ requests: numberFromText(wholeNumber(1, 10_000_000)) });
  const refusal = (text: string) => {
    const r = check(settings, { requests: text });
    return r.ok ? null : r.refusals[0].text;
  };

  // "١٢" (Arabic-Indic twelve) and "３０" (full-width thirty) were refused with the range alone,
  // "got "١٢"", which reads as a number in range to someone who types those digits.
  it.each(['١٢', '３０', '۱۲۳', '1٢'])('refuses %j, saying which digits to write', (text) => {
    expect(refusal(text)).toBe(
      `requests must be a whole number from 1 to 10,000,000, got "${text}": write it with the digits 0 to 9`,
    );
  });

  it('says nothing of digits for other text that is no number', () => {
    expect(refusal('ten')).toBe('requests must be a whole number from 1 to 10,000,000, got "ten"');
  });
});

describe('numberFromText: a whole number written as some languages write a thousand', () => {
  const requests = numberFromText(wholeNumber(1, 10_000_000));
  const refusal = (text: string) => {
    const r = check(z.object({ requests }), { requests: text }, { nameOf: () => 'Requests' });
    return r.ok ? r : r.refusals;
  };
  const range = 'must be a whole number from 1 to 10,000,000';

  it.each([
    // Some locales write a thousand 1.000: run as 1 request, it was a silent surprise.
    ['1.000', '"1.000" reads as 1; for 1,000, write 1000 or 1,000'],
    ['10.000', '"10.000" reads as 10; for 10,000, write 10000 or 10,000'],
    ['2.500', '"2.500" reads as 2.5; for 2,500, write 2500 or 2,500'],
    ['1,000.000', '"1,000.000" reads as 1,000; for 1,000,000, write 1000000 or 1,000,000'],
  ])('refuses %j, saying how it reads and how the thousands are written', (text, said) => {
    expect(refusal(text)).toEqual([
      {
        field: 'requests',
        text: `Requests ${range}, written without a point and three digits after it: ${said}`,
        isAmbiguous: true,
      },
    ]);
  });

  it.each([
    ['2.0', 2],
    ['5.', 5],
    ['1.5e3', 1500],
    ['1.0000', 1],
  ])('takes %j, which reads one way only', (text, value) => {
    expect(check(requests, text)).toEqual({ ok: true, value });
  });

  it('refuses a fraction as any fraction is', () => {
    expect(refusal('2.5')).toEqual([{ field: 'requests', text: `Requests ${range}, got "2.5"` }]);
  });

  it('still reads "1.000" as 1 in a field that takes a fraction', () => {
    expect(check(numberFromText(realNumber(0, 5)), '1.000')).toEqual({ ok: true, value: 1 });
  });
});

describe("a range as a refusal words it: with thousands separators, as the lab's hints", () => {
  it('says "from 1 to 10,000,000"', () => {
    expect(check(wholeNumber(1, 10_000_000), 0)).toMatchObject({
      ok: false,
      refusals: [{ text: 'must be a whole number from 1 to 10,000,000' }],
    });
  });

  it('keeps a fraction, and a decimal fraction can still be read with separators', () => {
    expect(check(numberFromText(realNumber(0, 1500.5)), '1,500.25')).toEqual({
      ok: true,
      value: 1500.25,
    });
    expect(check(realNumber(0.001, 1500.5), 2000)).toMatchObject({
      refusals: [{ text: 'must be a number from 0.001 to 1,500.5' }],
    });
  });
});

describe('counted: a count and its noun, as the notices and the CLI word it', () => {
  it('is singular for one only, and takes an irregular plural', () => {
    expect([0, 1, 2].map((n) => counted(n, 'console line'))).toEqual([
      '0 console lines',
      '1 console line',
      '2 console lines',
    ]);
    expect(counted(3, 'miss', 'misses')).toBe('3 misses');
  });
});

describe('check: a refusal names what it got, whatever the value', () => {
  const ttl = realNumber(0, 60);

  it('names a list nested deeper than JSON.stringify can go as a list', () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(check(ttl, deep)).toMatchObject({
      ok: false,
      refusals: [{ text: 'must be a number from 0 to 60, got a list' }],
    });
  });

  it('names an object whose every read throws as an object', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('read');
        },
      },
    );
    expect(check(ttl, hostile)).toMatchObject({
      ok: false,
      refusals: [{ text: 'must be a number from 0 to 60, got an object' }],
    });
  });
});

describe('quoted', () => {
  it('writes a direction mark as an escape, so a link value cannot turn the notice around', () => {
    expect(quoted('\u202e\u2066evil\u200f')).toBe('"\\u202E\\u2066evil\\u200F"');
    expect(quoted('a\0b')).toBe('"a\\u0000b"');
    expect(quoted('Zoë 東京')).toBe('"Zoë 東京"');
  });
});
