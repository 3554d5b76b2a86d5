// A scenario opens on its script, whatever the learner set in the one before.
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectExpectedOutcome, selectOffScriptChanges } from './selectors';

it('opens the next scenario with manual steps, constant latencies and no key limit', async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario('stampede');
  expect(
    await store.getState().configure({
      scheduler: 'timed',
      latencyModel: 'lognormal',
      maxKeys: 2,
      eviction: 'allkeys-lru',
    }),
  ).toBeNull();
  expect(selectOffScriptChanges(store.getState()).length).toBeGreaterThan(0);
  await store.getState().loadScenario('cold-read');
  const s = store.getState();
  expect(s.config).toMatchObject({
    scheduler: 'manual',
    latencyModel: 'constant',
    maxKeys: 0,
    eviction: 'noeviction',
  });
  expect(selectOffScriptChanges(s)).toEqual([]);
  expect(selectExpectedOutcome(s)).not.toMatch(/no promise/);
});
