// A STALE READ names the version the database held when the read began, and the version it
// holds now only as now: a version committed while the read was in flight is not "held since
// before this read began".
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it('version 2 committed before the read, version 3 while it was in flight', async () => {
  const store = await freePlaySandbox({ pattern: 'refresh-ahead', ttlSeconds: 10 });
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runSql("UPDATE users SET plan = 'pro', version = 2 WHERE id = 1");
  await store.getState().startRead('B', 1);
  await store.getState().stepActor('B');
  await store.getState().runSql("UPDATE users SET plan = 'team', version = 3 WHERE id = 1");
  await store.getState().stepActor('B');
  expect(store.getState().snapshot?.stats.staleReads).toBe(1);
  const told = selectToldStep(store.getState()) ?? '';
  expect(told).not.toContain('the database has held version 3 since before this read began');
  expect(told).toMatch(
    / A STALE READ: the database held version 2 before this read began \(it holds version 3 now\)\.$/,
  );
});
