import type { SqlValue } from 'sql.js';

/**
 * A SQL console cell as the console shows it. `realText` is SQLite's own text for a REAL cell
 * (`2.0`, `0.33333333333333332`, `Inf`): a number cannot tell 2.0 from an INTEGER, and
 * JavaScript writes other digits than SQLite does.
 */
export function sqlCellText(value: SqlValue, realText: string | undefined): string {
  if (value === null) return 'NULL';
  if (value instanceof Uint8Array)
    return `<blob, ${value.length} byte${value.length === 1 ? '' : 's'}>`;
  return realText ?? String(value);
}
