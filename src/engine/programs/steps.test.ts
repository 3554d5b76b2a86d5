import { describe, expect, it } from 'vitest';
import { corruptionOf } from './steps';

const row = (version: unknown) =>
  JSON.stringify({ id: 9, name: 'N', email: 'n@x', plan: 'pro', version, updated_at: 0 });

describe('corruptionOf', () => {
  it('accepts the row as the application writes it', () => {
    expect(corruptionOf(9, row(2))).toBeNull();
  });

  it('accepts the fill of a row the SQL console left a BLOB, text or an infinite REAL in', () => {
    // What the fill caches: JSON.stringify of the row sql.js answers (a BLOB is a Uint8Array).
    // Until 2026-12-06 each of these was its own fill called corrupt on every read after it.
    const fill = (cells: object) =>
      JSON.stringify({
        id: 9,
        name: 'N',
        email: 'n@x',
        plan: 'pro',
        version: 2,
        updated_at: 0,
        ...cells,
      });
    for (const cells of [
      { email: new Uint8Array([0, 255]) },
      { name: new Uint8Array([65]), plan: new Uint8Array([]) },
      { updated_at: 'abc' },
      { updated_at: Infinity },
      { updated_at: new Uint8Array([1]) },
    ])
      expect(corruptionOf(9, fill(cells))).toBeNull();
    // Values no row of the table can give stay corrupt: a number in a TEXT column, a non-byte.
    for (const cells of [{ name: 5 }, { email: { 0: 256 } }, { plan: [1] }, { updated_at: true }])
      expect(corruptionOf(9, fill(cells))).toBe(
        'the value is not a user row as this application writes it',
      );
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
