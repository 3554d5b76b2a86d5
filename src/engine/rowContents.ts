import { isSameValue } from './copyDiff';
import type { UserRow } from './userStatements';
import { USER_COLUMNS } from './userSeed';

/** What a committed version of a row held, beside its id and version. */
export type RowContents = Pick<
  Record<keyof UserRow, unknown>,
  'name' | 'email' | 'plan' | 'updated_at'
>;

export const contentsOf = (row: RowContents): RowContents => ({
  name: row.name,
  email: row.email,
  plan: row.plan,
  updated_at: row.updated_at,
});

/**
 * Whether a row holds these contents: the same name, email and plan, and the same `updated_at`
 * when it has one (a row kept as a hash reads it back as text: compared as a number).
 */
export function sameContents(
  row: UserRow,
  kept: RowContents,
  rule: CopyRule,
  tableRow: UserRow | null,
): boolean {
  const r = row as unknown as Record<string, unknown>;
  // As the Redis panel judges a copy: a string of JSON's values as they are ("0" is not 0); a
  // row rebuilt from a hash as the hash (it holds text: "0" is 0, "" is not).
  const same = (f: keyof RowContents) => isSameValue(r[f], kept[f], rule.isPartOfCopy !== true);
  if (!same('name') || !same('email') || !same('plan')) return false;
  const isStampAlike = () => rule.isStampLeftOut === true || same('updated_at');
  if (rule.isPartOfCopy) return r.updated_at === undefined || isStampAlike();
  // A field the table has no column for makes another row, as in the panel's judgement (a
  // column the SQL console added is one: the table's row now has it).
  for (const f in r) if (!ROW_FIELDS.has(f) && !(tableRow !== null && f in tableRow)) return false;
  return isStampAlike();
}

/**
 * How {@link Database.neverHad} compares a row with a committed version. `isStampLeftOut`:
 * `updated_at` is not compared (write-behind's copy keeps its older stamp by design).
 * `isPartOfCopy`: the row is a cached copy returned unchanged (a string of JSON), judged here only
 * by the values it holds, as the Redis panel judges such a copy (`"0"` is not 0; a field left out
 * or one the table has no column for makes a copy that a hit counts stale, as the panel badges
 * it, not a row the database never had).
 */
export interface CopyRule {
  isStampLeftOut?: boolean;
  isPartOfCopy?: boolean;
}

/** The fields of a user row: the table's columns. */
const ROW_FIELDS: ReadonlySet<string> = new Set(USER_COLUMNS);
