// A write path of the learner's that never changes the row the read reads (it only DELs, or
// UPDATEs another row, or an UPDATE that matches none) leaves every interleaving fresh: the
// exploration says which row no write changed, so the green grid is not read as a proof.
import { expect, it } from 'vitest';
import { exploreQueued } from './interleavingGrid';
import { learnerWriteProgram } from './programs/learner';
import type { SimAction } from './simAction';
import type { SimConfig } from './simConfig';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';

const race: SimAction[] = [
  { type: 'read', actor: 'A', id: 1 },
  { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
];

async function explore(writeSource: string | null, config: Partial<SimConfig> = {}) {
  const SQL = await loadSqlJsNode();
  let programs;
  if (writeSource !== null) {
    const compiled = compileLearnerProgram(await loadQuickJsNode(), 'write', writeSource);
    if (!compiled.ok) throw new Error(compiled.error);
    programs = { write: learnerWriteProgram(compiled.program.runner) };
  }
  return exploreQueued(
    SQL,
    { config: { actors: ['A', 'B'], rows: 10, ...config }, setup: race, limit: 2000 },
    undefined,
    programs,
  );
}

const write = (body: string) => `function* write(id, changes, ctx) {\n${body}\n}`;

it.each([
  ['only DELs the key', "  yield redis('DEL', cacheKey(id));\n  return yield selectUser(id);"],
  [
    'UPDATEs the next row',
    "  const row = yield updateUser(id + 1, changes);\n  yield redis('DEL', cacheKey(id));\n  return yield selectUser(id);",
  ],
  [
    'UPDATEs a row that is not there',
    "  yield updateUser(id + 1000, changes);\n  yield redis('DEL', cacheKey(id));\n  return yield selectUser(id);",
  ],
])(
  'a write path that %s: every cell fresh, and user 1 named as the row no write changed',
  async (_, body) => {
    const result = await explore(write(body));
    expect(result.outcomes.fresh).toBe(result.interleavings.length);
    expect(result.unchangedRows).toEqual([1]);
  },
);

it('a write path of yours that UPDATEs the row it was given: no such note', async () => {
  const result = await explore(
    write(
      "  const row = yield updateUser(id, changes);\n  yield redis('DEL', cacheKey(id));\n  return row;",
    ),
  );
  expect(result.unchangedRows).toEqual([]);
});

it('ours, under cache-aside and under write-behind (whose flusher commits the write): no such note', async () => {
  expect((await explore(null)).unchangedRows).toEqual([]);
  const writeBehind = await explore(null, { pattern: 'write-behind' });
  expect(writeBehind.interleavings.length).toBeGreaterThan(0);
  expect(writeBehind.unchangedRows).toEqual([]);
});
