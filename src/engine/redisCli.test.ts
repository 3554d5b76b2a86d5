import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  SUPPORTED_COMMANDS,
  formatMonitorLine,
  formatReply,
  formatReplyHead,
  NOT_UTF8,
  parseCommandLine,
  splitCommandLine,
  status,
  toRedisReply,
  type RedisReply,
  validateCommand,
} from './redisCli';

const argv = (line: string) => parseCommandLine(line);
const INVALID = { error: 'Invalid argument(s)' };

describe('parseCommandLine', () => {
  it('returns no arguments for an empty or blank line', () => {
    expect(argv('')).toEqual({ argv: [] });
    expect(argv('  \t \n')).toEqual({ argv: [] });
  });

  it('splits on blanks, however many', () => {
    expect(argv('  SET   user:1\tvalue  ')).toEqual({ argv: ['SET', 'user:1', 'value'] });
  });

  it('keeps blanks inside double and single quotes, and accepts empty quotes', () => {
    expect(argv('SET k "hello world"')).toEqual({ argv: ['SET', 'k', 'hello world'] });
    expect(argv("SET k 'hello world'")).toEqual({ argv: ['SET', 'k', 'hello world'] });
    expect(argv(`SET k "" ''`)).toEqual({ argv: ['SET', 'k', '', ''] });
  });

  it('decodes the double-quote escapes', () => {
    expect(argv(String.raw`"a\"b\\c\nd\re\tf\bg\ah"`)).toEqual({
      argv: ['a"b\\c\nd\re\tf\bg\x07h'],
    });
    // Any other escaped character stands for itself.
    expect(argv(String.raw`"\q\'"`)).toEqual({ argv: ["q'"] });
  });

  it('decodes \\xHH as bytes read as UTF-8', () => {
    expect(argv(String.raw`"\x41\x7a\x00"`)).toEqual({ argv: ['Az\x00'] });
    expect(argv(String.raw`"caf\xc3\xA9"`)).toEqual({ argv: ['café'] });
    // A leading byte-order mark is data, not something to strip.
    expect(argv(String.raw`"\xef\xbb\xbfx"`)).toEqual({ argv: ['\uFEFFx'] });
    // Without two hex digits, \x is just an escaped "x".
    expect(argv(String.raw`"\xZZ\x4"`)).toEqual({ argv: ['xZZx4'] });
  });

  it('refuses bytes that are not UTF-8, and splitCommandLine says which argument held them', () => {
    const line = String.raw`3 SET "\xff" "\xc3"`;
    expect(argv(line)).toEqual({ error: NOT_UTF8 });
    // The caller still sees the words (a repeat count, a prompt command) to decide what to print.
    expect(splitCommandLine(line)).toEqual({ argv: ['3', 'SET', '\uFFFD', '\uFFFD'], notUtf8: 2 });
    expect(splitCommandLine('GET k')).toEqual({ argv: ['GET', 'k'] });
    // Typed text is UTF-8 as sent: a lone surrogate half as U+FFFD, a pair and U+FEFF as they are.
    expect(splitCommandLine('SET \uFEFFk \uD800 \uD83D\uDE00')).toEqual({
      argv: ['SET', '\uFEFFk', '\uFFFD', '\uD83D\uDE00'],
    });
  });

  it("takes single quotes literally except for \\'", () => {
    expect(argv(String.raw`'it\'s'`)).toEqual({ argv: ["it's"] });
    expect(argv(String.raw`'a\nb\x41"'`)).toEqual({ argv: ['a\\nb\\x41"'] });
  });

  it('lets quotes start in the middle of an argument', () => {
    expect(argv('foo"bar baz" x\'y z\'')).toEqual({ argv: ['foobar baz', 'xy z'] });
  });

  it('passes non-ASCII text through unchanged', () => {
    expect(argv('SET prénom "名前 🙂"')).toEqual({ argv: ['SET', 'prénom', '名前 🙂'] });
  });

  it('rejects unbalanced quotes like redis-cli', () => {
    expect(argv('SET k "unterminated')).toEqual(INVALID);
    expect(argv("SET k 'unterminated")).toEqual(INVALID);
    expect(argv(String.raw`SET k "escaped quote\"`)).toEqual(INVALID);
    expect(argv('"')).toEqual(INVALID);
  });

  it('rejects a closing quote that is not followed by a blank or the end', () => {
    expect(argv('"a"b')).toEqual(INVALID);
    expect(argv("'a'b")).toEqual(INVALID);
    expect(argv('"a""b"')).toEqual(INVALID);
    expect(argv('"a"\tb')).toEqual({ argv: ['a', 'b'] });
  });
});

