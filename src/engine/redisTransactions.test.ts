import { describe, expect, it } from 'vitest';
import { Cache } from './cache';
import { VirtualClock } from './clock';
import { typedReply, formatReply } from './redisCli';
import { createMockRedisServer } from './redisMock';
import { Rng } from './rng';

/** A cache on a fresh in-memory server: the console's lines, and another client's commands. */
function setup(options: ConstructorParameters<typeof Cache>[3] = {}) {
  const clock = new VirtualClock();
  const cache = new Cache(clock, new Rng(1), createMockRedisServer(), options);
  /** A console line as redis-cli prints its reply. */
  const console = async (line: string, actor = 'console'): Promise<string> => {
    try {
      return formatReply(typedReply(await cache.execConsole(actor, line.split(' '))));
    } catch (e) {
      return `(error) ${(e as Error).message}`;
    }
  };
  /** A command another connection (a program) sends. */
  const other = (...argv: string[]) => cache.exec('W', argv);
  return { clock, cache, console, other };
}

describe('MULTI, EXEC and DISCARD in the console', () => {
  it('queues commands, then runs them at EXEC and answers each reply in order', async () => {
    const { console } = setup();
    expect(await console('MULTI')).toBe('OK');
    expect(await console('SET k 1')).toBe('QUEUED');
    expect(await console('INCR k')).toBe('QUEUED');
    expect(await console('GET k')).toBe('QUEUED');
    // Nothing ran before EXEC.
    expect(await console('EXEC')).toBe('1) OK\n2) (integer) 2\n3) "2"');
    expect(await console('GET k')).toBe('"2"');
  });

  it('keeps a runtime error to its own command inside EXEC', async () => {
    const { console } = setup();
    await console('SET s abc');
    await console('MULTI');
    await console('INCR s');
    await console('SET t 1');
    expect(await console('EXEC')).toBe(
      '1) (error) ERR value is not an integer or out of range\n2) OK',
    );
    expect(await console('GET t')).toBe('"1"');
  });

  it('queues a command whose arguments Redis refuses only as it runs (a syntax error, a number that is none, a database out of range), and EXEC keeps each error with its command', async () => {
    // Redis checks a command's name and number of words before queuing it; the rest of its own
    // errors come from the command at EXEC. Before, the console refused these at queue time,
    // so EXEC answered EXECABORT and ran none of the queue (SET a 1 below never ran).
    const { console } = setup();
    await console('MULTI');
    expect(await console('SET a 1')).toBe('QUEUED');
    const lines = [
      'SET b 1 EX 0',
      'SET b 1 FOO',
      'INCRBY a x',
      'EXPIRE a 10 FOO',
      'SCAN x',
      'PING a b',
      'HSET h f v g',
      'SELECT 99',
      'CONFIG SET nosuch 1',
      'CLUSTER INFO',
      // Redis' WAIT does not block in a transaction: it answers the replicas that acknowledged.
      'WAIT 1 0',
    ];
    for (const line of lines) expect(await console(line), line).toBe('QUEUED');
    expect(await console('EXEC')).toBe(
      [
        ' 1) OK',
        " 2) (error) ERR invalid expire time in 'set' command",
        ' 3) (error) ERR syntax error',
        ' 4) (error) ERR value is not an integer or out of range',
        ' 5) (error) ERR Unsupported option FOO',
        ' 6) (error) ERR invalid cursor',
        " 7) (error) ERR wrong number of arguments for 'ping' command",
        " 8) (error) ERR wrong number of arguments for 'hset' command",
        ' 9) (error) ERR DB index is out of range',
        "10) (error) ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
        '11) (error) ERR This instance has cluster support disabled',
        '12) (integer) 0',
      ].join('\n'),
    );
    expect(await console('GET a')).toBe('"1"');
    // What the console itself does not run is queued, as Redis queues it, and EXEC refuses the
    // whole queue before anything runs (until 2026-12-06 it was refused as it was typed, and EXEC
    // answered EXECABORT, which Redis does not answer there).
    for (const line of [
      'CONFIG GET maxmemory',
      'SET __proto__ v',
      'HSET h toString v __proto__ w',
    ]) {
      await console('MULTI');
      await console('SET a 2');
      expect(await console(line), line).toBe('QUEUED');
      expect(await console('EXEC'), line).toMatch(
        /^\(error\) ERR EXEC of this queue is not supported in this console: its command 2 of 2 \(.*\) is refused here \(.*(this console|in-browser).*\), where Redis would run the whole queue\. Nothing ran/,
      );
      expect(await console('GET a')).toBe('"1"');
    }
  });

  it('answers EXECABORT after a command refused at queue time, and runs none of the queue', async () => {
    const { console } = setup();
    await console('MULTI');
    expect(await console('SET k v')).toBe('QUEUED');
    expect(await console('GET')).toBe("(error) ERR wrong number of arguments for 'get' command");
    expect(await console('EXEC')).toBe(
      '(error) EXECABORT Transaction discarded because of previous errors.',
    );
    expect(await console('GET k')).toBe('(nil)');
    // A command Redis flags no-multi is refused as it is queued, in Redis' words, and aborts.
    await console('MULTI');
    expect(await console('SAVE')).toBe('(error) ERR Command not allowed inside a transaction');
    expect(await console('EXEC')).toMatch(/^\(error\) EXECABORT/);
  });

  it("answers Redis' errors for a nested MULTI, EXEC or DISCARD without MULTI, WATCH inside MULTI", async () => {
    const { console } = setup();
    expect(await console('EXEC')).toBe('(error) ERR EXEC without MULTI');
    expect(await console('DISCARD')).toBe('(error) ERR DISCARD without MULTI');
    await console('MULTI');
    expect(await console('MULTI')).toBe('(error) ERR MULTI calls can not be nested');
    expect(await console('WATCH k')).toBe('(error) ERR WATCH inside MULTI is not allowed');
    expect(await console('SET k v')).toBe('QUEUED');
    // Neither error aborts the transaction.
    expect(await console('EXEC')).toBe('1) OK');
    await console('MULTI');
    await console('SET k w');
    expect(await console('DISCARD')).toBe('OK');
    expect(await console('GET k')).toBe('"v"');
    expect(await console('EXEC x')).toBe(
      "(error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command",
    );
  });

  it('refuses EXEC under noeviction when its queue would take the cache over Max keys, discarding it', async () => {
    const { cache, console } = setup({ maxKeys: 2, eviction: 'noeviction' });
    await console('SET a 1');
    await console('MULTI');
    expect(await console('SET b 1')).toBe('QUEUED');
    expect(await console('SET c 1')).toBe('QUEUED');
    // Each fitted when queued; together they do not: Redis' check of EXEC for its queue.
    expect(await console('EXEC')).toBe(
      "(error) EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.",
    );
    expect(await console('DBSIZE')).toBe('(integer) 1');
    expect(await console('EXEC')).toBe('(error) ERR EXEC without MULTI');
    // Queued into a full cache, a command is refused at once and aborts the transaction.
    await console('SET b 1');
    await console('MULTI');
    expect(await console('SET c 1')).toBe(
      "(error) OOM command not allowed when used memory > 'maxmemory'.",
    );
    expect(await console('EXEC')).toMatch(
      /^\(error\) EXECABORT Transaction discarded because of previous errors/,
    );
    expect(cache.liveKeyCount()).toBe(2);
  });

  it('keeps a transaction per connection: another console line is not queued in it', async () => {
    const { console } = setup();
    await console('MULTI');
    await console('SET k v');
    expect(await console('GET k', 'console2')).toBe('(nil)');
    expect(await console('EXEC')).toBe('1) OK');
  });
});

