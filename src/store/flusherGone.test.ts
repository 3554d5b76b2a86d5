// Under write-behind the flusher's LPOP fails while Redis is unreachable, and its job ends: the
// writes queued stay in Redis, and only the next write queued (its RPUSH) starts a flusher
// again. The page says so, rather than leaving "Writes waiting" with no one to flush them.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration, selectToldStep } from './narrationSelectors';

it('a flusher ended by Redis down says the writes wait with none running, and what starts one', async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const busy = (name: string) =>
    store.getState().snapshot?.actors.some((a) => a.name === name && a.task !== null);
  for (const id of [1, 2]) {
    await store.getState().startWrite('B', id, { plan: 'team' });
    while (busy('B')) await store.getState().stepActor('B');
  }
  await store.getState().setCacheAvailable(false);
  while (busy('flusher')) await store.getState().stepActor('flusher');
  expect(selectToldStep(store.getState())).toMatch(
    /: \(error\) Connection is closed\. The command never reached Redis: it cannot be reached \(a connection error\)\. The cache's flusher's job ends without it: 2 writes wait in the queue with no flusher running\. Nothing flushes them until the next write is queued: its RPUSH starts a flusher \(a write while Redis is unreachable goes to the database itself, and starts none\)\.$/,
  );
  await store.getState().setCacheAvailable(true);
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 2, flushedWrites: 0 });
  // A Step of the flusher now sends nothing, and says why.
  expect(await store.getState().stepActor('flusher')).toBe(
    'Actor flusher has nothing to do: it stopped with 2 writes still waiting in the queue, and no flusher runs until the next write is queued: its RPUSH starts one.',
  );
  // And so it does: the next write's RPUSH starts a flusher, which flushes all three.
  await store.getState().startWrite('B', 3, { plan: 'team' });
  while (busy('B')) await store.getState().stepActor('B');
  while (busy('flusher')) await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 0, flushedWrites: 3 });
});

it('a beat that brings Redis back up says the queued writes still wait, and whether a flusher takes them', async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario('lost-invalidation');
  expect(await store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  const busy = (name: string) =>
    store.getState().snapshot?.actors.some((a) => a.name === name && a.task !== null);
  // Before the first beat (Redis goes down), A's write is queued; the flusher has not run yet.
  await store.getState().startWrite('A', 7, { plan: 'team' });
  while (busy('A')) await store.getState().stepActor('A');
  for (let beat = 1; beat <= 4; beat++) await store.getState().step();
  expect(selectNarration(store.getState())).toBe(
    'Redis is reachable again with the keys it held, less any whose TTL ran out while it was down. 1 write waits to be flushed, and the flusher is still running: its next LPOP reaches Redis again.',
  );
  while (busy('flusher')) await store.getState().stepActor('flusher');
  expect(store.getState().snapshot?.stats).toMatchObject({ pendingWrites: 0, flushedWrites: 1 });

  // The same, with the flusher's LPOP failed while Redis was down: no flusher is left to take it.
  await store.getState().loadScenario('lost-invalidation');
  expect(await store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  await store.getState().startWrite('A', 7, { plan: 'team' });
  while (busy('A')) await store.getState().stepActor('A');
  await store.getState().step();
  while (busy('flusher')) await store.getState().stepActor('flusher');
  for (let beat = 2; beat <= 4; beat++) await store.getState().step();
  expect(selectNarration(store.getState())).toBe(
    'Redis is reachable again with the keys it held, less any whose TTL ran out while it was down. 1 write waits to be flushed with no flusher running (its LPOP failed while Redis was down, and its job ended): nothing flushes it until the next write is queued, whose RPUSH starts a flusher.',
  );
  // Back and forth, the beat is replayed and told the same.
  await store.getState().back();
  await store.getState().step();
  expect(selectNarration(store.getState())).toContain('with no flusher running');
});
