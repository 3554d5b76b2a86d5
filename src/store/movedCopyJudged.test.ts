// A copy your code moves onto a row's key (RENAME, COPY) is what the key holds from then on:
// the later judgements of the key's copy (the change log's invalidation that never arrives, a
// write's end, a flush) judge that copy. Until 2026-12-08 they judged the last fill's, which a
// RENAME never replaced: version 1 moved onto user:1 and left there by the change log's failed
// DEL showed STALE in the Redis panel while Lost invalidations stayed 0 (a SET of it counted 1).
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { learnerBeside } from '../app/testLearner';
import { loadSqlJsNode } from '../engine/testSim';
import { freePlaySandbox } from './testSandbox';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

it.each([
  [
    'RENAME',
    `yield redis('SET', 'tmp', JSON.stringify(row));\n  yield redis('RENAME', 'tmp', cacheKey(id));`,
  ],
  [
    'COPY',
    `yield redis('SET', 'tmp', JSON.stringify(row));\n  yield redis('COPY', 'tmp', cacheKey(id));`,
  ],
  [
    'SET',
    `yield redis('SET', 'tmp', 'x');\n  yield redis('SET', cacheKey(id), JSON.stringify(row));`,
  ],
])(
  "an older copy a %s left at the row's key, which the change log's invalidation then missed, is a lost invalidation",
  async (_, store) => {
    const sandbox = await freePlaySandbox({ invalidation: 'cdc' });
    const learner = await learnerBeside(sandbox, SQL);
    learner.getState().setDraft(
      'read',
      `function* read(id) {
  const row = yield selectUser(id);
  ${store}
  return row;
}`,
    );
    expect(await learner.getState().run(['read'])).toBeNull();
    const s = sandbox.getState;
    expect(await s().startRead('A', 1)).toBeNull();
    for (let i = 0; i < 3; i++) await s().stepActor('A');
    expect(s().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({ version: 1 });
    // B writes user 1; the consumer reads the change, and its DEL finds Redis down.
    await s().startWrite('B', 1, { plan: 'pro' });
    await s().stepActor('B');
    await s().stepActor('cdc');
    await s().stepActor('cdc');
    await s().setCacheAvailable(false);
    await s().stepActor('cdc');
    await s().setCacheAvailable(true);
    expect(s().snapshot?.cache.find((e) => e.key === 'user:1')).toMatchObject({
      version: 1,
      isStale: true,
    });
    expect(s().snapshot?.stats.lostInvalidations).toBe(1);
  },
);
