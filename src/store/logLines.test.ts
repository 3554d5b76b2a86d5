// A Back reuses the log lines formatted before (every snapshot copies the whole log), and the
// lines it shows are the ones a fresh format of the same log gives, after a Back, a Step, a
// Reset and a change of settings that replays different replies.

import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import type { SimSnapshot } from '../engine/simSnapshot';
import { isShownBy, logClients } from './logClients';
import { selectLogLines } from './logLines';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** The log of a copy of the snapshot (new entry objects, nothing remembered for them). */
const fresh = (snapshot: SimSnapshot) =>
  selectLogLines({
    ...snapshot,
    redisLog: snapshot.redisLog.map((e) => ({ ...e, seq: e.seq + 1e9 })),
    sqlLog: snapshot.sqlLog.map((e) => ({ ...e, seq: e.seq + 1e9 })),
  }).map((l) => ({ ...l, id: l.id.replace(/\d+$/, (n) => String(Number(n) - 1e9)) }));

async function run(store: SandboxStoreApi, reads: number): Promise<void> {
  const s = () => store.getState();
  for (let id = 1; id <= reads; id++) {
    await s().startRead('A', id);
    while (s().canStep) await s().step();
  }
  await s().startWrite('B', 1, { plan: 'pro' });
  await s().step();
}

describe('selectLogLines', () => {
  it('reuses unchanged lines after a Back and matches a fresh format', async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    await s().start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
    await run(store, 8);
    const before = selectLogLines(s().snapshot!);
    expect(before.length).toBeGreaterThan(10);
    await s().back();
    const after = selectLogLines(s().snapshot!);
    expect(after).toEqual(fresh(s().snapshot!));
    // Every line the Back kept is the same object (not formatted again).
    const kept = after.filter((l) => before.some((b) => b.id === l.id && b.text === l.text));
    expect(kept.length).toBe(after.length);
    for (const line of kept) expect(before).toContain(line);

    await s().step();
    expect(selectLogLines(s().snapshot!)).toEqual(fresh(s().snapshot!));
    // Other settings replay other replies under the same sequence numbers.
    expect(await s().configure({ ttlSeconds: 5 })).toBeNull();
    expect(selectLogLines(s().snapshot!)).toEqual(fresh(s().snapshot!));
    // An entry that differs in what it prints, under a sequence number seen before, is formatted.
    const snap = s().snapshot!;
    const changed = {
      ...snap,
      redisLog: snap.redisLog.map((e, i) =>
        i === 0 ? { ...e, argv: [...e.argv, 'EXTRA'], reply: ['x', 1] } : e,
      ),
      sqlLog: snap.sqlLog.map((e, i) => (i === 0 ? { ...e, sql: `${e.sql} -- other` } : e)),
    };
    const shown = selectLogLines(changed);
    expect(shown.find((l) => l.id === `r${snap.redisLog[0].seq}`)?.text).toContain('"EXTRA"');
    expect(shown.find((l) => l.id === `s${snap.sqlLog[0].seq}`)?.text).toContain('-- other');
    await s().reset();
    await s().advanceClock(1234);
    await s().startRead('B', 3);
    while (s().canStep) await s().step();
    expect(selectLogLines(s().snapshot!)).toEqual(fresh(s().snapshot!));
  });

  it('lists lines of one instant in the order they ran: console lines alternating SQL and Redis, and after a Back', async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    await s().start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
    // A SELECT takes no virtual time: all four run at 0. By time alone, both Redis lines came first.
    await s().runSql('SELECT * FROM users WHERE id = 1');
    await s().runRedis('GET user:1');
    await s().runSql('SELECT plan FROM users WHERE id = 2');
    await s().runRedis('SET user:2 x');
    const texts = () => selectLogLines(s().snapshot!).map((l) => l.text.replace(/^[\d.]+ /, ''));
    const ran = [
      '[sqlite actor:console] SELECT * FROM users WHERE id = 1',
      '[0 actor:console] "GET" "user:1"',
      '[sqlite actor:console] SELECT plan FROM users WHERE id = 2',
      '[0 actor:console] "SET" "user:2" "x"',
    ];
    expect(texts()).toEqual(ran);
    // A step after them: its GET is at the same instant, after them.
    await s().startRead('A', 2);
    await s().step();
    expect(texts()).toEqual([...ran, '[0 actor:A] "GET" "user:2"']);
    // Back replays from a checkpoint: the order holds there too.
    await s().back();
    expect(texts()).toEqual(ran);
  });

  it("logs UNSUBSCRIBE a b's replies one after another, as Redis sends them, not as one nested array", async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    await s().start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
    await s().runRedis('UNSUBSCRIBE a b');
    const line = selectLogLines(s().snapshot!).find((l) => l.text.includes('"UNSUBSCRIBE"'));
    // Cut to the log's width; before, it began `1) 1) "unsubscribe"`.
    expect(line?.result).toMatch(/^1\) "unsubscribe"\n2\) "a"\n3\) \(integer\) 0\n1\) "unsub/);
  });

  it("logs INFO's reply with its CRLFs as line breaks, not as an escaped \\r on every line", async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    await s().start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
    await s().runRedis('INFO server');
    const line = selectLogLines(s().snapshot!).find((l) => l.text.includes('"INFO"'));
    expect(line?.result).toMatch(/^# Server\nredis_version:7/);
    expect(line?.result).not.toMatch(/\\r|\r/);
  });

  it("logs a command sent while Redis was down as the client's, unsent, never as a MONITOR line", async () => {
    // Until 2026-12-07 such a line read as if Redis had answered it: `[0 actor:A] "GET" "user:1"
    // -> (error) Connection is closed.`, beside a narration that said it never reached Redis.
    const store = createSandboxStore();
    await store.getState().start(SQL);
    await store.getState().setCacheAvailable(false);
    await store.getState().runRedis('GET a');
    await store.getState().setCacheAvailable(true);
    await store.getState().runRedis('GET a');
    const lines = selectLogLines(store.getState().snapshot!).filter((l) => l.source === 'redis');
    expect(lines.map((l) => l.result)).toEqual([
      '(error) Connection is closed. (never reached Redis: it was down)',
      '(nil)',
    ]);
    // MONITOR would show nothing for it: the client's line, not `[0 actor:console] "GET" "a"`
    // (until 2026-12-08), which the one Redis answered keeps.
    expect(lines.map((l) => l.text.replace(/^[\d.]+ /, ''))).toEqual([
      '(not sent) [client actor:console] "GET" "a"',
      '[0 actor:console] "GET" "a"',
    ]);
    expect(lines.map((l) => l.actor)).toEqual(['console', 'console']);
  });
});

