// INFO against a real redis-server: the console's INFO describes the in-browser store, but its
// sections are Redis' own, in Redis' order, and a field that both print says the same thing.

import { beforeAll, expect, it } from 'vitest';
import type { Simulation } from '../engine/simulation';
import { createTestSim } from '../engine/testSim';
import { describeAgainstRedis } from '../cli/replyParity';

/** `# Title` lines of an INFO text. */
const titles = (text: string) => text.split('\r\n').filter((l) => l.startsWith('# '));
/** `field:value` lines of an INFO text. */
const fields = (text: string) => text.split('\r\n').filter((l) => l !== '' && !l.startsWith('#'));

/** A reply as text: a status or an error by its words, the rest as JSON. */
function asText(reply: unknown): string {
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'object' && reply && 'status' in reply) return String(reply.status);
  if (typeof reply === 'object' && reply && 'error' in reply) return String(reply.error);
  return JSON.stringify(reply);
}

describeAgainstRedis('INFO against a real redis-server', ({ real }) => {
  let sim: Simulation;

  beforeAll(async () => {
    sim = await createTestSim({ seed: 1 });
  });

  /** What the console's INFO (or any line) answers, as text; an error as its message. */
  async function ours(argv: string[]): Promise<string> {
    const result = (await sim.dispatch({ type: 'redis', actor: 'console', argv })) as {
      reply?: unknown;
      error?: string;
    };
    return result.error ?? asText(result.reply);
  }
  async function theirs(argv: string[]): Promise<string> {
    return asText(await real().client.call(argv));
  }

  it('has every section redis-server prints, in its order, persistence and CPU among them', async () => {
    expect(titles(await ours(['INFO']))).toEqual(titles(await theirs(['INFO'])));
    // `all` and `everything` add Commandstats and Latencystats to the default sections.
    for (const argv of [
      ['INFO', 'everything'],
      ['INFO', 'all'],
      ['INFO', 'default'],
      ['INFO', 'default', 'commandstats'],
      ['INFO', 'keyspace', 'ALL'],
      ['INFO', 'commandstats'],
      ['INFO', 'LatencyStats'],
      ['INFO', 'cluster', 'errorstats', 'server'],
    ])
      expect(titles(await ours(argv)), argv.join(' ')).toEqual(titles(await theirs(argv)));
    for (const section of ['persistence', 'cpu', 'replication', 'modules', 'cluster']) {
      const text = await ours(['INFO', section]);
      expect(titles(text), section).toEqual(titles(await theirs(['INFO', section])));
    }
    // The fields that are true here are the ones a redis-server without RDB or AOF shows.
    for (const section of ['persistence', 'replication', 'cluster']) {
      const real = fields(await theirs(['INFO', section]));
      for (const line of fields(await ours(['INFO', section]))) {
        if (line.startsWith('persistence:')) continue;
        expect(real, `${section}: ${line}`).toContain(line);
      }
    }
    // The fields both print come in Redis' order.
    const names = (text: string) => fields(text).map((l) => l.slice(0, l.indexOf(':')));
    const [ourNames, realNames] = [names(await ours(['INFO'])), names(await theirs(['INFO']))];
    expect(ourNames.filter((n) => realNames.includes(n))).toEqual(
      realNames.filter((n) => ourNames.includes(n)),
    );
    expect(await ours(['INFO', 'cpu'])).toMatch(/^# CPU\r\nused_cpu:not measured/);
    expect(await ours(['INFO', 'nosuchsection'])).toBe(await theirs(['INFO', 'nosuchsection']));
  });

  it('counts error replies by their first word, as errorstats does', async () => {
    // Counted from zero on both, whichever tests ran before this one.
    const lines = [
      ['CONFIG', 'RESETSTAT'],
      ['FLUSHALL'],
      ['SET', 's', 'x'],
      ['INCR', 's'],
      ['LPUSH', 's', 'a'],
      ['HSET', 'h', 'f', 'v'],
      ['GET', 'h'],
      ['INCRBYFLOAT', 's', '1'],
      ['EXPIRE', 's', 'x'],
    ];
    for (const argv of lines) expect(await ours(argv)).toBe(await theirs(argv));
    const counted = await ours(['INFO', 'errorstats']);
    // Every line ends in CRLF, the last one's too, as Redis writes it.
    expect(counted).toBe(
      '# Errorstats\r\nerrorstat_ERR:count=3\r\nerrorstat_WRONGTYPE:count=2\r\n',
    );
    expect(counted).toBe(await theirs(['INFO', 'errorstats']));
  });

  it('counts the errors inside an EXEC reply, each under its first word, as Redis does', async () => {
    // Before, an EXEC that answered errors for queued commands counted none of them.
    for (const argv of [['CONFIG', 'RESETSTAT'], ['FLUSHALL'], ['HSET', 'h', 'f', 'v']])
      expect(await ours(argv)).toBe(await theirs(argv));
    for (const argv of [
      ['MULTI'],
      ['INCR', 'h'],
      ['SET', 'a', '1', 'EX', '0'],
      ['PING', 'a', 'b'],
      ['SET', 'b', '1'],
      ['EXEC'],
    ])
      expect(await ours(argv), argv.join(' ')).toBe(await theirs(argv));
    const counted = await ours(['INFO', 'errorstats']);
    expect(counted).toBe(
      '# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_WRONGTYPE:count=1\r\n',
    );
    expect(counted).toBe(await theirs(['INFO', 'errorstats']));
    const errors = (text: string) =>
      fields(text).filter((l) => l.startsWith('total_error_replies:'));
    expect(errors(await ours(['INFO', 'stats']))).toEqual(errors(await theirs(['INFO', 'stats'])));
  });

  it("gives the keyspace's average TTL, which Redis estimates from the keys it samples", async () => {
    for (const argv of [
      ['FLUSHALL'],
      ['SET', 'a', 'v', 'EX', '100'],
      ['SET', 'b', 'v', 'EX', '300'],
      ['SET', 'c', 'v'],
    ])
      expect(await ours(argv)).toBe(await theirs(argv));
    const avgTtl = (text: string) => Number(/avg_ttl=(\d+)/.exec(text)?.[1]);
    // Redis samples keys with a TTL ten times a second and keeps a running mean, which moves 2%
    // a sample once set: a sample taken between the two SETs (a busy machine) would hold it near
    // 100 s for many seconds. So the server is filled again in one transaction, which no sample
    // can fall inside (FLUSHALL sets the mean back to 0).
    for (const argv of [
      ['MULTI'],
      ['FLUSHALL'],
      ['SET', 'a', 'v', 'EX', '100'],
      ['SET', 'b', 'v', 'EX', '300'],
      ['SET', 'c', 'v'],
    ])
      await theirs(argv);
    expect(await theirs(['EXEC'])).toBe(JSON.stringify(Array(4).fill({ status: 'OK' })));
    let real = 0;
    for (let i = 0; i < 40 && real === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      real = avgTtl(await theirs(['INFO', 'keyspace']));
    }
    const text = await ours(['INFO', 'keyspace']);
    expect(text).toBe('# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=200000\r\n');
    expect(Math.abs(real - avgTtl(text))).toBeLessThan(5000);
  });

  it('starts its counts again at CONFIG RESETSTAT, as Redis does', async () => {
    const lines = [
      ['FLUSHALL'],
      ['SET', 'a', '1'],
      ['GET', 'a'],
      ['GET', 'nokey'],
      ['LPUSH', 'a', 'x'],
      ['config', 'resetstat', 'x'],
      ['CONFIG', 'RESETSTAT'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['HGET', 'a', 'f'],
    ];
    for (const argv of lines) expect(await ours(argv), argv.join(' ')).toBe(await theirs(argv));
    const counts = (text: string) =>
      fields(text).filter((l) =>
        /^(total_commands_processed|keyspace_hits|keyspace_misses|evicted_keys|total_error_replies):/.test(
          l,
        ),
      );
    const stats = counts(await ours(['INFO', 'stats']));
    expect(stats).toEqual(counts(await theirs(['INFO', 'stats'])));
    // HGET of a string looked the key up (a hit) before its WRONGTYPE.
    expect(stats).toContain('keyspace_hits:2');
    expect(await ours(['INFO', 'errorstats'])).toBe(await theirs(['INFO', 'errorstats']));
  });

  it('ends every line of its text in CRLF, the last one too, with a blank line between sections', async () => {
    // Before, the text had no CRLF after its last line: a script's `#redis.call('INFO', ...)`
    // counted two bytes fewer than Redis', and the console printed no CR where redis-cli does.
    await ours(['FLUSHALL']);
    await theirs(['FLUSHALL']);
    // Texts that are the same on both servers, to the byte.
    for (const argv of [
      ['INFO', 'nosuchsection'],
      ['INFO', 'keyspace'],
      ['INFO', 'cluster'],
      ['INFO', 'modules'],
      ['INFO', 'modules', 'cluster', 'nosuchsection'],
      ['INFO', 'Cluster', 'keyspace', 'modules'],
    ])
      expect(await ours(argv), argv.join(' ')).toBe(await theirs(argv));
    // The rest: titles, blank lines and where the text ends, with the fields taken out.
    const shape = (text: string) => text.replace(/^[^#\r\n][^\r\n]*\r\n/gm, '');
    for (const argv of [
      ['INFO'],
      ['INFO', 'server'],
      ['INFO', 'all'],
      ['INFO', 'everything'],
      ['INFO', 'default', 'errorstats'],
    ]) {
      const text = await ours(argv);
      expect(text, argv.join(' ')).toMatch(/[^\r\n]\r\n$/);
      expect(shape(text), argv.join(' ')).toBe(shape(await theirs(argv)));
    }
  });
});
