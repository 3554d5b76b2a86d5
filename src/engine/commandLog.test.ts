// Who stored what a key holds, by the command log: never a command whose copy went before the
// one asked about was stored.
import { describe, expect, it } from 'vitest';
import { storedBy, wasEvictedAfterStoring, type CacheLogEntry } from './commandLog';

let seq = 0;
const line = (actor: string, argv: string[], reply: unknown): CacheLogEntry => ({
  seq: ++seq,
  timeMs: seq,
  order: seq,
  actor,
  argv,
  reply,
  reachedServer: true,
});
const ROW = '{"id":1,"version":1}';

describe('storedBy', () => {
  it('names the last command that stored the value at the key, a script by the keys it changed', () => {
    expect(storedBy([line('B', ['SET', 'user:1', ROW], 'OK')], 'user:1', ROW)).toEqual({
      actor: 'B',
      command: 'SET',
    });
    const script = {
      ...line('B', ['EVAL', 'return 1', '1', 'user:1', ROW], 1),
      changed: ['user:1'],
    };
    expect(storedBy([script], 'user:1', ROW)).toEqual({
      actor: 'B',
      command: 'EVAL',
      isScript: true,
    });
  });

  it('names no storer older than a DEL, UNLINK, GETDEL, flush, RENAME away or MSET of the key', () => {
    for (const removal of [
      ['DEL', 'user:1'],
      ['UNLINK', 'other', 'user:1'],
      ['GETDEL', 'user:1'],
      ['FLUSHALL'],
      ['RENAME', 'user:1', 'elsewhere'],
      // Not told, and newer than B's SET.
      ['MSET', 'a', 'x', 'user:1', ROW],
    ])
      expect(
        storedBy(
          [line('B', ['SET', 'user:1', ROW], 'OK'), line('console', removal, 'OK')],
          'user:1',
          ROW,
        ),
        removal.join(' '),
      ).toBeUndefined();
  });

  it('names RENAME or COPY that put the value at the key', () => {
    for (const [argv, reply] of [
      [['RENAME', 'tmp', 'user:1'], 'OK'],
      [['RENAME', 'tmp', 'user:1'], { status: 'OK' }],
      [['RENAMENX', 'tmp', 'user:1'], 1],
      [['COPY', 'tmp', 'user:1'], 1],
    ] as const)
      expect(
        storedBy(
          [
            line('B', ['SET', 'user:1', ROW], 'OK'),
            line('console', ['DEL', 'user:1'], 1),
            line('console', ['SET', 'tmp', ROW], 'OK'),
            line('console', [...argv], reply),
          ],
          'user:1',
          ROW,
        ),
        argv.join(' '),
      ).toEqual({ actor: 'console', command: argv[0] });
  });

  it('a COPY from the key or a refused RENAMENX to it leaves the earlier storer', () => {
    for (const [argv, reply] of [
      [['COPY', 'user:1', 'tmp'], 1],
      [['RENAMENX', 'tmp', 'user:1'], 0],
    ] as const)
      expect(
        storedBy(
          [line('B', ['SET', 'user:1', ROW], 'OK'), line('console', [...argv], reply)],
          'user:1',
          ROW,
        ),
      ).toEqual({ actor: 'B', command: 'SET' });
  });
});

describe('wasEvictedAfterStoring', () => {
  const lease = (actor: string, token: string) =>
    line(actor, ['SET', 'lease:user:1', token, 'NX', 'PX', '10000'], 'OK');
  const evict = (key: string) => ({ ...line('evict', ['DEL', key], 1), isEviction: true });

  it('is true when the eviction of the key came after the token was stored, with nothing between', () => {
    const log = [
      lease('A', 'A-1'),
      line('B', ['GET', 'lease:user:1'], 'A-1'),
      evict('lease:user:1'),
    ];
    expect(wasEvictedAfterStoring(log, 'lease:user:1', 'A-1')).toBe(true);
  });

  it('is false when a command removed the token first, or another token was stored before the eviction', () => {
    const del = line('W', ['DEL', 'user:1', 'lease:user:1'], 1);
    expect(
      wasEvictedAfterStoring(
        [lease('A', 'A-1'), del, lease('C', 'C-2'), evict('lease:user:1')],
        'lease:user:1',
        'A-1',
      ),
    ).toBe(false);
    expect(
      wasEvictedAfterStoring(
        [lease('A', 'A-1'), line('console', ['FLUSHALL'], 'OK')],
        'lease:user:1',
        'A-1',
      ),
    ).toBe(false);
    // Another key's eviction, or a log that no longer holds the SET, says nothing of this one.
    expect(wasEvictedAfterStoring([lease('A', 'A-1'), evict('x')], 'lease:user:1', 'A-1')).toBe(
      false,
    );
    expect(wasEvictedAfterStoring([evict('lease:user:1')], 'lease:user:1', 'A-1')).toBe(false);
  });
});