describe('validateCommand', () => {
  const check = (...args: string[]) => validateCommand(args);
  const NOT_INTEGER = 'ERR value is not an integer or out of range';

  it('accepts well-formed commands, whatever the case of the name', () => {
    expect(check('GET', 'k')).toBeNull();
    expect(check('gEt', 'k')).toBeNull();
    expect(check('set', 'k', 'v', 'ex', '10', 'nx', 'get')).toBeNull();
    expect(check('SET', 'k', 'v', 'KEEPTTL', 'XX')).toBeNull();
    expect(check('SET', 'k', 'v', 'PX', '100')).toBeNull();
    expect(check('SET', 'k', 'v', 'EXAT', '1')).toBeNull();
    expect(check('SET', 'k', 'v', 'PXAT', '1700000000000')).toBeNull();
    expect(check('MSET', 'a', '1', 'b', '2')).toBeNull();
    expect(check('HSET', 'h', 'f', 'v', 'g', 'w')).toBeNull();
    expect(check('DEL', 'a', 'b', 'c')).toBeNull();
    expect(check('PING')).toBeNull();
    expect(check('PING', 'hello')).toBeNull();
    expect(check('INFO', 'server', 'memory')).toBeNull();
    expect(check('GETEX', 'k', 'PERSIST')).toBeNull();
    expect(check('LRANGE', 'l', '0', '-1')).toBeNull();
  });

  it('returns null for an empty argv', () => {
    expect(validateCommand([])).toBeNull();
  });

  it('reports a wrong number of arguments with the lower-case name', () => {
    expect(check('GET')).toBe("ERR wrong number of arguments for 'get' command");
    expect(check('Get', 'a', 'b')).toBe("ERR wrong number of arguments for 'get' command");
    expect(check('SET', 'k')).toBe("ERR wrong number of arguments for 'set' command");
    expect(check('DBSIZE', 'x')).toBe("ERR wrong number of arguments for 'dbsize' command");
    expect(check('LRANGE', 'l', '0')).toBe("ERR wrong number of arguments for 'lrange' command");
    expect(check('PING', 'a', 'b')).toBe("ERR wrong number of arguments for 'ping' command");
  });

  it('reports unpaired MSET and HSET arguments as a wrong number of arguments', () => {
    expect(check('MSET', 'a')).toBe("ERR wrong number of arguments for 'mset' command");
    expect(check('MSET', 'a', '1', 'b')).toBe("ERR wrong number of arguments for 'mset' command");
    expect(check('HSET', 'h', 'f')).toBe("ERR wrong number of arguments for 'hset' command");
    expect(check('HSET', 'h', 'f', 'v', 'g')).toBe(
      "ERR wrong number of arguments for 'hset' command",
    );
  });

  it('reports SET option syntax errors', () => {
    const SYNTAX = 'ERR syntax error';
    expect(check('SET', 'k', 'v', 'NX', 'XX')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'EX')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'EX', '10', 'PX', '10')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'KEEPTTL', 'EX', '10')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'PXAT', '10', 'KEEPTTL')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'PERSIST')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'FOO')).toBe(SYNTAX);
    expect(check('SET', 'k', 'v', 'v2')).toBe(SYNTAX);
    // Syntax is checked before the expire value.
    expect(check('SET', 'k', 'v', 'EX', 'abc', 'FOO')).toBe(SYNTAX);
  });

  it('reports a SET expire that is not an integer', () => {
    for (const bad of ['abc', '1.5', '007', '+1', '-0', ' 1', '', '9223372036854775808']) {
      expect(check('SET', 'k', 'v', 'EX', bad)).toBe(NOT_INTEGER);
    }
  });

  it('reports a SET expire that is not positive or overflows', () => {
    expect(check('SET', 'k', 'v', 'EX', '0')).toBe("ERR invalid expire time in 'set' command");
    expect(check('SET', 'k', 'v', 'px', '-1')).toBe("ERR invalid expire time in 'set' command");
    expect(check('SET', 'k', 'v', 'EXAT', '0')).toBe("ERR invalid expire time in 'set' command");
    expect(check('SET', 'k', 'v', 'EX', '9223372036854776')).toBe(
      "ERR invalid expire time in 'set' command",
    );
    expect(check('SET', 'k', 'v', 'PX', '9223372036854776')).toBeNull();
  });

  it('lets a repeated time option replace the earlier one, as Redis does', () => {
    expect(check('SET', 'k', 'v', 'EX', 'abc', 'EX', '10')).toBeNull();
    expect(check('SET', 'k', 'v', 'EX', '10', 'EX', '0')).toBe(
      "ERR invalid expire time in 'set' command",
    );
  });

  it('checks SETEX and PSETEX times', () => {
    expect(check('SETEX', 'k', '0', 'v')).toBe("ERR invalid expire time in 'setex' command");
    expect(check('psetex', 'k', '-5', 'v')).toBe("ERR invalid expire time in 'psetex' command");
    expect(check('SETEX', 'k', 'ten', 'v')).toBe(NOT_INTEGER);
    expect(check('SETEX', 'k', '10', 'v')).toBeNull();
  });

  it('checks GETEX options but leaves its expire value to the command', () => {
    expect(check('GETEX', 'k', 'EX', '10', 'PERSIST')).toBe('ERR syntax error');
    expect(check('GETEX', 'k', 'NX')).toBe('ERR syntax error');
    expect(check('GETEX', 'k', 'EX')).toBe('ERR syntax error');
    expect(check('GETEX', 'k', 'EX', '-1')).toBeNull();
  });

  it('checks EXPIRE and PEXPIRE', () => {
    expect(check('EXPIRE', 'k', '10', 'nx')).toBeNull();
    expect(check('EXPIRE', 'k', '-1')).toBeNull();
    expect(check('EXPIRE', 'k', 'ten')).toBe(NOT_INTEGER);
    expect(check('EXPIRE', 'k', 'ten', 'Foo')).toBe('ERR Unsupported option Foo');
    expect(check('EXPIRE', 'k', '10', 'NX', 'GT')).toBe(
      'ERR NX and XX, GT or LT options at the same time are not compatible',
    );
    expect(check('PEXPIRE', 'k', '10', 'GT', 'LT')).toBe(
      'ERR GT and LT options at the same time are not compatible',
    );
    expect(check('EXPIRE', 'k', '9223372036854776')).toBe(
      "ERR invalid expire time in 'expire' command",
    );
    expect(check('PEXPIRE', 'k', '9223372036854776')).toBeNull();
  });

  it('checks integer arguments', () => {
    expect(check('INCRBY', 'k', 'x')).toBe(NOT_INTEGER);
    expect(check('INCRBY', 'k', '-5')).toBeNull();
    expect(check('DECRBY', 'k', '-9223372036854775808')).toBe('ERR decrement would overflow');
    expect(check('LRANGE', 'l', '0', 'end')).toBe(NOT_INTEGER);
  });

  it('checks SCAN cursor and options', () => {
    expect(check('SCAN', '0', 'MATCH', 'user:*', 'COUNT', '10', 'TYPE', 'string')).toBeNull();
    expect(check('SCAN', 'abc')).toBe('ERR invalid cursor');
    expect(check('SCAN', '18446744073709551616')).toBe('ERR invalid cursor');
    expect(check('SCAN', '0', 'COUNT', '0')).toBe('ERR syntax error');
    expect(check('SCAN', '0', 'COUNT', 'many')).toBe(NOT_INTEGER);
    expect(check('SCAN', '0', 'MATCH')).toBe('ERR syntax error');
    expect(check('SCAN', '0', 'LIMIT', '5')).toBe('ERR syntax error');
  });

  it('checks FLUSHALL and FLUSHDB modes', () => {
    expect(check('FLUSHALL')).toBeNull();
    expect(check('flushdb', 'async')).toBeNull();
    expect(check('FLUSHALL', 'SYNC')).toBeNull();
    expect(check('FLUSHALL', 'NOW')).toBe('ERR syntax error');
    expect(check('FLUSHDB', 'ASYNC', 'ASYNC')).toBe('ERR syntax error');
  });

  it('reports unknown commands like Redis 7, name as typed', () => {
    expect(check('foo', 'a', 'b')).toBe(
      "ERR unknown command 'foo', with args beginning with: 'a' 'b' ",
    );
    expect(check('FoO')).toBe("ERR unknown command 'FoO', with args beginning with: ");
  });

  it('echoes unknown-command args within a 128-byte budget', () => {
    const a120 = 'a'.repeat(120);
    // "'" + 120 bytes + "' " leaves 5 bytes for the next argument.
    expect(check('x', a120, 'bcdefgh', 'never')).toBe(
      `ERR unknown command 'x', with args beginning with: '${a120}' 'bcdef' `,
    );
    // A cut through a UTF-8 sequence reads back as U+FFFD, as a client decoding UTF-8 sees it.
    expect(check('x', a120, 'abcdé')).toBe(
      `ERR unknown command 'x', with args beginning with: '${a120}' 'abcd\uFFFD' `,
    );
    expect(check('y'.repeat(200))).toBe(
      `ERR unknown command '${'y'.repeat(128)}', with args beginning with: `,
    );
  });

  it('turns CR and LF in error messages into spaces and stops arguments at NUL', () => {
    expect(check('fo\r\no', 'a\nb', 'c\x00d')).toBe(
      "ERR unknown command 'fo  o', with args beginning with: 'a b' 'c' ",
    );
    // addReplyErrorFormat trims CR and LF off the end first; the unknown-command error does not.
    expect(check('EXPIRE', 'k', '100', 'cr\rlf\n')).toBe('ERR Unsupported option cr lf');
    expect(check('EXPIRE', 'k', '100', '\na\r\n\x00b')).toBe('ERR Unsupported option  a');
  });

  // The page's console sends them to its connection instead (redisTransactions.test.ts): these
  // are the words a script's or a learner's code's MULTI gets.
  it('refuses transactions in the command layer with a console-specific message', () => {
    expect(check('MULTI')).toBe('ERR MULTI is not supported in this console');
    expect(check('exec')).toBe('ERR EXEC is not supported in this console');
    expect(check('Watch', 'k')).toBe('ERR WATCH is not supported in this console');
  });

  it('lists the supported commands in upper case', () => {
    const required =
      'GET SET DEL EXISTS EXPIRE PEXPIRE TTL PTTL PERSIST KEYS SCAN DBSIZE FLUSHALL FLUSHDB INCR DECR INCRBY MGET MSET SETNX SETEX PSETEX GETDEL GETEX APPEND STRLEN TYPE HSET HGET HGETALL HDEL LPUSH RPUSH LRANGE SADD SMEMBERS PING ECHO INFO';
    expect(SUPPORTED_COMMANDS).toEqual(expect.arrayContaining(required.split(' ')));
    expect(SUPPORTED_COMMANDS).not.toContain('MULTI');
    for (const name of SUPPORTED_COMMANDS) expect(name).toBe(name.toUpperCase());
  });
});

