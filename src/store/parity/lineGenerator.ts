// Seeded random console lines for the differential test: every command the console accepts
// (except the console's own HELP, COMMAND and INFO), names and options in either letter case,
// keys of the wrong type, wrong arity, odd numbers, glob patterns, quoting and UTF-8, control
// bytes, keys with quotes and backslashes, and option words a NUL byte ends.
//
// Times are chosen so the real server and the sandbox agree whatever their clocks: relative
// TTLs of at least 100 s (the test takes seconds), absolute times well in the past or far in
// the future, and 64-bit edges far from the point where the two clocks would disagree.

import { Rng } from '../../engine/rng';

// `constructor` and `toString`: every JavaScript object has them, the mock's keyspace included.
const KEYS = [
  'k',
  'K',
  'n',
  'h',
  'l',
  's',
  'user:1',
  'é',
  'a b',
  'x*y',
  'a?c',
  '[x]',
  '',
  'constructor',
  'toString',
  '"q"',
  "it's",
  'a\\b',
];
const VALUES = [
  'v',
  '',
  '1',
  '-1',
  '0',
  ' 1',
  '1 ',
  '1e3',
  '3.5',
  '+1',
  '007',
  '-0',
  '9223372036854775807',
  '9223372036854775806',
  '-9223372036854775808',
  '-9223372036854775807',
  '9223372036854775808',
  '4611686018427387904',
  'abc',
  'é',
  '日本語',
  'a\nb',
  'tab\there',
  'OK',
  'PONG',
  '😀',
  '"quoted"',
  "it's",
  'back\\slash',
  '{"id":1,"version":3}',
  'cr\rlf\n',
  '\x07\b',
  'nul\x00byte',
  '\x7f\x1b',
  'v\vf\f',
  'inf',
  'nan',
  '0x10',
  '123456789012345678901234567890',
];
const INTEGERS = [
  '0',
  '1',
  '-1',
  '2',
  '10',
  '-100',
  ' 1',
  '1e3',
  '3.5',
  '+5',
  '007',
  '-0',
  '',
  'abc',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '-9223372036854775809',
  '4611686018427387904',
  '-4611686018427387905',
  '9007199254740993',
  '0x10',
  '1e400',
  'inf',
  '+1',
  '1 ',
  '00',
  '-',
  '123456789012345678901234567890',
  '1\x00',
];
/** INCRBYFLOAT increments: decimals a double cannot hold, exponents, hex, the edges of range. */
const FLOATS = [
  '0.1',
  '-0.1',
  '1',
  '1.5',
  '0.3',
  '-0',
  '1e20',
  '-1e20',
  '1e-20',
  '3.0000000000000000001',
  '.5',
  '5.',
  '+2',
  '1E3',
  '0x10',
  '0x1.8p1',
  '1e4931',
  '-1e4931',
  '1e-4940',
  '1e5000',
  '1e-5000',
  'inf',
  '-Infinity',
  'nan',
  '',
  ' 1',
  '1 ',
  '1e',
  '0x',
  'abc',
  '1\x00',
  '123456789012345678901234567890',
];
/** Seconds: at least 100 when positive, so nothing expires during the run. */
const SECONDS = [
  '100',
  '1000',
  '3600',
  '86400',
  '0',
  '-1',
  '-100',
  '1e3',
  ' 100',
  '3.5',
  'abc',
  '9223372036854775',
  '9223372036854776',
  '-9223372036854775',
  '-9223372036854776',
  '9223372036854775807',
  '-9223372036854775808',
  '4000000000000000',
  '+100',
  '0x100',
  '100\x00',
];
/** Milliseconds: at least 100,000 when positive. */
const MILLISECONDS = [
  '100000',
  '3600000',
  '0',
  '-1',
  '-100000',
  '1e6',
  '3.5',
  '9223372036854775807',
  '9223372036854775806',
  '9223362036854775807',
  '-9223372036854775808',
  '4611686018427387904',
];
/** Unix seconds: long past or far future for both clocks. */
const UNIX_SECONDS = ['1', '1000', '1700000000', '4102444800', '9999999999', '0', '-1', 'x'];
const UNIX_MS = ['1', '1700000000000', '4102444800000', '9223372036854775807', '0', '-5', '1.5'];
const GLOB_PARTS = [
  'a',
  'k',
  'x',
  'y',
  'c',
  'é',
  ':',
  '1',
  ' ',
  '*',
  '?',
  '[',
  ']',
  '^',
  '-',
  '\\',
];
const GLOBS = [
  '*',
  '?',
  'k*',
  '*a*',
  '[a-z]',
  '[^h]*',
  '\\*',
  'x\\*y',
  'a?c',
  '[',
  '[a',
  '[]',
  '[a-é]',
  '[^é-z]*',
];
const TYPES = ['string', 'STRING', 'hash', 'list', 'set', 'zset', 'none', 'foo'];

