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
});