describe('formatReply', () => {
  it('quotes bulk strings and escapes like redis-cli', () => {
    expect(formatReply('value')).toBe('"value"');
    expect(formatReply('')).toBe('""');
    expect(formatReply('a"b\\c\n\r\t\x07\b')).toBe(String.raw`"a\"b\\c\n\r\t\a\b"`);
    expect(formatReply('\x00\x1f\x7f~')).toBe(String.raw`"\x00\x1f\x7f~"`);
    expect(formatReply('é')).toBe(String.raw`"\xc3\xa9"`);
    // The ends of the printable range, and the characters either side of `"` and `\`.
    expect(formatReply(' !#[]~')).toBe('" !#[]~"');
    expect(formatReply('~\x7f')).toBe(String.raw`"~\x7f"`);
    expect(formatReply('\x1f ')).toBe(String.raw`"\x1f "`);
  });

  it('prints statuses bare, integers, nil and errors', () => {
    expect(formatReply(status('OK'))).toBe('OK');
    expect(formatReply(status('PONG'))).toBe('PONG');
    expect(formatReply(1)).toBe('(integer) 1');
    expect(formatReply(-2)).toBe('(integer) -2');
    expect(formatReply(null)).toBe('(nil)');
    expect(formatReply({ error: 'ERR syntax error' })).toBe('(error) ERR syntax error');
  });

  it('numbers array items', () => {
    expect(formatReply([])).toBe('(empty array)');
    expect(formatReply(['a', null, 3])).toBe('1) "a"\n2) (nil)\n3) (integer) 3');
  });

  it('indents nested arrays under their index', () => {
    expect(formatReply(['0', ['k1', 'k2']])).toBe('1) "0"\n2) 1) "k1"\n   2) "k2"');
    expect(formatReply([[['a', 'b']], 'c'])).toBe('1) 1) 1) "a"\n      2) "b"\n2) "c"');
    expect(formatReply([[], 'x'])).toBe('1) (empty array)\n2) "x"');
  });

  it('right-aligns indexes to the widest one and indents nested arrays past it', () => {
    const items = Array.from({ length: 10 }, (_, i) => String(i));
    const lines = formatReply([...items, ['x', 'y']]).split('\n');
    expect(lines[0]).toBe(' 1) "0"');
    expect(lines[9]).toBe('10) "9"');
    expect(lines[10]).toBe('11) 1) "x"');
    expect(lines[11]).toBe('    2) "y"');
  });
});

