import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_MS } from '../engine/clock';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { createSandboxStore } from './sandboxStore';

async function startedStore() {
  const store = createSandboxStore();
  await store.getState().start(await loadSqlJsNode());
  return store;
}

describe('advanceClock', () => {
  it('refuses a jump past the clock limit with a message, and keeps the time', async () => {
    const store = await startedStore();
    await store.getState().advanceClock(60_000);
    for (const bad of [1e308, Number.MAX_VALUE, MAX_CLOCK_MS, Infinity, NaN, -1])
      await store.getState().advanceClock(bad);
    const { snapshot, notices } = store.getState();
    expect(snapshot?.clockMs).toBe(60_000);
    expect(notices.at(-1)?.tone).toBe('error');
    expect(notices.map((n) => n.text).join('\n')).toContain(
      `The virtual clock stops at 10 years (315,360,000,000 ms)`,
    );
  });

  it('reaches the limit exactly, and the log never shows Infinity or NaN', async () => {
    const store = await startedStore();
    await store.getState().advanceClock(MAX_CLOCK_MS - 1);
    await store.getState().runRedis('SET k v');
    await store.getState().advanceClock(2);
    const { snapshot } = store.getState();
    expect(snapshot?.clockMs).toBe(MAX_CLOCK_MS - 1);
    const line = snapshot?.redisLog.at(-1);
    expect(line?.timeMs).toBe(MAX_CLOCK_MS - 1);
    expect(JSON.stringify(snapshot?.redisLog)).not.toMatch(/Infinity|NaN|null/);
  });

  it('a Step the clock has no room for is refused in words, saying how to go on, and keeps the run', async () => {
    const store = await startedStore();
    await store.getState().advanceClock(MAX_CLOCK_MS - 1);
    await store.getState().startRead('A', 3);
    await store.getState().step(); // GET: 0.3 ms
    const before = store.getState().snapshot;
    expect(await store.getState().step()).toBe(false); // SELECT: 2 ms, 0.7 ms left
    const { snapshot, notices } = store.getState();
    expect(notices.at(-1)?.text).toBe(
      `Step refused: the virtual clock stops at 10 years (315,360,000,000 ms): it is at 315,359,999,999.3 ms, and 2 ms more would pass it. Nothing was sent; go Back or Reset to go on.`,
    );
    expect(snapshot?.clockMs).toBe(before?.clockMs);
    expect(snapshot?.actors[0]).toEqual(before?.actors[0]);
  });

  it('a Step refused again shows its refusal once, and pushes out no other notice', async () => {
    const store = await startedStore();
    store.getState().notify('A notice shown before.', 'info');
    await store.getState().advanceClock(MAX_CLOCK_MS - 1);
    await store.getState().startRead('A', 3);
    await store.getState().step(); // GET: 0.3 ms
    for (let i = 0; i < 5; i++) expect(await store.getState().step()).toBe(false);
    const texts = store.getState().notices.map((n) => n.text);
    expect(texts.filter((t) => t.startsWith('Step refused: the virtual clock'))).toHaveLength(1);
    expect(texts.at(-1)).toMatch(/^Step refused: the virtual clock/);
    expect(texts).toContain('A notice shown before.');
  });

  it('a refusal that said how the run was goes once the run changes, where it may be untrue', async () => {
    const store = await startedStore();
    const texts = () => store.getState().notices.map((n) => n.text);
    const noTtl = 'No key in Redis has a TTL, so nothing will expire.';
    expect(await store.getState().advanceToNextExpiry()).toBe(noTtl);
    expect(texts()).toContain(noTtl);
    // Beside a key with a TTL in the Redis panel, it would say what is not so.
    await store.getState().runRedis('SET c 1 EX 5');
    expect(texts()).not.toContain(noTtl);
    expect(await store.getState().advanceToNextExpiry()).toBeNull();
    expect(store.getState().snapshot?.clockMs).toBe(5000);

    const idle = 'Actor A has nothing to do: start a read or a write first.';
    expect(await store.getState().stepActor('A')).toBe(idle);
    await store.getState().startRead('A', 1);
    expect(texts()).not.toContain(idle);
    // A refusal of what was asked, not of how the run was, stays.
    await store.getState().advanceClock(-1);
    await store.getState().stepActor('A');
    expect(texts().at(-1)).toMatch(/clock/);

    // The next expiry past the clock's end (2100-01-01, 74 years on): said with the key and how
    // far, grouped. Until 2026-12-07 it read "(got 2335219195000 ms)", a number no one typed.
    await store.getState().runRedis('SET far v EXAT 4102444800');
    const refusal = await store.getState().advanceToNextExpiry();
    expect(refusal).toBe(
      'Next expiry refused: far expires in 2,335,219,195,000 ms, past the end of the virtual clock, which stops at 10 years (315,360,000,000 ms) and is at 5,000.3 ms. Nothing moved.',
    );
    expect(texts().at(-1)).toBe(refusal);
    expect(store.getState().snapshot?.clockMs).toBe(5000.3);
  });
});
