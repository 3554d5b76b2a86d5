import { describe, expect, it } from 'vitest';
import { type UserRow } from '../engine/database';
import { seedRow } from '../engine/userSeed';
import { compactRow, rowDiff, diffSide, NO_SUCH_COLUMN } from './rowDiff';

const v1 = { ...seedRow(123), plan: 'free', version: 1, updated_at: 0 };
const v2 = { ...v1, plan: 'team', version: 2, updated_at: 5 };

describe('rowDiff', () => {
  it('lists the fields a stale copy differs in, cached against row, in column order', () => {
    expect(rowDiff(JSON.stringify(v1), v2)).toEqual([
      { field: 'plan', cached: '"free"', row: '"team"' },
      { field: 'version', cached: '1', row: '2' },
      { field: 'updated_at', cached: '0', row: '5' },
    ]);
    expect(rowDiff(JSON.stringify(v2), v2)).toEqual([]);
  });

  it('compares only a cached copy of that row', () => {
    expect(rowDiff('{"tombstone":true,"version":2}', v2)).toEqual([]);
    expect(rowDiff('not json', v2)).toEqual([]);
    // Another user's row differs in its id, as the Redis panel's badge says.
    expect(rowDiff(JSON.stringify({ ...v1, id: 7 }), v2)).toEqual([
      { field: 'id', cached: '7', row: '123' },
    ]);
    expect(rowDiff(JSON.stringify(v1), undefined)).toEqual([]);
    expect(rowDiff(JSON.stringify({ id: 123 }), v2)[0]).toEqual({
      field: 'name',
      cached: '(missing)',
      row: JSON.stringify(v2.name),
    });
  });
});

describe('rowDiff after the SQL console renamed a column', () => {
  it("shows the row's real column, and a cached field with no column as such", () => {
    const { plan, ...rest } = v1;
    const renamed = { ...rest, tier: plan } as unknown as UserRow;
    expect(rowDiff(JSON.stringify(v1), renamed)).toEqual([
      { field: 'tier', cached: '(missing)', row: '"free"' },
      { field: 'plan', cached: '"free"', row: NO_SUCH_COLUMN },
    ]);
    expect(NO_SUCH_COLUMN).toBe('(no such column)');
  });
});

describe('compactRow', () => {
  it('never cuts before a differing field, however short the room', () => {
    const diffs = rowDiff(JSON.stringify(v1), v2);
    expect(compactRow(JSON.stringify(v1), diffs, 10)).toBe('{"plan":"free","version":1, …}');
    expect(compactRow(JSON.stringify(v1), diffs, 40)).toBe(
      '{"plan":"free","version":1,"id":123, …}',
    );
    expect(diffSide(diffs, 'row')).toBe('plan "team", version 2');
    expect(diffSide(diffs, 'cached')).toBe('plan "free", version 1');
  });

  it('keeps a value that fits whole', () => {
    const json = JSON.stringify(v2);
    expect(compactRow(json, [], 1000)).toBe(json);
    expect(compactRow(json, [], 13)).toBe('{"id":123, …}');
  });
});
