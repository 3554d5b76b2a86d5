import type { UserRow } from '../database';
import { INVALIDATE_IF_OLDER } from './readVersionedFill';
import type { ReadMitigation } from './catalog';
import { expiry, redis } from './steps';
import type { ProgramSettings, Step } from './types';

/**
 * How a writer removes a cached value, given the read side's mitigation: a plain DEL; with
 * leases, DEL of the value and of any lease on it (so an in-flight fill is refused); with
 * versioned fills, a tombstone holding the new version (so an older row cannot come back), set
 * only over an older entry: a writer that finishes after a newer one must not lower its tombstone.
 */
export function invalidation(
  label: string,
  key: string,
  row: UserRow | null,
  mitigation: ReadMitigation,
  settings: ProgramSettings,
): Step {
  if (mitigation === 'lease') return redis(label, 'DEL', key, `lease:${key}`);
  if (mitigation === 'versioned-fill' && row !== null)
    return redis(
      label,
      'EVAL',
      INVALIDATE_IF_OLDER,
      '1',
      key,
      String(row.version),
      ...expiry(settings.ttlSeconds),
    );
  return redis(label, 'DEL', key);
}
