// A Step whose actor sends nothing says why, from the engine's state at that Step: in the CDC
// story switched to write-behind, the consumer's beats find it never started, since no write
// has reached the database (only the flusher's UPDATE would).
import { expect, it } from 'vitest';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createSandboxStore } from './sandboxStore';
import { selectNarration } from './narrationSelectors';
import { selectQuietStep } from './diagramSelectors';

it("cdc's beats under write-behind say the consumer has not started and what it waits for", async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario('cdc-late-invalidation');
  await store.getState().step();
  await store.getState().step();
  expect(await store.getState().configure({ pattern: 'write-behind' })).toBeNull();
  const told =
    "cdc sends nothing: the change consumer has not started; it starts when a write commits to the database, and none has yet. Under write-behind a write reaches the database only through the flusher's UPDATE. Still running: A (read user:42), B (write user:42).";
  await store.getState().step(); // B's write: its GET
  await store.getState().step(); // C's read: a hit
  for (let i = 0; i < 3; i++) {
    await store.getState().step();
    expect(selectNarration(store.getState())).toBe(told);
    expect(selectQuietStep(store.getState())).toBe(told);
  }
});

it("stale-set under the timed scheduler: B's two idle Steps of beat 6 are told once", async () => {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  await store.getState().loadScenario('stale-set');
  expect(await store.getState().configure({ scheduler: 'timed' })).toBeNull();
  for (let beat = 1; beat <= 6; beat++) await store.getState().step();
  // B's write ended with its DEL under this scheduler: both stepActor('B') of the beat find nothing.
  // The same Step sends A's GET: B sends nothing, the Step does (it said "so this step sends
  // nothing" before A's GET).
  expect(selectNarration(store.getState())).toBe(
    'B is idle: it has no request running, so it sends nothing. A starts a read of user:123. A sends GET user:123 and hits version 1. A STALE READ: the database has held version 2 since before this read began.',
  );
});
