// The consoles' size limits: a line, a value and a command's argument count each have a limit;
// above it the console says which and why, nothing runs, and the sandbox goes on working.

import { describe, expect, it } from 'vitest';
import {
  MAX_COMMAND_ARGS,
  MAX_CONSOLE_LINE_CHARS,
  MAX_REPLY_CHARS,
  MAX_VALUE_BYTES,
} from '../engine/consoleLimits';
import { validateCommand } from '../engine/redisCli';
import { freePlaySandbox } from './testSandbox';

const msetLine = (pairs: number, prefix = 'k') =>
  'MSET ' + Array.from({ length: pairs }, (_, i) => `${prefix}${i} 1`).join(' ');

describe('console size limits', () => {
  it('refuses a Redis line over 1 MiB with the limit, runs nothing, and goes on', async () => {
    const store = await freePlaySandbox();
    const redis = async (line: string) => store.getState().runRedis(line);
    const line = 'SET big ' + 'x'.repeat(MAX_CONSOLE_LINE_CHARS);
    const reply = await redis(line);
    expect(reply.isError).toBe(true);
    expect(reply.text).toBe(
      '(error) ERR line too long: 1,048,584 characters; a console line holds at most 1,048,576 (1 MiB). Nothing was run.',
    );
    expect((await redis('EXISTS big')).text).toBe('(integer) 0');
    expect((await redis('PING')).text).toBe('PONG');
  });

  it('refuses a SQL line over 1 MiB and keeps the database as it was', async () => {
    const store = await freePlaySandbox();
    const statement = `UPDATE users SET name = '${'y'.repeat(MAX_CONSOLE_LINE_CHARS)}' WHERE id = 1`;
    const result = await store.getState().runSql(statement);
    expect(result).toEqual({
      error: expect.stringContaining('a console line holds at most 1,048,576 (1 MiB)'),
    });
    expect(await store.getState().runSql('SELECT name FROM users WHERE id = 1')).toMatchObject({
      rows: [[expect.not.stringContaining('yyy')]],
    });
  });

  it('takes an MSET of 5,000 pairs and refuses 100,000 pairs without a stack overflow', async () => {
    const store = await freePlaySandbox();
    const redis = async (line: string) => (await store.getState().runRedis(line)).text;
    expect(await redis(msetLine(5000))).toBe('OK');
    expect(await redis('DBSIZE')).toBe('(integer) 5000');
    const big = msetLine(100_000);
    expect(big.length).toBeLessThan(MAX_CONSOLE_LINE_CHARS);
    expect(await redis(big)).toBe(
      "(error) ERR too many arguments for 'mset': 200,000; this console takes at most 10,000 arguments a command (split it into several)",
    );
    expect(await redis('DBSIZE')).toBe('(integer) 5000');
    expect(await redis('DEL ' + Array.from({ length: 10_000 }, (_, i) => `k${i}`).join(' '))).toBe(
      '(integer) 5000',
    );
  });

  it('refuses a value over 1 MiB in UTF-8 bytes, even when the line is shorter', async () => {
    const store = await freePlaySandbox();
    const redis = async (line: string) => (await store.getState().runRedis(line)).text;
    const value = 'é'.repeat(MAX_VALUE_BYTES / 2 + 1); // 2 bytes each
    expect(await redis(`SET v ${value}`)).toBe(
      "(error) ERR argument 2 of 'set' is larger than 1,048,576 bytes (1 MiB), the most this console takes for a value",
    );
    expect(await redis('EXISTS v')).toBe('(integer) 0');
  });

  it('refuses an APPEND that would grow a string past 1 MiB and keeps the old value', async () => {
    const store = await freePlaySandbox();
    const redis = async (line: string) => (await store.getState().runRedis(line)).text;
    const half = 'x'.repeat(600_000);
    expect(await redis(`SET s ${half}`)).toBe('OK');
    expect(await redis(`APPEND s ${half}`)).toBe(
      '(error) ERR string exceeds maximum allowed size (1,048,576 bytes in this console)',
    );
    expect(await redis('STRLEN s')).toBe('(integer) 600000');
  });

  it('counts arguments after the name: 10,000 pass, 10,001 are refused', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    expect(validateCommand(['DEL', ...keys(MAX_COMMAND_ARGS)])).toBeNull();
    expect(validateCommand(['EXISTS', ...keys(MAX_COMMAND_ARGS + 1)])).toBe(
      "ERR too many arguments for 'exists': 10,001; this console takes at most 10,000 arguments a command (split it into several)",
    );
    expect(validateCommand(['MGET', ...keys(MAX_COMMAND_ARGS + 1)])).toMatch(/too many arguments/);
  });
});

