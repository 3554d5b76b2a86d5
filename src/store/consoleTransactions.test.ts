// The stale-set race with WATCH, typed in the page's Redis console (README "WATCH does not stop
// the stale-set race"): the writer's DEL removes nothing, so the console's EXEC still fills the
// old row, and the copy is stale.
import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

/** The reader's part, typed: a miss, WATCH, and the row as it is now (version 1). */
async function readerWatches(store: SandboxStoreApi): Promise<string> {
  const { runRedis, runSql } = store.getState();
  expect(await runRedis('GET user:1')).toEqual({ text: '(nil)', isError: false });
  expect(await runRedis('WATCH user:1')).toEqual({ text: 'OK', isError: false });
  await runSql('SELECT * FROM users WHERE id = 1');
  const snap = store.getState().snapshot!;
  const row = snap.db.find((r) => r.id === 1);
  expect(row?.version).toBe(1);
  return JSON.stringify(row);
}

/** Writer B's write of user:1 to its end: UPDATE to version 2, then its DEL of the missing key. */
async function writerWrites(store: SandboxStoreApi): Promise<void> {
  await store.getState().startWrite('B', 1, { plan: 'team' });
  await store.getState().stepActor('B');
  await store.getState().stepActor('B');
  const { events } = store.getState().snapshot!;
  expect(events.filter((e) => e.actor === 'B').map((e) => [e.command, e.reply])).toEqual([
    [expect.stringMatching(/^UPDATE users/), '1 row changed (version 2)'],
    ['DEL user:1', '(integer) 0'],
  ]);
}

describe('MULTI, EXEC and WATCH typed in the Redis console', () => {
  it('lets the stale fill through after the writer deleted nothing: the copy is STALE', async () => {
    const store = await freePlaySandbox();
    const v1 = await readerWatches(store);
    await writerWrites(store);
    const { runRedis } = store.getState();
    expect(await runRedis('MULTI')).toEqual({ text: 'OK', isError: false });
    expect((await runRedis(`SET user:1 '${v1}' EX 60`)).text).toBe('QUEUED');
    expect(await runRedis('EXEC')).toEqual({ text: '1) OK', isError: false });
    const copy = store.getState().snapshot!.cache.find((e) => e.key === 'user:1');
    expect(copy?.isStale).toBe(true);
  });

  it('answers EXEC nil when the watched copy was there and the writer deleted it', async () => {
    const store = await freePlaySandbox();
    const { runRedis } = store.getState();
    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    await store.getState().stepActor('A');
    await store.getState().stepActor('A');
    expect((await runRedis('EXISTS user:1')).text).toBe('(integer) 1');
    await runRedis('WATCH user:1');
    await store.getState().startWrite('B', 1, { plan: 'team' });
    await store.getState().stepActor('B');
    await store.getState().stepActor('B');
    await runRedis('MULTI');
    await runRedis('SET user:1 old EX 60');
    expect(await runRedis('EXEC')).toEqual({ text: '(nil)', isError: false });
    expect(await runRedis('EXISTS user:1')).toEqual({ text: '(integer) 0', isError: false });
  });

  it('aborts the transaction for a line the console refuses in MULTI, and a link replays it', async () => {
    const store = await freePlaySandbox();
    const { runRedis } = store.getState();
    await runRedis('MULTI');
    await runRedis('SET k v');
    expect((await runRedis('SUBSCRIBE c')).isError).toBe(true);
    expect(await runRedis('EXEC')).toEqual({
      text: '(error) EXECABORT Transaction discarded because of previous errors.',
      isError: true,
    });
    // A link to the run before EXEC replays the queue and its refusal: EXEC answers the same.
    const inputs = store
      .getState()
      .timeline.slice(0, -1)
      .map((e) => e.input);
    const replayed = createSandboxStore();
    await replayed
      .getState()
      .start(await loadSqlJsNode(), { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs });
    expect(await replayed.getState().runRedis('EXEC')).toEqual({
      text: '(error) EXECABORT Transaction discarded because of previous errors.',
      isError: true,
    });
    expect(await replayed.getState().runRedis('EXISTS k')).toEqual({
      text: '(integer) 0',
      isError: false,
    });
  });
});
