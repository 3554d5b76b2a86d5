import type { SqlValue } from 'sql.js';
import { blobText } from '../engine/copyDiff';
import { shown } from '../store/shown';

/**
 * A SQL console cell as the console shows it. `realText` is SQLite's own text for a REAL cell
 * (`2.0`, `0.33333333333333332`, `Inf`): a number cannot tell 2.0 from an INTEGER, and
 * JavaScript writes other digits than SQLite does. `cutLength` is how long a cell cut to its
 * first characters or bytes was.
 */
export function sqlCellText(
  value: SqlValue,
  realText: string | undefined,
  cutLength?: number,
): string {
  if (value === null) return 'NULL';
  if (value instanceof Uint8Array) {
    // A blob cut to its first bytes (see MAX_CONSOLE_CELL_CHARS) had `cutLength`.
    return blobText(cutLength ?? value.length);
  }
  return realText ?? shown(String(value));
}