describe('WATCH in the console', () => {
  it('makes EXEC answer nil, running nothing, when another connection changed a watched key', async () => {
    const { console, other } = setup();
    await console('WATCH user:1');
    await other('SET', 'user:1', 'v2');
    await console('MULTI');
    await console('SET user:1 v1');
    expect(await console('EXEC')).toBe('(nil)');
    expect(await console('GET user:1')).toBe('"v2"');
  });

  // The stale-set race with WATCH (DESIGN.md): the writer's DEL finds no key and removes
  // nothing, which Redis does not count as a change, so the stale fill goes through.
  it('lets EXEC run after a DEL of the missing watched key: WATCH does not stop the stale set', async () => {
    const { console, other } = setup();
    expect(await console('GET user:1')).toBe('(nil)');
    await console('WATCH user:1');
    expect(await other('DEL', 'user:1')).toBe(0);
    await console('MULTI');
    await console('SET user:1 v1');
    expect(await console('EXEC')).toBe('1) OK');
    expect(await console('GET user:1')).toBe('"v1"');
  });

  it.each([
    ['a SET of the value it holds', ['SET', 'k', 'v'], ['SET', 'k', 'v'], true],
    ['an EXPIRE to a TTL', ['SET', 'k', 'v'], ['EXPIRE', 'k', '100'], true],
    ['an EXPIRE of a missing key', null, ['EXPIRE', 'k', '100'], false],
    ['a SET NX that found the key', ['SET', 'k', 'v'], ['SET', 'k', 'w', 'NX'], false],
    ['a GET', ['SET', 'k', 'v'], ['GET', 'k'], false],
    ['a FLUSHALL with the key absent', ['SET', 'z', 'v'], ['FLUSHALL'], false],
    ['a FLUSHALL with the key present', ['SET', 'k', 'v'], ['FLUSHALL'], true],
    ['an INCRBY 0', ['SET', 'k', '1'], ['INCRBY', 'k', '0'], true],
  ])('counts %s as a change: %s', async (_what, before, change, isChange) => {
    const { console, other } = setup();
    if (before) await other(...before);
    await console('WATCH k');
    await console(change.join(' '), 'console2');
    await console('MULTI');
    await console('SET x 1');
    expect(await console('EXEC')).toBe(isChange ? '(nil)' : '1) OK');
  });

  it("counts the console's own change, and a key that expired after WATCH, not one already expired", async () => {
    const { clock, console, other } = setup();
    await console('WATCH k');
    await console('SET k v');
    await console('MULTI');
    await console('PING');
    expect(await console('EXEC')).toBe('(nil)');
    await other('SET', 'k', 'v', 'PX', '100');
    await console('WATCH k');
    clock.advance(200);
    await console('MULTI');
    await console('PING');
    expect(await console('EXEC')).toBe('(nil)');
    // Expired before WATCH: its removal is no change.
    await console('WATCH k');
    expect(await console('GET k')).toBe('(nil)');
    await console('MULTI');
    await console('PING');
    expect(await console('EXEC')).toBe('1) PONG');
  });

  it('forgets the watched keys at EXEC, DISCARD and UNWATCH', async () => {
    const { console, other } = setup();
    await console('WATCH k');
    expect(await console('UNWATCH')).toBe('OK');
    await other('SET', 'k', 'v');
    await console('MULTI');
    await console('PING');
    expect(await console('EXEC')).toBe('1) PONG');
  });

  it('survives a checkpoint: a restored cache keeps the queue and the watch', async () => {
    const { cache, console, other } = setup();
    await console('WATCH k');
    await console('MULTI');
    await console('SET k v1');
    const state = cache.saveState();
    const restored = setup();
    restored.cache.loadState(state!);
    await restored.other('DEL', 'k');
    expect(await restored.console('EXEC')).toBe('1) OK');
    await other('SET', 'k', 'x');
    expect(await console('EXEC')).toBe('(nil)');
  });
});
