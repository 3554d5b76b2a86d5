import type { SqlValue } from 'sql.js';

/**
 * A REAL as SQLite writes it as text (`CAST(x AS TEXT)`, what sqlite3 prints): the shortest
 * digits that read back as the same value, always with a decimal point or an exponent, so it
 * never passes for an INTEGER; `Inf` and `-Inf` for the infinities, `0.0` for either zero.
 */
export function realText(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (value === 0) return '0.0';
  const [digits, exp] = value.toExponential().split('e');
  const exponent = Number(exp);
  // SQLite writes an exponent below 1e-4 and from 1e17 on, with a sign and at least two digits.
  if (exponent < -4 || exponent >= 17) {
    const mantissa = digits.includes('.') ? digits : `${digits}.0`;
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = String(value);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/**
 * A SQL console cell as the console shows it. `isReal` marks a REAL a number cannot tell from an
 * INTEGER (a whole or infinite value); any number that is not whole is a REAL anyway.
 */
export function sqlCellText(value: SqlValue, isReal: boolean): string {
  if (value === null) return 'NULL';
  if (value instanceof Uint8Array)
    return `<blob, ${value.length} byte${value.length === 1 ? '' : 's'}>`;
  if (typeof value === 'number' && (isReal || !Number.isInteger(value))) return realText(value);
  return String(value);
}
