import { describe, expect, it } from 'vitest';
import { corruptionOf } from './steps';

const row = (version: unknown) =>
  JSON.stringify({ id: 9, name: 'N', email: 'n@x', plan: 'pro', version, updated_at: 0 });

describe('corruptionOf', () => {
  it('accepts the row as the application writes it', () => {
    expect(corruptionOf(9, row(2))).toBeNull();
  });

  it('says a version that is not a whole number is one, not that the version is missing', () => {
    expect(corruptionOf(9, row('v2'))).toBe('the value\'s version ("v2") is not a whole number');
    expect(corruptionOf(9, row(1.5))).toBe("the value's version (1.5) is not a whole number");
    expect(corruptionOf(9, row(null))).toBe("the value's version (null) is not a whole number");
    expect(corruptionOf(9, '{"id":9,"name":"N"}')).toBe('the value is JSON without a version');
  });

  it('accepts a row of any length as the application writes it, and refuses one written otherwise', () => {
    for (const length of [100_000, 10_000_000]) {
      const long = JSON.stringify({
        id: 9,
        name: 'é'.repeat(length),
        email: 'n@x',
        plan: 'pro',
        version: 2,
        updated_at: 0,
      });
      expect(corruptionOf(9, long)).toBeNull();
      expect(corruptionOf(8, long)).toBe("the value is user 9's row, not user 8's");
      expect(corruptionOf(9, long.replace('"plan":', '"plan": '))).toBe(
        'the value is not a user row as this application writes it',
      );
      expect(corruptionOf(9, long.slice(0, -1))).toBe('the value is not JSON');
    }
  });
});