describe('formatReplyHead', () => {
  // Strings of any code units, lone surrogates and pairs among them, and the other reply shapes.
  const replies = fc.letrec<{ reply: RedisReply }>((tie) => ({
    reply: fc.oneof(
      { depthSize: 'small' },
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('a', '"', '\n', '\ud83d', '\ude00', 'é'), maxLength: 40 }),
      fc.integer(),
      fc.constant(null),
      fc.record({ status: fc.string({ maxLength: 20 }) }),
      fc.record({ error: fc.string({ maxLength: 20 }) }),
      fc.array(tie('reply'), { maxLength: 12 }),
    ),
  })).reply;

  it('is the whole reply up to the limit, else a prefix of it longer than the limit', () => {
    fc.assert(
      fc.property(replies, fc.integer({ min: 0, max: 80 }), (reply, limit) => {
        const whole = formatReply(reply);
        const head = formatReplyHead(reply, limit);
        expect(whole.startsWith(head)).toBe(true);
        if (whole.length <= limit) expect(head).toBe(whole);
        else expect(head.length).toBeGreaterThan(limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats a huge reply only as far as it is shown', () => {
    const items = Array.from({ length: 60_000 }, (_, i) => `item-${i}`.repeat(3));
    const head = formatReplyHead(items, 60);
    expect(formatReply(items).startsWith(head)).toBe(true);
    // The items up to the one that passes sixty characters: three lines, not 60,000.
    expect(head.split('\n')).toHaveLength(3);
    // A pair cut by the limit is kept whole: its bytes, not U+FFFD's.
    expect(formatReplyHead('ab\u{1F600}cd', 3)).toBe(String.raw`"ab\xf0\x9f\x98\x80`);
    // A lone high half before a pair is cut after itself, not with the pair's high half.
    expect(formatReplyHead(['\ud83d\u{1F600}'], 0)).toBe('1) "\\xef\\xbf\\xbd');
  });
});

describe('toRedisReply', () => {
  it('makes status replies from the commands that answer with one', () => {
    expect(toRedisReply('SET', 'OK')).toEqual(status('OK'));
    expect(toRedisReply('mset', 'OK')).toEqual(status('OK'));
    expect(toRedisReply('FLUSHALL', 'OK')).toEqual(status('OK'));
    expect(toRedisReply('type', 'string')).toEqual(status('string'));
    expect(toRedisReply('PING', 'PONG')).toEqual(status('PONG'));
  });

  it('keeps bulk strings bulk, including SET ... GET and PING <message>', () => {
    expect(toRedisReply('SET', 'old value')).toBe('old value');
    expect(toRedisReply('PING', 'hello')).toBe('hello');
    expect(toRedisReply('GET', 'OK')).toBe('OK');
    expect(formatReply(toRedisReply('GET', 'OK'))).toBe('"OK"');
  });

  it('prints INFO raw, as redis-cli does', () => {
    expect(formatReply(toRedisReply('INFO', '# Server\r\nredis_version:7.2.4\r\n'))).toBe(
      '# Server\r\nredis_version:7.2.4\r\n',
    );
  });

  it('converts integers, nil and arrays', () => {
    expect(toRedisReply('TTL', -1)).toBe(-1);
    expect(toRedisReply('GET', null)).toBeNull();
    expect(toRedisReply('GET', undefined)).toBeNull();
    expect(toRedisReply('SET', null)).toBeNull();
    expect(toRedisReply('SCAN', ['0', ['a', 'b']])).toEqual(['0', ['a', 'b']]);
    expect(toRedisReply('MGET', ['v', null])).toEqual(['v', null]);
  });

  it('flattens the HGETALL object into field, value pairs', () => {
    expect(toRedisReply('hgetall', { name: 'Ada', age: '36' })).toEqual([
      'name',
      'Ada',
      'age',
      '36',
    ]);
    expect(toRedisReply('HGETALL', {})).toEqual([]);
  });

  it('turns byte arrays and other values into strings', () => {
    expect(toRedisReply('GET', Buffer.from('café'))).toBe('café');
    expect(toRedisReply('GET', new Uint8Array([0x68, 0x69]))).toBe('hi');
    expect(toRedisReply('GET', 1.5)).toBe('1.5');
    expect(toRedisReply('GET', true)).toBe('true');
  });

  it('turns thrown errors into error replies with a Redis error code', () => {
    expect(toRedisReply('SET', new Error('ERR syntax error'))).toEqual({
      error: 'ERR syntax error',
    });
    expect(toRedisReply('GET', new Error('WRONGTYPE Operation against a key'))).toEqual({
      error: 'WRONGTYPE Operation against a key',
    });
    expect(
      toRedisReply('SET', new Error('XX and NX options at the same time are not compatible')),
    ).toEqual({ error: 'ERR XX and NX options at the same time are not compatible' });
    expect(toRedisReply('GET', new Error('Connection is closed.'))).toEqual({
      error: 'ERR Connection is closed.',
    });
    expect(toRedisReply('LPUSH', new Error('Key user:1 does not contain a list'))).toEqual({
      error: 'WRONGTYPE Operation against a key holding the wrong kind of value',
    });
  });
});

describe('formatMonitorLine', () => {
  it('prints the example from the brief', () => {
    expect(formatMonitorLine(3600000.25, 0, 'actor:A', ['GET', 'user:123'])).toBe(
      '3600.000250 [0 actor:A] "GET" "user:123"',
    );
  });

  it('prints seconds with six decimals, rounded to the microsecond', () => {
    const time = (ms: number) => formatMonitorLine(ms, 0, 'c', ['PING']).split(' ')[0];
    expect(time(0)).toBe('0.000000');
    expect(time(1.001)).toBe('0.001001'); // 1000.9999999999999 µs in floating point
    expect(time(1234.5678)).toBe('1.234568');
    expect(time(1234.5674)).toBe('1.234567');
    expect(time(59999.9999996)).toBe('60.000000');
  });

  it('prints the db and client label as given', () => {
    expect(formatMonitorLine(0, 3, '127.0.0.1:5000', ['PING'])).toBe(
      '0.000000 [3 127.0.0.1:5000] "PING"',
    );
  });

  it('quotes arguments with Redis escaping', () => {
    expect(formatMonitorLine(0, 0, 'c', ['SET', 'k', 'a b"c\\\n\r\t\x07\b\x00é'])).toBe(
      String.raw`0.000000 [0 c] "SET" "k" "a b\"c\\\n\r\t\a\b\x00\xc3\xa9"`,
    );
  });
});

describe('round trip', () => {
  const prefix = formatMonitorLine(0, 0, 'c', []);
  const quoted = (args: string[]) => formatMonitorLine(0, 0, 'c', args).slice(prefix.length);

  it('parses monitor-quoted arguments back to the same argv', () => {
    for (const unit of ['binary', 'binary-ascii', 'grapheme'] as const) {
      fc.assert(
        fc.property(fc.array(fc.string({ unit })), (args) => {
          expect(parseCommandLine(quoted(args))).toEqual({ argv: args });
        }),
      );
    }
  });

  it("never throws, and only ever fails with redis-cli's message", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', 'x', '4', '\t') }),
        (line) => {
          const result = parseCommandLine(line);
          if ('error' in result) expect(result).toEqual(INVALID);
          else expect(Array.isArray(result.argv)).toBe(true);
        },
      ),
    );
  });
});
