// redis-cli's prompt repeats a command given a count first (`3 INCR n`); the console does too.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import {
  AFTER_QUIT,
  AFTER_REPEATED_QUIT,
  isRedisCliClear,
  MAX_REPEAT,
  SERVER_CLOSED,
  STAYS_OPEN,
} from './consoleFormat';
import { DEFAULT_SANDBOX_CONFIG } from './sandboxConfig';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function freePlay() {
  const store = createSandboxStore();
  await store.getState().start(SQL, {
    scenarioId: null,
    config: DEFAULT_SANDBOX_CONFIG,
    inputs: [],
  });
  return store;
}

describe('a count before a command', () => {
  it('sends the command that many times and prints every reply', async () => {
    const store = await freePlay();
    expect(await store.getState().runRedis('3 INCR n')).toEqual({
      text: '(integer) 1\n(integer) 2\n(integer) 3',
      isError: false,
    });
    expect(await store.getState().runRedis('GET n')).toEqual({ text: '"3"', isError: false });
    // One line in the transcript, with its three replies.
    expect(store.getState().redisConsole.map((l) => l.input)).toEqual(['3 INCR n', 'GET n']);
    // Back takes the whole line away, its three INCRs with it.
    await store.getState().back();
    await store.getState().back();
    expect(store.getState().redisConsole).toEqual([]);
    expect(await store.getState().runRedis('EXISTS n')).toEqual({
      text: '(integer) 0',
      isError: false,
    });
  });

  it('prints each reply, errors included, in order', async () => {
    const store = await freePlay();
    await store.getState().runRedis('SET s abc');
    expect(await store.getState().runRedis('2 INCR s')).toEqual({
      text: '(error) ERR value is not an integer or out of range\n(error) ERR value is not an integer or out of range',
      isError: true,
    });
  });

  it("refuses 0 or less with redis-cli's message, and more than the console's bound", async () => {
    const store = await freePlay();
    // strtol reads an empty word as 0, and skips blanks before the digits.
    // Beyond a 64-bit long, strtol reports ERANGE, which redis-cli refuses the same way.
    for (const line of [
      '0 INCR n',
      '-2 INCR n',
      '"" INCR n',
      '" -1" INCR n',
      '9223372036854775808 INCR n',
      '99999999999999999999 INCR n',
    ])
      expect(await store.getState().runRedis(line)).toEqual({
        text: 'Invalid redis-cli repeat command option value.',
        isError: true,
      });
    expect((await store.getState().runRedis(`${MAX_REPEAT + 1} INCR n`)).text).toBe(
      `(error) this console repeats a command at most ${MAX_REPEAT} times (redis-cli has no limit), got ${MAX_REPEAT + 1}`,
    );
    // Nothing was sent.
    expect(await store.getState().runRedis('EXISTS n')).toEqual({
      text: '(integer) 0',
      isError: false,
    });
  });

  it("prints a refused command's error once for each time redis-cli would send it", async () => {
    const store = await freePlay();
    const arity = "(error) ERR wrong number of arguments for 'get' command";
    expect(await store.getState().runRedis('3 GET')).toEqual({
      text: [arity, arity, arity].join('\n'),
      isError: true,
    });
    expect((await store.getState().runRedis('2 SET k v EX 0')).text.split('\n')).toEqual([
      "(error) ERR invalid expire time in 'set' command",
      "(error) ERR invalid expire time in 'set' command",
    ]);
  });

  it('refuses bytes that are not UTF-8 like any refused command: prefixed, once a repeat', async () => {
    const store = await freePlay();
    const notUtf8 =
      '(error) ERR this console stores text: the bytes given with \\x are not valid UTF-8';
    expect(await store.getState().runRedis('SET g "\\xff"')).toEqual({
      text: notUtf8,
      isError: true,
    });
    expect(await store.getState().runRedis('3 SET a "\\xff"')).toEqual({
      text: [notUtf8, notUtf8, notUtf8].join('\n'),
      isError: true,
    });
    expect(await store.getState().runRedis('EXISTS g a')).toEqual({
      text: '(integer) 0',
      isError: false,
    });
  });

  it('sends a number alone, or one that is not whole, as the command it is', async () => {
    const store = await freePlay();
    expect((await store.getState().runRedis('" 2" +1 INCR')).text).toMatch(
      /^\(error\) ERR unknown command '\+1'/,
    );
    expect((await store.getState().runRedis('3')).text).toMatch(
      /^\(error\) ERR unknown command '3'/,
    );
    expect((await store.getState().runRedis('3.5 PING')).text).toMatch(
      /^\(error\) ERR unknown command '3\.5'/,
    );
  });
});

