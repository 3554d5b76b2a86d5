import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock';
import { Database } from '../engine/database';
import { loadSqlJsNode } from '../engine/testSim';
import { sqlCellText } from './sqlCellText';

/** Each cell of a console result as the console shows it. */
async function shown(sql: string): Promise<string[]> {
  const db = new Database(await loadSqlJsNode(), new VirtualClock(), { rows: 1 });
  const res = db.execute('console', sql);
  const reals = new Map(res.realTexts.map(([r, c, text]) => [`${r},${c}`, text]));
  return res.rows[0].map((v, c) => sqlCellText(v, reals.get(`0,${c}`)));
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
      '1/3.0',
      '1e15 + 0.3',
      '9223372036854775807 + 1',
      '5e-324',
      '2.2250738585072014e-308',
      '-1e-5',
    ];
    const sqlite = await shown(`SELECT ${reals.map((r) => `CAST(${r} AS TEXT)`).join(', ')}`);
    expect(await shown(`SELECT ${reals.join(', ')}`)).toEqual(sqlite);
    expect(sqlite.slice(0, 5)).toEqual(['2.0', '-2.0', '0.5', '0.30000000000000004', '0.0']);
    expect(sqlite.slice(-8)).toEqual([
      'Inf',
      '-Inf',
      '0.33333333333333332',
      '1000000000000000.3',
      '9.2233720368547758e+18',
      '4.9406564584124654e-324',
      '2.2250738585072014e-308',
      '-1.0e-05',
    ]);
  });

  it('any double reads as SQLite writes it as text', async () => {
    // Doubles from random bit patterns (a fixed seed: the run repeats), over every exponent.
    let seed = 0x2545f491;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const view = new DataView(new ArrayBuffer(8));
    const literals: string[] = [];
    while (literals.length < 400) {
      view.setUint32(0, next());
      view.setUint32(4, next());
      const x = view.getFloat64(0);
      if (Number.isFinite(x)) literals.push(x.toExponential());
      // Whole values of every size, and a few decimals people type.
      literals.push(`${next() % 100000}.0`, `${(next() % 100000) / 100}`);
    }
    for (let i = 0; i < literals.length; i += 100) {
      const batch = literals.slice(i, i + 100);
      const sqlite = await shown(`SELECT ${batch.map((r) => `CAST(${r} AS TEXT)`).join(', ')}`);
      expect(await shown(`SELECT ${batch.join(', ')}`)).toEqual(sqlite);
    }
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

describe('SQL console cells: a blob', () => {
  it('shows its whole size, though the console keeps only its first bytes', async () => {
    const db = new Database(await loadSqlJsNode(), new VirtualClock(), { rows: 1 });
    const res = db.execute('console', "SELECT zeroblob(5000000), x'01'");
    const cut = new Map(res.cutCells.map(([r, c, length]) => [`${r},${c}`, length]));
    expect(res.rows[0].map((v, c) => sqlCellText(v, undefined, cut.get(`0,${c}`)))).toEqual([
      '<blob, 5000000 bytes>',
      '<blob, 1 byte>',
    ]);
  });
});
