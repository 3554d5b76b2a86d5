import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock';
import { Database } from '../engine/database';
import { loadSqlJsNode } from '../engine/testSim';
import { toSqlConsoleResult } from '../store/consoleFormat';
import { SqlResultView } from './SqlResultView';

/** The console's table for a line, as text (tags dropped). */
async function shown(sql: string): Promise<string> {
  const db = new Database(await loadSqlJsNode(), new VirtualClock(), { rows: 3 });
  const result = toSqlConsoleResult(db.execute('console', sql));
  return renderToStaticMarkup(<SqlResultView result={result} />).replace(/<[^>]+>/g, '');
}

describe('SqlResultView', () => {
  it('a cell of millions of characters shows its first 10,000 and says how long it was', async () => {
    const text = await shown("SELECT hex(zeroblob(5000000)) AS big, 'short' AS small");
    expect(text.length).toBeLessThan(11_000);
    expect(text).toContain(
      `${'0'.repeat(10_000)} … (10,000,000 characters in all: the console keeps the first 10,000 of a cell; substr() shows the rest)`,
    );
    expect(text).toContain('short1 row');
  });

  it('a write with RETURNING says the rows it changed as well as those it returned', async () => {
    expect(await shown("UPDATE users SET plan = 'pro' WHERE id <= 2 RETURNING id")).toBe(
      'id122 rows changed; 2 rows returned',
    );
    expect(await shown("UPDATE users SET plan = 'x' WHERE id = 3; SELECT 7")).toBe(
      '771 row changed; 1 row returned',
    );
  });
});
