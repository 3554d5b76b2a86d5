// A cached row a console APPEND (or SETRANGE) turned into text that is no JSON: the read path
// counts it a corrupt entry and reads the database, so the Redis panel and the narration must
// not call it a copy of the row. Before, the version was scanned out of the broken text: "Redis
// now holds user:1 at version 1, the database's current row", the key shown at version 1 with
// no STALE badge, and the next read missed on it.
import { expect, it } from 'vitest';
import { selectToldLatest, selectToldStep } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

it('a row with text appended is no row: the panel shows no version, the narration says a read counts it corrupt, and the read does', async () => {
  const store = await freePlaySandbox();
  await store.getState().startRead('A', 1);
  for (let i = 0; i < 3; i++) await store.getState().stepActor('A');
  await store.getState().runRedis('APPEND user:1 x');
  const entry = store.getState().snapshot?.cache.find((e) => e.key === 'user:1');
  expect(entry?.value.endsWith('}x')).toBe(true);
  expect(entry?.version).toBeNull();
  expect(entry?.isStale).toBe(false);
  expect(selectToldLatest(store.getState())).toBe(
    'You changed Redis from the console (APPEND user:1 x). Redis now holds a value at user:1 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does.',
  );
  // What the narration foretold: the next read's GET is a miss on a corrupt entry.
  await store.getState().startRead('A', 1);
  await store.getState().stepActor('A');
  expect(store.getState().snapshot?.stats).toMatchObject({ hits: 0, misses: 2 });
  expect(selectToldStep(store.getState())).toContain(
    "a value that is not user:1's row as the application writes it: a corrupt entry. It counts as a miss",
  );
});

it('a row set by hand in JSON of its own spacing keeps its version: only text that is no JSON object loses it', async () => {
  const store = await freePlaySandbox();
  await store.getState().runRedis(`SET user:2 '{"version": 3, "id": 2}'`);
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:2')?.version).toBe(3);
  await store.getState().runRedis(`SET user:2 '{"version": 3, "id": 2'`);
  expect(store.getState().snapshot?.cache.find((e) => e.key === 'user:2')?.version).toBeNull();
});