describe("one Redis line's work and output", () => {
  /** Free play with 10,000 keys, a:0..a:4999 and b:0..b:4999. */
  async function tenThousandKeys() {
    const store = await freePlaySandbox();
    const redis = async (line: string) => store.getState().runRedis(line);
    expect((await redis(msetLine(5000, 'a:'))).text).toBe('OK');
    expect((await redis(msetLine(5000, 'b:'))).text).toBe('OK');
    return { store, redis };
  }

  it('refuses a repeat of a command over every key beyond 200,000 keys in all, before anything runs', async () => {
    const { store, redis } = await tenThousandKeys();
    const before = store.getState().snapshot?.commands;
    expect(await redis('100 KEYS *')).toEqual({
      text:
        "(error) ERR repeat count 100 is too many for 'KEYS' here: it goes over every key each " +
        'time, 100 × 10,000 keys is 1,000,000, and a line may go over at most 200,000; give a ' +
        'count from 1 to 20. Nothing was run.',
      isError: true,
    });
    // SCAN orders every key on each call whatever its COUNT, and DBSIZE counts them; the name
    // is quoted as typed.
    expect((await redis('21 scan 0 COUNT 5')).text).toMatch(
      /^\(error\) ERR repeat count 21 is too many for 'scan' here: .* 21 × 10,000 keys is 210,000, .* from 1 to 20\. Nothing was run\.$/,
    );
    expect((await redis('21 DBSIZE')).text).toMatch(/^\(error\) ERR repeat count 21 /);
    expect(store.getState().snapshot?.commands).toBe(before);
    // Within the bound it runs; a single command always does; other commands are not bounded.
    expect((await redis('20 DBSIZE')).text).toBe(Array(20).fill('(integer) 10000').join('\n'));
    expect((await redis('KEYS b:4999')).text).toBe('1) "b:4999"');
    expect((await redis('100 EXISTS a:1')).text.split('\n')).toHaveLength(100);
  });

  it('refuses an EXEC whose queue goes over every key beyond 200,000 in all, keeping the transaction open', async () => {
    const { store, redis } = await tenThousandKeys();
    expect((await redis('MULTI')).text).toBe('OK');
    // Each line is within the repeat bound; queued, they are 30 × 10,000 keys for one EXEC.
    for (let i = 0; i < 3; i++) expect((await redis('10 KEYS *')).text).toMatch(/^QUEUED\n/);
    const before = store.getState().snapshot?.commands;
    expect(await redis('EXEC')).toEqual({
      text:
        '(error) ERR EXEC of these 30 queued commands is too much work here: its commands that ' +
        'go over every key would go over 300,000 keys in all, and a line may go over at most ' +
        '200,000. Nothing was run; the transaction is still open (DISCARD it and queue fewer).',
      isError: true,
    });
    expect(store.getState().snapshot?.commands).toBe(before);
    // Still in MULTI, the queue kept: a command queues, and DISCARD ends it.
    expect((await redis('DBSIZE')).text).toBe('QUEUED');
    expect((await redis('DISCARD')).text).toBe('OK');
    expect((await redis('MULTI')).text).toBe('OK');
    expect((await redis('20 DBSIZE')).text).toMatch(/^QUEUED\n/);
    expect((await redis('EXEC')).text.split('\n')).toHaveLength(20);
    // A queue of large values is bounded as a repeated line is: 100 TTL of a 1 MiB string.
    expect((await redis('SETRANGE s 1048575 x')).text).toBe('(integer) 1048576');
    expect((await redis('MULTI')).text).toBe('OK');
    for (let i = 0; i < 10; i++) await redis('TTL s');
    expect((await redis('EXEC')).text).toMatch(
      /^\(error\) ERR EXEC of these 10 queued commands is too much work here: .* 10,485,780 in all, and a line may go over at most 5,000,000\. Nothing was run;/,
    );
  });

  it('refuses a repeat over large values, or one that grows them, beyond 5,000,000 elements in all', async () => {
    const store = await freePlaySandbox();
    const redis = async (line: string) => store.getState().runRedis(line);
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`).join(' ');
    // 59,994 elements in one list, one command (of at most 10,000 arguments) at a time.
    for (let i = 0; i < 6; i++)
      expect((await redis(`RPUSH big ${values(9_999)}`)).isError).toBe(false);
    const before = store.getState().snapshot?.commands;
    // Each TTL compares the list before and after it: 100 × 59,996 is over the bound.
    expect((await redis('100 TTL big')).text).toMatch(
      /^\(error\) ERR repeat count 100 is too many for 'TTL' here: each time it goes over its 2 arguments and the 59,994 elements of the keys it names, and what the repeats add, 6,009,500 in all, .* give a count from 1 to 83\. Nothing was run\.$/,
    );
    // Each RPUSH adds 9,000 values to a list the next one copies: the growth counts.
    expect((await redis(`100 RPUSH grown ${values(9_000)}`)).text).toMatch(
      /^\(error\) ERR repeat count 100 is too many for 'RPUSH' here: .* give a count from 1 to 32\. Nothing was run\.$/,
    );
    expect(store.getState().snapshot?.commands).toBe(before);
    // A string counts its characters: each TTL compares a string of 1 MiB too.
    expect((await redis('SETRANGE s 1048575 x')).text).toBe('(integer) 1048576');
    expect((await redis('100 TTL s')).text).toMatch(
      /^\(error\) ERR repeat count 100 is too many for 'TTL' here: each time it goes over its 2 arguments and the 1,048,576 elements of the keys it names, .* give a count from 1 to 4\. Nothing was run\.$/,
    );
    // SETRANGE makes its string as long as its offset at once.
    expect((await redis('100 SETRANGE t 1048575 x')).text).toMatch(
      /^\(error\) ERR repeat count 100 is too many for 'SETRANGE' here: .* give a count from 1 to 4\. Nothing was run\.$/,
    );
    expect(store.getState().snapshot?.commands).toBe((before ?? 0) + 1);
    // Within the bound they run; small values repeat as before.
    expect((await redis('4 TTL s')).text).toBe(Array(4).fill('(integer) -1').join('\n'));
    expect((await redis('83 TTL big')).text.split('\n')).toHaveLength(83);
    expect((await redis('100 RPUSH small a')).text.split('\n')).toHaveLength(100);
  });

  it('keeps the refusal in the transcript through Back and Step', async () => {
    const { store, redis } = await tenThousandKeys();
    const refusal = (await redis('30 KEYS *')).text;
    await redis('DEL a:1');
    await store.getState().back();
    await store.getState().step();
    expect(store.getState().redisConsole.at(-2)).toMatchObject({
      input: '30 KEYS *',
      output: { text: refusal, isError: true },
    });
  });

  it("cuts a line's replies at 200,000 characters, at a line's end, and says what it left out", async () => {
    const { redis } = await tenThousandKeys();
    const once = (await redis('KEYS *')).text; // 10,000 lines, under the bound
    expect(once.split('\n')).toHaveLength(10_000);
    const full = `${once}\n${once}`;
    const { text } = await redis('2 KEYS *');
    const cut = text.lastIndexOf('\n');
    const [shown, notice] = [text.slice(0, cut), text.slice(cut + 1)];
    expect(shown.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
    expect(full.startsWith(shown)).toBe(true);
    expect(full[shown.length]).toBe('\n'); // whole lines only
    const hidden = full.length - shown.length - 1;
    expect(notice).toBe(
      `[${hidden.toLocaleString('en-US')} more characters of reply 2 not shown: this console ` +
        "prints at most 200,000 characters of a line's replies; redis-cli would print them all]",
    );
  });

  it('cuts inside a line only when no line fits, and counts the replies it did not print', async () => {
    const store = await freePlaySandbox();
    const redis = async (line: string) => store.getState().runRedis(line);
    await redis(`SET v ${'x'.repeat(100_000)}`);
    const { text, isError } = await redis('3 GET v');
    const value = `"${'x'.repeat(100_000)}"`;
    expect(isError).toBe(false);
    expect(text).toBe(
      `${value}\n${value.slice(0, MAX_REPLY_CHARS - value.length - 1)}\n` +
        '[5 more characters of reply 2 not shown, nor the 1 reply after it: this console ' +
        "prints at most 200,000 characters of a line's replies; redis-cli would print them all]",
    );
  });
});
