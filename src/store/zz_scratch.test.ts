import { it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createSandboxStore } from './sandboxStore';
it('scratch', async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  const s = store.getState;
  const show = async (sql: string) => console.log(sql, '=>', JSON.stringify(await s().runSql(sql)).slice(0, 300));
  await show("SELECT datetime('now'), CURRENT_TIMESTAMP, random(), hex(randomblob(4)), julianday('now'), strftime('%s','now'), unixepoch()");
  await show("UPDATE users SET name = hex(randomblob(4)) WHERE id = 1 RETURNING name");
  await s().advanceClock(1000);
  await s().back();
  await show("SELECT name FROM users WHERE id = 1");
});