describe('a restart of Redis in the log', () => {
  it('is told as the server restarting, not as a FLUSHALL no client sent, for every client', async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    await s().start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
    await s().startRead('A', 1);
    while (s().canStep) await s().step();
    // Restarted while down, as after the plug was pulled: still no command reached anything.
    await s().setCacheAvailable(false);
    await s().restartCache();
    const lines = selectLogLines(s().snapshot!);
    // Before: `0.00… [0 actor:system] "FLUSHALL"` -> OK, a MONITOR line of a command never sent.
    expect(lines.map((l) => l.text).join('\n')).not.toContain('FLUSHALL');
    const restart = lines.at(-1)!;
    expect(restart.text).toMatch(
      /^\d+\.\d{6} \* Redis restarted: no persistence, so it starts with no keys$/,
    );
    expect(restart.result).toBe('every key gone, every connection closed');
    expect(restart.isEvent).toBe(true);
    // No client sent it: the Show filter offers no "system", and A's lines include it.
    expect(logClients(lines).map((c) => c.value)).toEqual(['A']);
    expect(lines.filter((l) => isShownBy(l, 'A')).at(-1)).toBe(restart);
    // What the engine makes of it is unchanged: Redis is empty and up.
    expect(s().snapshot!.cache).toEqual([]);
    expect(s().snapshot!.isCacheUp).toBe(true);
  });
});

describe('an eviction in the log', () => {
  it('is told as the server evicting the key under its policy, not as a DEL no client sent, for every client', async () => {
    const store = createSandboxStore();
    const s = () => store.getState();
    const config = { ...DEFAULT_SANDBOX_CONFIG, maxKeys: 1, eviction: 'allkeys-lru' as const };
    await s().start(SQL, { scenarioId: null, config, inputs: [] });
    for (const id of [1, 2]) {
      await s().startRead('A', id);
      while (s().canStep) await s().step();
    }
    const lines = selectLogLines(s().snapshot!);
    // Before: `0.00… [0 actor:evict] "DEL" "user:1"` -> (integer) 1, a MONITOR line of a command
    // never sent.
    expect(lines.map((l) => l.text).join('\n')).not.toMatch(/actor:evict|"DEL"/);
    const evicted = lines.filter((l) => l.isEviction);
    expect(evicted.map((l) => [l.text.replace(/^\d+\.\d{6} /, ''), l.result])).toEqual([
      [
        '* evicted user:1 to stay within 1 key (maxmemory-policy allkeys-lru)',
        'the key is gone: Redis was at its key limit',
      ],
    ]);
    expect(evicted[0].isEvent).toBe(true);
    // No client sent it: the Show filter offers no "evict", and A's lines include it.
    expect(logClients(lines).map((c) => c.value)).toEqual(['A']);
    expect(lines.filter((l) => isShownBy(l, 'A'))).toContain(evicted[0]);
    // What the engine makes of it is unchanged: one eviction counted, user:2 alone is held.
    expect(s().snapshot!.stats.evictions).toBe(1);
    expect(s().snapshot!.cache.map((e) => e.key)).toEqual(['user:2']);
  });
});
