// The stale-set race with WATCH, typed in the page's Redis console (README "WATCH does not stop
// the stale-set race"): the writer's DEL removes nothing, so the console's EXEC still fills the
// old row, and the copy is stale.
import { describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { selectLatestNote, selectToldLatest } from './narrationSelectors';
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
    expect(selectToldLatest(store.getState())).toBe(
      "You ran EXEC in the Redis console: Redis ran the queue at once, no other command between its commands, and answered each in order: 1) OK. Redis now holds user:1 at version 1, older than the database's version 2: STALE.",
    );
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

  it('queues a line whose error Redis finds only as it runs, and EXEC answers it in its place while the rest runs; a link replays it', async () => {
    // Before, the console refused SET k v EX 0 as it was typed in MULTI, and EXEC answered
    // EXECABORT, running none of the queue, where Redis queues it and runs the rest.
    const store = await freePlaySandbox();
    const { runRedis } = store.getState();
    await runRedis('MULTI');
    await runRedis('SET k v');
    expect(await runRedis('SET j v EX 0')).toEqual({ text: 'QUEUED', isError: false });
    expect(selectToldLatest(store.getState())).toMatch(/^You queued SET j v EX 0 in the Redis/);
    expect(await runRedis('2 INCRBY k x')).toEqual({ text: 'QUEUED\nQUEUED', isError: false });
    const exec =
      "1) OK\n2) (error) ERR invalid expire time in 'set' command\n" +
      '3) (error) ERR value is not an integer or out of range\n' +
      '4) (error) ERR value is not an integer or out of range';
    expect((await runRedis('EXEC')).text).toBe(exec);
    expect(await runRedis('GET k')).toEqual({ text: '"v"', isError: false });
    const inputs = store
      .getState()
      .timeline.slice(0, -2)
      .map((e) => e.input);
    const replayed = createSandboxStore();
    await replayed
      .getState()
      .start(await loadSqlJsNode(), { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs });
    expect((await replayed.getState().runRedis('EXEC')).text).toBe(exec);
  });

  it('aborts the transaction for a line the console refuses in MULTI, and a link replays it', async () => {
    const store = await freePlaySandbox();
    const { runRedis } = store.getState();
    await runRedis('MULTI');
    await runRedis('SET k v');
    expect((await runRedis('SAVE')).isError).toBe(true);
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

describe('Back over a transaction', () => {
  it('puts the queue and the watch back as they were before the step it takes back', async () => {
    const store = await freePlaySandbox();
    const { runRedis } = store.getState();
    await runRedis('WATCH k');
    await runRedis('MULTI');
    await runRedis('SET k v');
    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    await store.getState().stepActor('A');
    expect(await store.getState().back()).toBe(true);
    expect(store.getState().redisConsole.map((l) => l.input)).toEqual([
      'WATCH k',
      'MULTI',
      'SET k v',
    ]);
    expect(await store.getState().runRedis('EXEC')).toEqual({ text: '1) OK', isError: false });
  });
});

describe('HELP on the transaction commands', () => {
  it('describes them, and lists them as the @transactions group, where before it said "not supported"', async () => {
    const store = await freePlaySandbox();
    expect((await store.getState().runRedis('HELP WATCH')).text).toBe(
      'WATCH key [key ...]\n    EXEC answers nil if a key is modified before it (a DEL of a missing key is no change)',
    );
    const group = (await store.getState().runRedis('HELP @transactions')).text;
    expect(group.split('\n').filter((l) => !l.startsWith(' '))).toEqual([
      'MULTI',
      'EXEC',
      'DISCARD',
      'WATCH key [key ...]',
      'UNWATCH',
    ]);
  });
});

describe('the narration of a transaction typed in the Redis console', () => {
  it('tells a queued command as queued, EXEC as running the queue, and EXEC nil as nothing run', async () => {
    const store = await freePlaySandbox();
    const told = async (line: string) => {
      await store.getState().runRedis(line);
      return selectToldLatest(store.getState());
    };
    expect(await told('WATCH user:1')).toMatch(
      /^You ran WATCH user:1 in the Redis console: its EXEC will answer nil, running nothing, if any connection modifies user:1 before it\./,
    );
    expect(await told('MULTI')).toMatch(
      /^You ran MULTI in the Redis console: the commands you type next are queued/,
    );
    // Before: "You ran SET user:1 x EX 60 in the Redis console: it changed nothing."
    expect(await told('SET user:1 x EX 60')).toBe(
      "You queued SET user:1 x EX 60 in the Redis console's transaction: Redis answered QUEUED and ran nothing yet; it runs at EXEC, with the rest of the queue.",
    );
    expect(await told('EXEC')).toBe(
      'You ran EXEC in the Redis console: Redis ran the queue at once, no other command between its commands, and answered each in order: 1) OK. Redis now holds a value at user:1 that is not its row: a read counts it as a corrupt entry, a miss, so it deletes it, reads the database and fills the key as its miss path does.',
    );
    // The diagram's and the log's line for it: what ran, not "1 item".
    const lastReply = () => store.getState().snapshot!.events.at(-1)?.reply;
    expect(lastReply()).toBe('ran 1 queued: OK');
    await told('WATCH user:1');
    await told('SET user:1 y');
    await told('MULTI');
    await told('GET user:1');
    expect(await told('EXEC')).toBe(
      'You ran EXEC in the Redis console: a watched key was modified since WATCH, so nothing ran (Redis answered nil), and the queue was dropped.',
    );
    expect(lastReply()).toBe('(nil): a watched key changed, nothing ran');
    // A queued FLUSHALL names no key: the EXEC says Redis is empty now (until 2026-12-06 it told
    // the replies alone, "1) OK", beside a Redis panel with no keys).
    await told('MULTI');
    await told('FLUSHALL');
    expect(await told('EXEC')).toBe(
      'You ran EXEC in the Redis console: Redis ran the queue at once, no other command between its commands, and answered each in order: 1) OK. Redis holds no keys now: every read misses until it is filled again.',
    );
    await told('MULTI');
    await told('GET');
    expect(await told('EXEC')).toMatch(
      /^You ran EXEC in the Redis console: Redis discarded the transaction, because a command was refused while queuing, and ran none of the queue/,
    );
    // RESET drops the MULTI and the WATCH (before, the console refused it and kept both).
    await told('WATCH user:1');
    await told('MULTI');
    await told('SET user:1 z');
    expect(await told('RESET')).toBe(
      'You ran RESET in the Redis console: Redis reset its connection, so a transaction open on it was dropped unrun and no key is watched any more.',
    );
    expect(store.getState().snapshot!.events.at(-1)?.reply).toBe('RESET');
    await told('SET user:1 w');
    await told('MULTI');
    expect(await told('EXEC')).toBe(
      'You ran EXEC in the Redis console: the queue was empty, so nothing ran.',
    );
  });
});

describe('Redis down over a transaction', () => {
  it("closes the console's connection: its queue and its watch go with it, as a restart's do", async () => {
    const store = await freePlaySandbox();
    const { runRedis, setCacheAvailable } = store.getState();
    await runRedis('MULTI');
    expect((await runRedis('SET k v')).text).toBe('QUEUED');
    await setCacheAvailable(false);
    expect(await runRedis('EXEC')).toEqual({
      text: '(error) Connection is closed.',
      isError: true,
    });
    await setCacheAvailable(true);
    // The connection made again is a new one: no MULTI on it, and the SET never ran.
    expect(await runRedis('EXEC')).toEqual({
      text: '(error) ERR EXEC without MULTI',
      isError: true,
    });
    expect(await runRedis('EXISTS k')).toEqual({ text: '(integer) 0', isError: false });
    // Nor a WATCH: a change after it no longer aborts an EXEC.
    await runRedis('WATCH k');
    await setCacheAvailable(false);
    await setCacheAvailable(true);
    await runRedis('SET k changed');
    await runRedis('MULTI');
    await runRedis('SET k mine');
    expect(await runRedis('EXEC')).toEqual({ text: '1) OK', isError: false });
  });
});

describe("the console's next EXEC or DISCARD after an outage or a restart", () => {
  const note = (store: SandboxStoreApi) => selectLatestNote(store.getState());

  it('says the outage closed the connection and dropped its MULTI, as for code', async () => {
    const store = await freePlaySandbox();
    const { runRedis, setCacheAvailable } = store.getState();
    await runRedis('WATCH w');
    await runRedis('MULTI');
    await runRedis('SET k v');
    await setCacheAvailable(false);
    // Sent while down, it reached no server: nothing said of the dropped MULTI yet.
    await runRedis('EXEC');
    expect(note(store)).toBeUndefined();
    await setCacheAvailable(true);
    expect(await runRedis('EXEC')).toEqual({
      text: '(error) ERR EXEC without MULTI',
      isError: true,
    });
    expect(note(store)).toBe(
      "Redis went down at 0 s, while the console's connection was in MULTI: that closed the connection, and the server dropped its MULTI with 1 queued command, none of which ran, and its watch of 1 key. The connection the console has now is a new one, never in MULTI: a command sent on it runs at once, not queued, and this EXEC finds no MULTI.",
    );
    // Told once: the EXEC ended the record.
    await runRedis('EXEC');
    expect(note(store)).toBeUndefined();
  });

  it('a DISCARD after a restart says the same of the MULTI it finds gone', async () => {
    const store = await freePlaySandbox();
    const { runRedis, restartCache } = store.getState();
    await runRedis('MULTI');
    await restartCache();
    expect(await runRedis('DISCARD')).toEqual({
      text: '(error) ERR DISCARD without MULTI',
      isError: true,
    });
    expect(note(store)).toBe(
      "Redis restarted at 0 s, while the console's connection was in MULTI: that closed the connection, and the server dropped its MULTI (nothing queued yet). The connection the console has now is a new one, never in MULTI: a command sent on it runs at once, not queued, and this DISCARD finds no MULTI.",
    );
  });

  it('an EXEC a dropped WATCH no longer guards says so', async () => {
    const store = await freePlaySandbox();
    const { runRedis, setCacheAvailable } = store.getState();
    await runRedis('WATCH k');
    await setCacheAvailable(false);
    await setCacheAvailable(true);
    await runRedis('SET k changed');
    await runRedis('MULTI');
    await runRedis('SET k mine');
    expect(await runRedis('EXEC')).toEqual({ text: '1) OK', isError: false });
    expect(note(store)).toBe(
      "Redis went down at 0 s, while the console's connection watched 1 key: that closed the connection, and the server dropped the watch. This EXEC ran on a new connection watching nothing: no change to those keys could have stopped it.",
    );
  });
});

describe("INFO's total_commands_processed over a transaction", () => {
  it('counts a queued command when EXEC runs it, EXEC after its queue, and nothing queued for a DISCARD or an abort', async () => {
    const store = await freePlaySandbox();
    const { runRedis } = store.getState();
    const processed = (text: string) => text.match(/total_commands_processed:(\d+)/)?.[1];
    for (const line of ['CONFIG RESETSTAT', 'SET h 1', 'MULTI', 'GET h', 'INFO stats'])
      await runRedis(line);
    // As redis-server 7.0 answers these lines: 4 inside EXEC, 10 at the end.
    expect(processed((await runRedis('EXEC')).text)).toBe('4');
    for (const line of ['MULTI', 'SET a 1', 'NOSUCH', 'EXEC', 'MULTI', 'SET b 1', 'DISCARD'])
      await runRedis(line);
    expect(processed((await runRedis('INFO stats')).text)).toBe('10');
    // RESET runs at once in MULTI, as Redis runs it; the SET it dropped never ran.
    for (const line of ['MULTI', 'SET c 1', 'RESET']) await runRedis(line);
    expect(processed((await runRedis('INFO stats')).text)).toBe('13');
  });
});