describe("redis-cli's own prompt words", () => {
  it('quit and exit send nothing and say the console stays open; clear is one word of any case', async () => {
    const store = await freePlay();
    const before = store.getState().snapshot?.commands;
    for (const line of ['quit', 'EXIT now', 'Quit'])
      expect(await store.getState().runRedis(line)).toEqual({ text: STAYS_OPEN, isError: false });
    expect(store.getState().snapshot?.commands).toBe(before);
    // With a count first redis-cli does not exit: it sends the word to the server, where EXIT
    // is an unknown command and QUIT closes the connection (Redis answers OK). Before, the
    // console said that redis-cli would exit for both.
    expect(await store.getState().runRedis('2 exit')).toEqual({
      text: Array(2)
        .fill("(error) ERR unknown command 'exit', with args beginning with: ")
        .join('\n'),
      isError: true,
    });
    // QUIT runs: Redis answers OK, whatever its words, and closes the connection (until
    // 2026-12-06 the console refused it). With a count redis-cli sends the second QUIT on the
    // closed connection, prints its error and stops repeating: Redis gets one QUIT (until
    // 2026-12-06 the console sent each, and printed OK for each).
    const commands = store.getState().snapshot?.commands ?? 0;
    expect(await store.getState().runRedis('3 quit x')).toEqual({
      text: ['OK', SERVER_CLOSED, AFTER_REPEATED_QUIT].join('\n'),
      isError: false,
    });
    expect(store.getState().snapshot?.commands).toBe(commands + 1);
    expect(isRedisCliClear('clear')).toBe(true);
    expect(isRedisCliClear(' CLEAR ')).toBe(true);
    expect(isRedisCliClear('clear all')).toBe(false);
    expect(isRedisCliClear('"clear')).toBe(false);
  });

  it('closes the MULTI and the WATCH with QUIT after a count, as Redis closes the connection', async () => {
    // redis-cli sends `1 quit` to Redis, which runs QUIT even in MULTI: OK, and the connection
    // closes with its transaction and its watches. Until 2026-12-06 the console refused it and
    // kept both: its EXEC answered EXECABORT, and a dirty WATCH still stopped the next EXEC.
    const store = await freePlay();
    const run = async (line: string) => (await store.getState().runRedis(line)).text;
    for (const line of ['WATCH k', 'MULTI', 'SET k 1']) await run(line);
    expect(await run('1 quit')).toBe(`OK\n${AFTER_QUIT}`);
    expect(await run('SET k 2')).toBe('OK');
    expect(await run('EXEC')).toBe('(error) ERR EXEC without MULTI');
    expect(await run('GET k')).toBe('"2"');
    for (const line of ['WATCH k', 'SET k 5']) await run(line);
    await run('1 QUIT');
    for (const line of ['MULTI', 'SET k 3']) await run(line);
    expect(await run('EXEC')).toBe('1) OK');
    expect(await run('GET k')).toBe('"3"');
  });

  it("answers redis-cli's client commands as the console and sends nothing", async () => {
    const store = await freePlay();
    const before = store.getState().snapshot?.commands;
    const replies = new Map<string, string>();
    for (const line of ['connect 127.0.0.1 6379', ':set hints', ':SET nohints', 'restart']) {
      const reply = await store.getState().runRedis(line);
      expect(reply.isError).toBe(false);
      expect(reply.text).toMatch(/ \(nothing was sent\)$/);
      expect(reply.text).not.toMatch(/^\(error\)/);
      replies.set(line, reply.text);
    }
    expect(replies.get('connect 127.0.0.1 6379')).toMatch(/^connect is redis-cli's own command/);
    expect(replies.get(':set hints')).toMatch(/^redis-cli takes a line starting with ':'/);
    expect(replies.get('restart')).toMatch(/^restart is redis-cli's own command/);
    expect(store.getState().snapshot?.commands).toBe(before);
    // As in redis-cli: connect takes exactly a host and a port, and a count first makes these
    // words a command for the server.
    expect((await store.getState().runRedis('connect 127.0.0.1')).text).toMatch(
      /^\(error\) ERR unknown command 'connect'/,
    );
    expect((await store.getState().runRedis('2 :set hints')).text.split('\n')).toEqual([
      "(error) ERR unknown command ':set', with args beginning with: 'hints' ",
      "(error) ERR unknown command ':set', with args beginning with: 'hints' ",
    ]);
  });

  it("answers ?, redis-cli's name for help, as HELP", async () => {
    const store = await freePlay();
    const help = await store.getState().runRedis('HELP');
    expect(help.text).toMatch(/^The commands this console accepts/);
    expect(await store.getState().runRedis('?')).toEqual(help);
    expect(await store.getState().runRedis('? get')).toEqual(
      await store.getState().runRedis('help GET'),
    );
    // redis-cli prints its help once, whatever the count (`issueCommandRepeat` answers it before
    // repeating anything); before, the console printed it that many times.
    // HELP lists what the console accepts: QUIT too, in its group (until 2026-12-06 only HELP
    // QUIT described it).
    const quit = (await store.getState().runRedis('HELP QUIT')).text;
    expect(quit).toMatch(/^QUIT\n {4}typed alone, redis-cli's own word to exit/);
    expect(help.text).toContain(quit);
    expect((await store.getState().runRedis('HELP @connection')).text).toContain(quit);
    const ttl = (await store.getState().runRedis('HELP TTL')).text;
    expect((await store.getState().runRedis('2 ? ttl')).text).toBe(ttl);
    expect((await store.getState().runRedis('3 help ttl')).text).toBe(ttl);
  });

  it('reads its own words up to a NUL byte, as redis-cli compares them as C strings', async () => {
    const store = await freePlay();
    const before = store.getState().snapshot?.commands;
    expect(await store.getState().runRedis('"quit\\x00x"')).toEqual({
      text: STAYS_OPEN,
      isError: false,
    });
    expect(await store.getState().runRedis('"EXIT\\x00" now')).toEqual({
      text: STAYS_OPEN,
      isError: false,
    });
    expect(isRedisCliClear('"clear\\x00x"')).toBe(true);
    expect(await store.getState().runRedis('"help\\x00" ttl')).toEqual(
      await store.getState().runRedis('HELP TTL'),
    );
    expect(await store.getState().runRedis('"?\\x00x"')).toEqual(
      await store.getState().runRedis('HELP'),
    );
    expect((await store.getState().runRedis('"connect\\x00" 127.0.0.1 6379')).text).toMatch(
      /^connect is redis-cli's own command/,
    );
    expect((await store.getState().runRedis('"restart\\x00x"')).text).toMatch(
      /^restart is redis-cli's own command/,
    );
    expect(store.getState().snapshot?.commands).toBe(before);
    // A count: `"2\x00"` is 2, and an empty C string is 0, which redis-cli refuses.
    expect(await store.getState().runRedis('"2\\x00" INCR n')).toEqual({
      text: '(integer) 1\n(integer) 2',
      isError: false,
    });
    expect(await store.getState().runRedis('"\\x00" INCR n')).toEqual({
      text: 'Invalid redis-cli repeat command option value.',
      isError: true,
    });
    // A command is the server's to read: it compares all the bytes, so this one is unknown.
    expect((await store.getState().runRedis('"PING\\x00x"')).text).toBe(
      "(error) ERR unknown command 'PING', with args beginning with: ",
    );
  });

  it('answers HELP itself, as redis-cli does: nothing is sent, logged or drawn, Redis down too', async () => {
    const store = await freePlay();
    const help = await store.getState().runRedis('HELP GET');
    expect(help).toEqual({ text: 'GET key\n    the string at key, or nil', isError: false });
    const snap = store.getState().snapshot;
    expect(snap?.commands).toBe(0);
    expect(snap?.events).toEqual([]);
    await store.getState().setCacheAvailable(false);
    expect(await store.getState().runRedis('HELP GET')).toEqual(help);
    // A command that must reach Redis fails as ioredis rejects it: not an error reply, so no ERR.
    expect(await store.getState().runRedis('GET a')).toEqual({
      text: '(error) Connection is closed.',
      isError: true,
    });
    expect(store.getState().snapshot?.events.at(-1)?.reply).toBe('(error) Connection is closed.');
    // Nor can Redis refuse a command's words while it is down: the client rejects it unsent.
    // Until 2026-12-07 these got Redis' own ERR replies, drawn nowhere, with Redis unreachable.
    for (const line of ['GET', 'FOO', '2 GET'])
      expect(await store.getState().runRedis(line), line).toEqual({
        text:
          line === '2 GET'
            ? '(error) Connection is closed.\n(error) Connection is closed.'
            : '(error) Connection is closed.',
        isError: true,
      });
    expect(store.getState().snapshot?.events.at(-1)).toMatchObject({
      command: 'GET',
      isConnectionError: true,
    });
    await store.getState().setCacheAvailable(true);
    expect(await store.getState().runRedis('GET')).toEqual({
      text: "(error) ERR wrong number of arguments for 'get' command",
      isError: true,
    });
  });
});
