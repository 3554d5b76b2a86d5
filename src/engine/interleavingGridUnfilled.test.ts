// A read path of the learner's that never fills the key it read (it never SETs, its SET is
// refused, or it SETs another key) leaves every interleaving fresh: nothing was cached for the
// write to race. The exploration says which row no read filled, so the green grid is not read
// as a proof of the read path's fill.
import { expect, it } from 'vitest';
import { exploreQueued } from './interleavingGrid';
import { learnerReadProgram } from './programs/learner';
import type { SimAction } from './simAction';
import type { SimConfig } from './simConfig';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { loadQuickJsNode } from '../platform/quickjsNode';
import { compileLearnerProgram } from '../platform/quickjsSandbox';

const race: SimAction[] = [
  { type: 'read', actor: 'A', id: 1 },
  { type: 'write', actor: 'B', id: 1, changes: { name: 'New' } },
];

async function explore(
  readSource: string | null,
  config: Partial<SimConfig> = {},
  setup: SimAction[] = race,
) {
  const SQL = await loadSqlJsNode();
  let programs;
  if (readSource !== null) {
    const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', readSource);
    if (!compiled.ok) throw new Error(compiled.error);
    programs = { read: learnerReadProgram(compiled.program.runner) };
  }
  return exploreQueued(
    SQL,
    { config: { actors: ['A', 'B', 'C'], rows: 10, ...config }, setup, limit: 2000 },
    undefined,
    programs,
  );
}

const read = (body: string) => `function* read(id) {\n${body}\n}`;
const getThen = (fill: string) =>
  read(
    `  const hit = yield redis('GET', cacheKey(id));\n  if (hit !== null) return JSON.parse(hit);\n  const row = yield selectUser(id);\n${fill}\n  return row;`,
  );

it.each([
  ['never SETs', getThen('')],
  [
    'SETs with an expiry Redis refuses',
    getThen(
      "  try { yield redis('SET', cacheKey(id), JSON.stringify(row), 'EX', '0'); } catch (e) {}",
    ),
  ],
  ['SETs another key', getThen("  yield redis('SET', cacheKey(id + 1), JSON.stringify(row));")],
  ['never reads the cache', read('  return yield selectUser(id);')],
])(
  'a read path that %s: every cell fresh, and user 1 named as the row no read filled',
  async (_, source) => {
    const result = await explore(source);
    expect(result.interleavings.length).toBeGreaterThan(1);
    // Its copy under user:2 is a row the database never had: those cells are judged for it.
    if (!source.includes('id + 1')) expect(result.outcomes.fresh).toBe(result.interleavings.length);
    expect(result.unfilledRows).toEqual([1]);
    for (const run of result.interleavings) expect(run.unfilledRows).toEqual([1]);
    // The key it used instead is named (until 2026-12-06 only user 1's was); the others used none.
    const elsewhere = source.includes('id + 1') ? [{ id: 1, commands: ['SET user:2'] }] : [];
    expect(result.unfilledElsewhere).toEqual(elsewhere);
    for (const run of result.interleavings)
      expect(run.unfilledElsewhere).toEqual(elsewhere.length > 0 ? elsewhere : undefined);
  },
);

it('a read path of yours that fills the key it read on a miss: no such note', async () => {
  const result = await explore(getThen("  yield redis('SET', cacheKey(id), JSON.stringify(row));"));
  expect(result.unfilledRows).toEqual([]);
  expect(result.interleavings.filter((r) => r.unfilledRows !== undefined)).toEqual([]);
});

it.each([
  ['cache-aside, no mitigation', {}],
  ['lease (a fill refused when the write took the lease away)', { readMitigation: 'lease' }],
  ['write-through', { pattern: 'write-through' }],
  ['write-behind', { pattern: 'write-behind' }],
] as [string, Partial<SimConfig>][])(
  'ours under %s: no such note, in any cell',
  async (_, config) => {
    const result = await explore(null, config);
    expect(result.interleavings.length).toBeGreaterThan(0);
    expect(result.unfilledRows).toEqual([]);
    expect(result.interleavings.filter((r) => r.unfilledRows !== undefined)).toEqual([]);
  },
);

it('ours with two readers: the second hits what the first filled, and no cell is noted', async () => {
  const result = await explore(null, {}, [...race, { type: 'read', actor: 'C', id: 1 }]);
  expect(result.interleavings.filter((r) => r.unfilledRows !== undefined)).toEqual([]);
});
