import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock';
import { Database } from '../engine/database';
import { loadSqlJsNode } from '../engine/testSim';
import { sqlCellText } from './sqlCellText';

/** Each cell of a console result as the console shows it. */
async function shown(sql: string): Promise<string[]> {
  const db = new Database(await loadSqlJsNode(), new VirtualClock(), { rows: 1 });
  const res = db.execute('console', sql);
  const reals = new Set(res.integralReals.map(([r, c]) => `${r},${c}`));
  return res.rows[0].map((v, c) => sqlCellText(v, reals.has(`0,${c}`)));
}

describe('SQL console cells', () => {
  it('a REAL reads as SQLite writes it as text, never as an INTEGER', async () => {
    const reals = [
      '2.0',
      '-2.0',
      '0.5',
      '0.1 + 0.2',
      '-0.0',
      '1e15',
      '1e16',
      '12345678901234567.0',
      '1e17',
      '1e20',
      '1e21',
      '1e-4',
      '0.00012345',
      '1e-5',
      '-2.5e-7',
      '1.5e300',
      '123456789012345678.0',
      '4.35',
      '100.5',
      '9007199254740993.0',
      '1.7976931348623157e308',
      '1e400',
      '-1e400',
    ];
    const sqlite = await shown(`SELECT ${reals.map((r) => `CAST(${r} AS TEXT)`).join(', ')}`);
    expect(await shown(`SELECT ${reals.join(', ')}`)).toEqual(sqlite);
    expect(sqlite.slice(0, 5)).toEqual(['2.0', '-2.0', '0.5', '0.30000000000000004', '0.0']);
    expect(sqlite.slice(-2)).toEqual(['Inf', '-Inf']);
  });

  it('INTEGERs, text, NULL and blobs', async () => {
    expect(
      await shown("SELECT 2, -7, 9223372036854775807, '2.0', NULL, x'41', x'', x'0102'"),
    ).toEqual([
      '2',
      '-7',
      '9223372036854775807',
      '2.0',
      'NULL',
      '<blob, 1 byte>',
      '<blob, 0 bytes>',
      '<blob, 2 bytes>',
    ]);
  });
});
