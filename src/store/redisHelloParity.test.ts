// HELLO against a real redis-server: every form's checks and errors in Redis' order, the map it
// answers (the version and the connection's id are the console's own), in MULTI too, and what
// the console refuses of it (RESP3, a connection name), saying so, where Redis answers no error.

import { beforeAll, expect, it } from 'vitest';
import { formatReply, parseCommandLine, type RedisReply } from '../engine/redisCli';
import { REDIS_VERSION_TEXT } from '../engine/redisInfo';
import type { Simulation } from '../engine/simulation';
import { createTestSim } from '../engine/testSim';
import { RespClient, startRedisServer, startRedisServerOn } from '../cli/redisServer';
import { describeAgainstRedis } from '../cli/replyParity';
import { consoleLine } from './parity/consoleLine';

/** `theirs` with each HELLO map's version and id as `ours` has them: no two servers share those. */
function withOurVersionAndId(theirs: RedisReply, ours: RedisReply): RedisReply {
  if (!Array.isArray(theirs) || !Array.isArray(ours)) return theirs;
  if (theirs[0] === 'server' && theirs[2] === 'version' && ours[0] === 'server') {
    const copy = [...theirs];
    copy[3] = ours[3];
    copy[7] = ours[7];
    return copy;
  }
  return theirs.map((reply, i) => withOurVersionAndId(reply, ours[i] ?? null));
}

const argvOf = (line: string): string[] => {
  const parsed = parseCommandLine(line);
  if (!('argv' in parsed)) throw new Error(`${line}: ${parsed.error}`);
  return parsed.argv;
};

