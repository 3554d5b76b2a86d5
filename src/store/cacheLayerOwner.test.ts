// A command the cache layer sends on a request's behalf (read-through's fill, write-behind's GET)
// is told as the cache's; the request it serves is still the actor's, and is named so.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

it("read-through: Redis down at the cache's fill, A's read returns the row", async () => {
  const store = await freePlaySandbox({ pattern: 'read-through' });
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  await store.getState().stepActor('A');
  await store.getState().setCacheAvailable(false);
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toMatch(
    /^Step 3: The cache \(for A\) sends SET user:1 .*\(error\) Connection is closed\. The command never reached Redis: it cannot be reached \(a connection error\)\. A's read returns the row it read from the database, and nothing is cached\.$/,
  );
});

it("write-behind: Redis down at the cache's GET, A's write goes on", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  await store.getState().setCacheAvailable(false);
  await store.getState().startWrite('A', 1, { plan: 'pro' });
  await store.getState().stepActor('A');
  expect(selectToldStep(store.getState())).toBe(
    "Step 1: The cache (for A) sends GET user:1: (error) Connection is closed. The command never reached Redis: it cannot be reached (a connection error). A's write goes on without it.",
  );
});