/** The escapes redis-cli reads inside double quotes, besides `\"`, `\\` and `\xHH`. */
const ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x07': '\\a',
  '\b': '\\b',
};

const isControl = (c: string): boolean => c.charCodeAt(0) < 0x20 || c === '\x7f';
/** A character redis-cli keeps as it is in a bare word. */
const isPlain = (c: string): boolean => !/[\s"'\\]/.test(c) && !isControl(c);

/** One console command: the generator's intent, before it is quoted into a line. */
export interface GeneratedCommand {
  argv: string[];
}

export class LineGenerator {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)];
  }
  private chance(p: number): boolean {
    return this.rng.next() < p;
  }
  /** Each ASCII letter in either case, as Redis compares names and options case-insensitively. */
  private anyCase(word: string): string {
    if (this.chance(0.5)) return this.chance(0.5) ? word.toUpperCase() : word.toLowerCase();
    return [...word].map((c) => (this.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
  }
  /**
   * An option word in either case; now and then followed by a NUL byte and more, which Redis'
   * C comparisons do not read (`"NX\x00junk"` is NX).
   */
  private option(word: string): string {
    const w = this.anyCase(word);
    return this.chance(0.03) ? `${w}\x00${this.pick(['', 'x', 'NX', ' '])}` : w;
  }
  private key = () => this.pick(KEYS);
  private value = () => (this.chance(0.1) ? this.pick(KEYS) : this.pick(VALUES));
  private glob(): string {
    if (this.chance(0.5)) return this.pick(GLOBS);
    const n = this.rng.int(7);
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(GLOB_PARTS);
    return s;
  }
  private some<T>(make: () => T, min: number, max: number): T[] {
    const n = min + this.rng.int(max - min + 1);
    return Array.from({ length: n }, make);
  }

  private timeOption(): string[] {
    const unit = this.pick(['EX', 'PX', 'EXAT', 'PXAT']);
    const amount =
      unit === 'EX'
        ? this.pick(SECONDS)
        : unit === 'PX'
          ? this.pick(MILLISECONDS)
          : unit === 'EXAT'
            ? this.pick(UNIX_SECONDS)
            : this.pick(UNIX_MS);
    return this.chance(0.03) ? [this.option(unit)] : [this.option(unit), amount];
  }

  private setOptions(): string[] {
    const out: string[] = [];
    for (let n = this.rng.int(4); n > 0; n--) {
      const r = this.rng.next();
      if (r < 0.4) out.push(...this.timeOption());
      else out.push(this.option(this.pick(['NX', 'XX', 'GET', 'KEEPTTL', 'PERSIST', 'FOO'])));
    }
    return out;
  }

  private getexOptions(): string[] {
    if (this.chance(0.3)) return [];
    if (this.chance(0.7)) return this.timeOption();
    return this.some(() => this.option(this.pick(['PERSIST', 'KEEPTTL', 'NX', 'EX'])), 1, 2);
  }

  private scanArgs(): string[] {
    const cursor = this.chance(0.9)
      ? '0'
      : this.pick(['x', '1.5', '18446744073709551616', '', ' 0', '0\x00x', '\x00']);
    const out = [cursor];
    for (let n = this.rng.int(4); n > 0; n--) {
      const opt = this.pick(['MATCH', 'COUNT', 'TYPE', 'LIMIT']);
      const arg =
        opt === 'MATCH'
          ? this.glob()
          : opt === 'COUNT'
            ? this.pick(['1', '2', '5', '10', '1000', '0', '-1', 'x'])
            : opt === 'TYPE'
              ? this.option(this.pick(TYPES))
              : this.pick(TYPES);
      out.push(this.option(opt));
      if (!this.chance(0.03)) out.push(arg);
    }
    return out;
  }

  /** Arguments after the name, well-formed most of the time. */
  private argsFor(name: string): string[] {
    const k = this.key;
    switch (name) {
      case 'GET':
      case 'TTL':
      case 'PTTL':
      case 'PERSIST':
      case 'INCR':
      case 'DECR':
      case 'GETDEL':
      case 'STRLEN':
      case 'TYPE':
      case 'HGETALL':
      case 'SMEMBERS':
      case 'EXPIRETIME':
      case 'PEXPIRETIME':
      case 'HLEN':
      case 'LLEN':
      case 'SCARD':
        return [k()];
      case 'LPOP':
      case 'RPOP':
        return this.chance(0.5)
          ? [k()]
          : [k(), this.pick(['0', '1', '2', '10', '-1', 'x', '1.5', '9223372036854775807'])];
      case 'RENAME':
      case 'RENAMENX':
        return [k(), k()];
      case 'COPY':
        // DB 1 to 15 are other databases, which the console refuses (redisCommands.test.ts).
        return [
          k(),
          k(),
          ...this.some(
            () =>
              this.pick([
                [this.option('REPLACE')],
                [this.option('DB'), this.pick(['0', '16', '-1', 'x', '2147483648', '00'])],
                [this.option('DB')],
                ['FOO'],
              ]),
            0,
            2,
          ).flat(),
        ];
      case 'HEXISTS':
        return [k(), this.pick(['f', 'g', 'é', '1', 'zz'])];
      case 'HMGET':
        return [k(), ...this.some(() => this.pick(['f', 'g', 'é', '1', 'zz']), 1, 3)];
      case 'SISMEMBER':
        return [k(), this.value()];
      case 'SMISMEMBER':
        return [k(), ...this.some(this.value, 1, 3)];
      case 'SINTER':
      case 'SUNION':
      case 'SDIFF':
        return this.some(k, 1, 3);
      case 'SINTERSTORE':
      case 'SUNIONSTORE':
      case 'SDIFFSTORE':
        return [k(), ...this.some(k, 1, 3)];
      case 'SINTERCARD': {
        const keys = this.some(k, 1, 3);
        return [
          this.pick([String(keys.length), String(keys.length), '0', '4', 'x']),
          ...keys,
          ...(this.chance(0.5)
            ? [this.option(this.pick(['LIMIT', 'FOO'])), this.pick(['0', '1', '2', '-1', 'x'])]
            : []),
        ];
      }
      case 'SMOVE':
        return [k(), k(), this.value()];
      case 'SREM':
        return [k(), ...this.some(this.value, 1, 3)];
      case 'SET':
        return [k(), this.value(), ...this.setOptions()];
      case 'DEL':
      case 'UNLINK':
      case 'EXISTS':
      case 'MGET':
        return this.some(k, 1, 4);
      case 'EXPIRE':
      case 'PEXPIRE':
      case 'EXPIREAT':
      case 'PEXPIREAT': {
        const amount =
          name === 'EXPIRE'
            ? this.pick(SECONDS)
            : name === 'PEXPIRE'
              ? this.pick(MILLISECONDS)
              : name === 'EXPIREAT'
                ? this.pick(UNIX_SECONDS)
                : this.pick(UNIX_MS);
        const flags = this.some(
          () => this.option(this.pick(['NX', 'XX', 'GT', 'LT', 'FOO'])),
          0,
          2,
        );
        return [k(), amount, ...flags];
      }
      case 'KEYS':
        return [this.glob()];
      case 'SCAN':
        return this.scanArgs();
      case 'DBSIZE':
        return [];
      case 'FLUSHALL':
      case 'FLUSHDB':
        return this.chance(0.5) ? [] : [this.option(this.pick(['ASYNC', 'SYNC', 'NOW']))];
      case 'INCRBY':
      case 'DECRBY':
        return [k(), this.pick(INTEGERS)];
      case 'MSET':
      case 'MSETNX':
        return this.some(() => [k(), this.value()], 1, 3).flat();
      case 'GETSET':
        return [k(), this.value()];
      case 'GETRANGE':
      case 'SUBSTR':
        return [k(), this.pick(INTEGERS), this.pick(INTEGERS)];
      case 'INCRBYFLOAT':
        return [k(), this.chance(0.2) ? this.value() : this.pick(FLOATS)];
      case 'SETRANGE':
        // Offsets a value of 1 MiB in all can reach (the console's limit, Redis' is 512 MB).
        return [
          k(),
          this.pick(['0', '1', '2', '3', '5', '10', '-1', 'x', '1.5', ' 1', '']),
          this.value(),
        ];
      case 'LCS':
        return [
          k(),
          k(),
          ...this.some(
            () => this.option(this.pick(['LEN', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', 'FOO'])),
            0,
            3,
          ),
          ...(this.chance(0.5) ? [this.pick(['0', '1', '2', '-1', 'x'])] : []),
        ];
      case 'LINSERT':
        return [
          k(),
          this.option(this.pick(['BEFORE', 'AFTER', 'MIDDLE'])),
          this.value(),
          this.value(),
        ];
      case 'SETNX':
      case 'APPEND':
        return [k(), this.value()];
      case 'SETEX':
        return [k(), this.pick(SECONDS), this.value()];
      case 'PSETEX':
        return [k(), this.pick(MILLISECONDS), this.value()];
      case 'GETEX':
        return [k(), ...this.getexOptions()];
      case 'HSET':
      case 'HMSET':
        return [
          k(),
          ...this.some(() => [this.pick(['f', 'g', 'é', '1']), this.value()], 1, 3).flat(),
        ];
      case 'HGET':
      case 'HSTRLEN':
        return [k(), this.pick(['f', 'g', 'é', '1', 'zz'])];
      case 'HSETNX':
        return [k(), this.pick(['f', 'g', 'é', '1', 'zz']), this.value()];
      case 'HINCRBY':
        return [k(), this.pick(['f', 'g', '1', 'zz']), this.pick(INTEGERS)];
      case 'HINCRBYFLOAT':
        return [
          k(),
          this.pick(['f', 'g', '1', 'zz']),
          this.chance(0.2) ? this.value() : this.pick(FLOATS),
        ];
      case 'HDEL':
        return [k(), ...this.some(() => this.pick(['f', 'g', 'é', 'zz']), 1, 3)];
      case 'LINDEX':
        return [k(), this.pick(INTEGERS)];
      case 'LSET':
      case 'LREM':
        return [k(), this.pick(INTEGERS), this.value()];
      case 'LPOS':
        return [
          k(),
          this.value(),
          ...this.some(
            () => [
              this.option(this.pick(['RANK', 'COUNT', 'MAXLEN', 'FOO'])),
              this.pick(['1', '2', '-1', '0', 'x']),
            ],
            0,
            2,
          ).flat(),
        ];
      case 'LMOVE':
        return [
          k(),
          k(),
          this.option(this.pick(['LEFT', 'RIGHT', 'MIDDLE'])),
          this.option(this.pick(['LEFT', 'RIGHT'])),
        ];
      case 'RPOPLPUSH':
        return [k(), k()];
      case 'LPUSHX':
      case 'RPUSHX':
      case 'LPUSH':
      case 'RPUSH':
      case 'SADD':
        return [k(), ...this.some(this.value, 1, 4)];
      case 'LRANGE':
      case 'LTRIM':
        return [k(), this.pick(INTEGERS), this.pick(INTEGERS)];
      case 'PING':
        return this.chance(0.5) ? [] : [this.value()];
      case 'CONFIG':
        // Only the parameters the console answers (redisCommands.test.ts has the refusals).
        return this.chance(0.1)
          ? [this.anyCase('GET')]
          : [
              this.anyCase('GET'),
              ...this.some(
                () => this.anyCase(this.pick(['maxmemory-policy', 'maxmemory-samples'])),
                1,
                2,
              ),
            ];
      case 'TOUCH':
        return this.some(k, 1, 4);
      case 'WAIT':
        // Not 1 or more replicas: refused here (it would block), compared apart.
        return [
          this.pick(['0', '-1', '-0', 'x', ' 0', '9223372036854775808']),
          this.pick(['0', '10', '-1', '1.5', 'x', '9223372036854775807']),
        ];
      case 'OBJECT':
        // Not IDLETIME: without Max keys the console refuses its value (compared apart).
        return [this.anyCase(this.pick(['FREQ', 'nosuch'])), k()];
      case 'MOVE':
        // Not 1 to 15 either, nor for SWAPDB two different ones (refused here, compared apart).
        return [k(), this.pick(['0', '00', '-0', ' 0', '0\x00x', 'x', '16', '-1', '2147483648'])];
      case 'SWAPDB': {
        const dbs = ['0', '00', '-0', ' 0', 'x', '16', '-1', '2147483648', '0\x00x'];
        return this.chance(0.5) ? ['0', '0'] : [this.pick(dbs), this.pick(dbs)];
      }
      case 'SELECT':
        // Not 1 to 15: the console refuses another database (redisCommands.test.ts).
        return [this.pick(['0', '00', '-0', ' 0', '0\x00x', 'x', '16', '-1', '2147483648'])];
      case 'ECHO':
        return [this.value()];
      default:
        return this.some(this.value, 0, 2);
    }
  }

  /** The next command: mostly well-formed, sometimes with an argument too few or too many. */
  next(commands: readonly string[]): GeneratedCommand {
    const known = this.chance(0.98);
    const name = known
      ? this.pick(commands)
      : this.pick(['FOO', 'GETT', 'HGETX', 'SETT', 'é', 'GET\x00', 'PING ', 'a b']);
    const args = this.argsFor(name);
    const r = this.rng.next();
    if (r < 0.04 && args.length > 0) args.pop();
    else if (r < 0.08) args.push(this.value());
    return { argv: [this.anyCase(name), ...args] };
  }

  /** Quotes argv into a redis-cli line: bare words, double or single quotes, `\xHH` escapes. */
  quote(argv: readonly string[]): string {
    return argv.map((a) => this.quoteOne(a)).join(this.chance(0.1) ? '  ' : ' ');
  }

  /**
   * One argument as a person might type it: bare, single-quoted (`\'` for a quote), a quote
   * that starts mid-word (`ab"c d"`), or double-quoted with escapes (`\n`, `\a`, `\xHH` for
   * control bytes, for non-ASCII bytes half the time and now and then for plain ASCII).
   */
  private quoteOne(arg: string): string {
    const isBare = arg !== '' && Array.from(arg).every(isPlain);
    const r = this.rng.next();
    if (isBare && r < 0.6) return arg;
    if (r < 0.68) {
      const chars = Array.from(arg);
      const plain = chars.findIndex((c) => !isPlain(c));
      const length = plain < 0 ? chars.length : plain;
      if (length > 0) {
        const cut = chars.slice(0, 1 + this.rng.int(length)).join('').length;
        return arg.slice(0, cut) + this.doubleQuoted(arg.slice(cut));
      }
    }
    if (!arg.includes('\\') && !Array.from(arg).some(isControl) && r < 0.8)
      return `'${arg.replace(/'/g, "\\'")}'`;
    return this.doubleQuoted(arg);
  }

  private doubleQuoted(arg: string): string {
    let out = '"';
    for (const ch of arg) {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === '"' || ch === '\\') out += `\\${ch}`;
      else if (ch in ESCAPES) out += ESCAPES[ch];
      else if (code < 0x20 || code === 0x7f || this.chance(code > 0x7f ? 0.5 : 0.03))
        out += [...new TextEncoder().encode(ch)]
          .map((b) => `\\x${b.toString(16).padStart(2, '0')}`)
          .join('');
      else out += ch;
    }
    return out + '"';
  }
}
