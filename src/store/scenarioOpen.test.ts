// A scenario opens on its script, whatever the learner set in the one before.
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { viewLink } from './urlState';
import { selectExpectedOutcome, selectOffScriptChanges } from './scriptSelectors';

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

it('write-then-read counts no stale fill under Timed scheduling, as under manual', async () => {
  // Timed, A's warm-up SET lands the instant B's write starts: a fill made before the write,
  // of the row then current, which TTL-only leaves in place; not a fill that raced it.
  for (const scheduler of ['manual', 'timed'] as const) {
    const store = createSandboxStore();
    await store.getState().start(await loadSqlJsNode());
    await store.getState().loadScenario('write-then-read');
    expect(await store.getState().configure({ scheduler })).toBeNull();
    while (store.getState().canStep) await store.getState().step();
    expect(store.getState().snapshot?.stats.staleFills, scheduler).toBe(0);
  }
});

it('refuses an unknown scenario by returning the refusal it shows, and keeps the one open', async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  expect(await store.getState().loadScenario('stampede')).toBeNull();
  expect(await store.getState().loadScenario('no-such-scenario')).toBe(
    'Unknown scenario "no-such-scenario".',
  );
  expect(store.getState().scenarioId).toBe('stampede');
  expect(store.getState().notices.at(-1)?.text).toBe('Unknown scenario "no-such-scenario".');
});

// Free play goes on from the run as the scenario left it: every setting it set stays, shown in
// the Settings and the address, its slow database as much as its TTL and its readers; another
// scenario opens at its own (2 ms, the default, for stale-set).
it("free play keeps a scenario's settings, its database read among them; the next scenario sets its own", async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario('expensive-miss');
  const set = { ttlSeconds: 60, actorCount: 4, dbLatency: 30 };
  expect(store.getState().config).toMatchObject(set);
  await store.getState().loadScenario(null);
  expect(store.getState().config).toMatchObject(set);
  expect(viewLink(store.getState()).search).toBe('?ttl=60&actors=4&dblatency=30');
  await store.getState().loadScenario('stale-set');
  expect(store.getState().config).toMatchObject({ ttlSeconds: 3600, actorCount: 2, dbLatency: 2 });
});
