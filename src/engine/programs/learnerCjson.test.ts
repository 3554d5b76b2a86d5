// A learner's natural script over what a read path caches: the row, as JSON.stringify made it,
// decoded with Redis' cjson inside EVAL; a table stored with cjson.encode; bad JSON refused in
// cjson's words, thrown at the yield like any failed command.
import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../../platform/quickjsNode';
import { compileLearnerProgram } from '../../platform/quickjsSandbox';
import { loadSqlJsNode } from '../../platform/sqlJsNode';
import { Simulation } from '../simulation';
import { learnerReadProgram } from './learner';

/** Runs a read of user 1 with `body` as the read path; what it SET at `out`, parsed. */
async function readAndKeep(body: string[]): Promise<unknown> {
  const source = ['function* read(id) {', ...body.map((line) => `  ${line}`), '}'].join('\n');
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) throw new Error(compiled.error);
  const sim = await Simulation.create(await loadSqlJsNode(), {
    actors: ['A'],
    rows: 10,
    programs: { read: learnerReadProgram(compiled.program.runner) },
  });
  await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
  while (sim.readyActors().length > 0) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  const snap = await sim.snapshot();
  expect(snap.results[0].error).toBeUndefined();
  return JSON.parse(String(snap.cache.find((e) => e.key === 'out')?.value));
}

describe("Redis' cjson in a script a read path sends", () => {
  it("decodes the row the read path cached: the fields are the row's own", async () => {
    // Before, the EVAL threw "Redis' cjson is not in this sandbox".
    const kept = await readAndKeep([
      'const row = yield selectUser(id);',
      "yield redis('SET', cacheKey(id), JSON.stringify(row));",
      "const fields = yield redis('EVAL', \"local v = cjson.decode(redis.call('GET', KEYS[1])) return {v.id, v.name, v.email, v.version}\", 1, cacheKey(id));",
      "yield redis('SET', 'out', JSON.stringify([fields, [row.id, row.name, row.email, row.version]]));",
      'return row;',
    ]);
    const [fields, row] = kept as [unknown, unknown];
    expect(fields).toEqual(row);
    expect((row as unknown[])[0]).toBe(1);
  });

  it('stores a table with cjson.encode, and the read path parses it back', async () => {
    const kept = await readAndKeep([
      "yield redis('EVAL', \"return redis.call('SET', KEYS[1], cjson.encode({id = 7, tags = {'a', 'b'}, ratio = 0.1 + 0.2, none = cjson.null}))\", 1, 'j');",
      "const text = yield redis('GET', 'j');",
      "yield redis('SET', 'out', JSON.stringify(JSON.parse(text)));",
      'return yield selectUser(id);',
    ]);
    expect(kept).toEqual({ id: 7, tags: ['a', 'b'], ratio: 0.3, none: null });
  });

  it("throws bad JSON at the yield in cjson's words, with where it is", async () => {
    const kept = await readAndKeep([
      "yield redis('SET', 'bad', '{\"id\":1,}');",
      'let message = null;',
      "try { yield redis('EVAL', \"return cjson.decode(redis.call('GET', KEYS[1])).id\", 1, 'bad'); } catch (e) { message = e.message; }",
      "yield redis('SET', 'out', JSON.stringify(message));",
      'return yield selectUser(id);',
    ]);
    expect(kept).toMatch(
      /^ERR user_script:1: Expected object key string but found T_OBJ_END at character 9 script: [0-9a-f]{40}, on @user_script:1\.$/,
    );
  });
});