describeAgainstRedis('HELLO against a real redis-server', ({ real }) => {
  let sim: Simulation;

  beforeAll(async () => {
    sim = await createTestSim({ seed: 1 });
  });

  /** What the page's console does with a line typed by `actor`: parse, validate, run, print. */
  const sandbox = (line: string, actor = 'console') => consoleLine(sim, line, actor);

  it("answers HELLO's and AUTH's forms and errors as Redis 7 does, in MULTI too, and refuses RESP3 and a name, saying so", async () => {
    // A connection of its own: a HELLO that Redis runs changes the connection it came on.
    const theirs = await RespClient.connect(real().port);
    const lines = [
      'HELLO',
      'hello 2',
      'HELLO 4',
      'HELLO 1',
      'HELLO 0',
      'HELLO -1',
      'HELLO abc',
      'HELLO 02',
      'HELLO +2',
      'HELLO " 2"',
      'HELLO 2.0',
      'HELLO 9223372036854775808',
      'HELLO ""',
      'HELLO abc foo',
      'HELLO 2 foo',
      'HELLO 3 foo',
      'HELLO 4 foo',
      'HELLO 2 AUTH',
      'HELLO 2 AUTH a',
      'HELLO 2 AUTH nouser pw',
      'HELLO 2 auth default secret',
      'HELLO 2 AUTH Default x',
      'HELLO 2 AUTH default x foo',
      'HELLO 2 AUTH nouser pw foo',
      'HELLO 2 SETNAME',
      'HELLO 2 SETNAME "a b"',
      'HELLO 2 SETNAME é',
      'HELLO 2 SETNAME "a\\x00b"',
      'HELLO 2 SETNAME ""',
      'HELLO 2 setname "a b" AUTH nouser pw',
      'HELLO 2 AUTH nouser pw SETNAME "a b"',
      'HELLO 2 foo SETNAME "a b"',
      'HELLO 2 "AUTH\\x00x" default x',
      'HELLO 2 "foo\\x00bar"',
      'HELLO 2 "cr\\rlf\\n"',
      'HELLO 2 SETNAME name',
      'HELLO 2 AUTH default x SETNAME name',
      'AUTH x',
      'AUTH default x',
      'auth default secret',
      'AUTH Default x',
      'AUTH nouser pw',
      'AUTH "" x',
      'AUTH default x y',
      'MULTI',
      'HELLO',
      'HELLO x',
      'HELLO 2 AUTH nouser pw',
      'HELLO 2 foo',
      'AUTH x',
      'AUTH default x',
      'AUTH nouser pw',
      'AUTH a b c',
      'EXEC',
    ];
    const differences: string[] = [];
    const refused: string[] = [];
    for (const line of lines) {
      const ours = await sandbox(line);
      const real = await theirs.call(argvOf(line));
      if (/ is not supported in this console/.test(ours.text)) {
        // Redis' own errors come first: a refusal stands only where Redis answers the line.
        refused.push(line);
        if (typeof real === 'object' && real !== null && 'error' in real)
          differences.push(`${line}\n  real:    ${formatReply(real)}\n  sandbox: ${ours.text}`);
        continue;
      }
      const expected = withOurVersionAndId(real, ours.reply);
      if (
        JSON.stringify(ours.reply) !== JSON.stringify(expected) ||
        ours.text !== formatReply(expected)
      )
        differences.push(`${line}\n  real:    ${formatReply(real)}\n  sandbox: ${ours.text}`);
    }
    theirs.close();
    expect(differences).toEqual([]);
    expect(refused).toEqual(['HELLO 2 SETNAME name', 'HELLO 2 AUTH default x SETNAME name']);
    expect((await sandbox('HELLO 2 SETNAME name')).text).toBe(
      '(error) ERR HELLO SETNAME is not supported in this console: a connection here keeps no name (CLIENT SETNAME, GETNAME and LIST are not run), so the name would be set nowhere',
    );
  });

  it('refuses HELLO 3, which would switch to RESP3, after Redis checks its words', async () => {
    // Not sent to the server: it would answer in RESP3, which this test's client does not read.
    for (const line of ['HELLO 3', 'hello 3 auth default x'])
      expect((await sandbox(line)).text).toBe(
        '(error) ERR HELLO 3 is not supported in this console: it speaks RESP2 only, the protocol redis-cli prints here, and would not know how to show RESP3 maps, sets or doubles (HELLO and HELLO 2 answer)',
      );
    expect((await sandbox('HELLO 3 AUTH nouser pw')).text).toBe(
      '(error) WRONGPASS invalid username-password pair or user is disabled.',
    );
  });

  it('answers a new, higher id after QUIT, as redis-cli reconnected to redis-server gets', async () => {
    // A sandbox of its own, so the ids are counted from its start.
    const fresh = await createTestSim({ seed: 1 });
    const ours = async (actor: string, line: string) =>
      (await consoleLine(fresh, line, actor)).reply;
    const idOf = (reply: RedisReply): number => (reply as RedisReply[])[7] as number;
    const [a, b] = [await RespClient.connect(real().port), await RespClient.connect(real().port)];
    const real1 = idOf(await a.call(['HELLO']));
    const real2 = idOf(await b.call(['HELLO']));
    expect(await a.call(['QUIT'])).toEqual({ status: 'OK' });
    a.close();
    // redis-cli opens a new connection for the line after the server closed its own.
    const again = await RespClient.connect(real().port);
    const real3 = idOf(await again.call(['HELLO']));
    again.close();
    b.close();
    const ours1 = idOf(await ours('console', 'HELLO'));
    const ours2 = idOf(await ours('other', 'HELLO'));
    // `QUIT` alone, redis-cli answers itself by exiting; after a count it sends it to the server.
    expect(await ours('console', '1 QUIT')).toEqual({ status: 'OK' });
    const ours3 = idOf(await ours('console', 'HELLO'));
    // Each id as far from the first as the real server's: a new one, above every id given.
    expect([ours2 - ours1, ours3 - ours1]).toEqual([real2 - real1, real3 - real1]);
    expect(idOf(await ours('other', 'HELLO'))).toBe(ours2);
  });

  it("numbers the clients again from a fresh server's first after a restart, and goes on counting after an outage", async () => {
    // Until 2026-12-07 the console kept its id through both, and the first id was 1: redis-server
    // 7.0 gives its first client 3 (its own internal clients take 1 and 2), and again after a
    // restart, while a connection closed under a server that kept running comes back with a new one.
    const idOf = (reply: RedisReply): number => (reply as RedisReply[])[7] as number;
    const ours = async (fresh: Simulation, actor: string) =>
      idOf((await consoleLine(fresh, 'HELLO', actor)).reply);
    // A server of its own, restarted on its port: its first client is the one it was started with.
    const before = await startRedisServer();
    const second = await RespClient.connect(before.port);
    const real1 = idOf(await before.client.call(['HELLO']));
    const real2 = idOf(await second.call(['HELLO']));
    second.close();
    await before.stop();
    const after = await startRedisServerOn(before.port);
    if (after === null) throw new Error(`port ${before.port} taken before redis-server restarted`);
    const realRestarted = idOf(await after.client.call(['HELLO']));
    await after.stop();
    const fresh = await createTestSim({ seed: 1 });
    expect([await ours(fresh, 'console'), await ours(fresh, 'other')]).toEqual([real1, real2]);
    await fresh.dispatch({ type: 'restartCache' });
    expect(await ours(fresh, 'console')).toBe(realRestarted);
    // An outage: both connections close, and the server, still running, counts on.
    const [a, b] = [await RespClient.connect(real().port), await RespClient.connect(real().port)];
    const [realA, realB] = [idOf(await a.call(['HELLO'])), idOf(await b.call(['HELLO']))];
    a.close();
    b.close();
    const [againA, againB] = [
      await RespClient.connect(real().port),
      await RespClient.connect(real().port),
    ];
    const realAgain = [idOf(await againA.call(['HELLO'])), idOf(await againB.call(['HELLO']))];
    againA.close();
    againB.close();
    const [oursA, oursB] = [await ours(fresh, 'console'), await ours(fresh, 'other')];
    await fresh.dispatch({ type: 'setCacheAvailable', isUp: false });
    await fresh.dispatch({ type: 'setCacheAvailable', isUp: true });
    const oursAgain = [await ours(fresh, 'console'), await ours(fresh, 'other')];
    expect(oursAgain.map((id) => id - oursA)).toEqual(realAgain.map((id) => id - realA));
    expect(oursB - oursA).toBe(realB - realA);
  });

  it("says what answers it, and each connection's own id, which stays its own", async () => {
    const [console1, other, console2] = [
      (await sandbox('HELLO')).reply,
      (await sandbox('HELLO', 'other')).reply,
      (await sandbox('HELLO 2')).reply,
    ] as RedisReply[][];
    expect(console1[3]).toBe(REDIS_VERSION_TEXT);
    expect((await sandbox('INFO server')).text).toContain(`redis_version:${REDIS_VERSION_TEXT}`);
    expect(console1.slice(4)).toEqual([
      'proto',
      2,
      'id',
      expect.any(Number),
      'mode',
      'standalone',
      'role',
      'master',
      'modules',
      [],
    ]);
    expect(console2).toEqual(console1);
    expect(other[7]).not.toBe(console1[7]);
  });
});
