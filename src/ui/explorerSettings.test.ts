import { describe, expect, it } from 'vitest';
import {
  countPhrase,
  doneSinceWords,
  exploredUnder,
  exploredUnderShort,
  exploredWithYours,
  leftBasisWords,
} from './explorerSettings';
import type { RunCut } from '../store/sandboxState';

const app = { writePolicy: 'delete-first', readMitigation: 'lease', invalidation: 'app' } as const;
const cdc = (readMitigation: 'none' | 'lease' | 'versioned-fill' | 'single-flight') =>
  ({ writePolicy: 'delete-first', readMitigation, invalidation: 'cdc' }) as const;
const LOG = 'invalidation from the change log (the cdc consumer polls it, waits out its lag and';

describe('what an exploration ran under', () => {
  it('names cache-aside by its write policy and read mitigation', () => {
    expect(exploredUnder('cache-aside', app)).toBe('delete-first and read mitigation lease');
    expect(exploredUnderShort('cache-aside', app)).toBe('delete-first / lease');
  });

  it('names another pattern, and leaves out the read mitigation its reads do not use', () => {
    expect(exploredUnder('read-through', app)).toBe(
      'the read-through pattern with write policy delete-first',
    );
    expect(exploredUnder('refresh-ahead', app)).toBe(
      'the refresh-ahead pattern with write policy delete-first',
    );
    expect(exploredUnderShort('refresh-ahead', app)).toBe('refresh-ahead / delete-first');
  });

  it('leaves out the write policy where the pattern writes its own way', () => {
    expect(exploredUnder('write-through', app)).toBe('the write-through pattern');
    expect(exploredUnder('write-behind', app)).toBe('the write-behind pattern');
    expect(exploredUnderShort('write-behind', app)).toBe('write-behind');
  });

  it('under cdc says what the consumer sends, which the read mitigation decides whatever the pattern', () => {
    expect(exploredUnder('cache-aside', cdc('none'))).toBe(
      `${LOG} DELs the key) and read mitigation none`,
    );
    expect(exploredUnder('read-through', cdc('versioned-fill'))).toBe(
      `the read-through pattern with ${LOG} leaves a tombstone of the new version (EVAL)), as read mitigation versioned-fill has it`,
    );
    expect(exploredUnder('write-through', cdc('lease'))).toBe(
      `the write-through pattern writing its own way, plus ${LOG} DELs the key and its lease), as read mitigation lease has it`,
    );
    // Before: "as read mitigation single-flight has it", as if it took part.
    expect(exploredUnder('read-through', cdc('single-flight'))).toBe(
      `the read-through pattern with ${LOG} DELs the key); read mitigation single-flight takes no part (the consumer sends what it sends for none)`,
    );
    // The cost table's rows for one pattern differ by what the consumer did.
    expect(exploredUnderShort('cache-aside', cdc('lease'))).toBe(
      'change-log consumer (cdc) / lease',
    );
    expect(exploredUnderShort('read-through', cdc('none'))).toBe(
      'read-through / change-log consumer (cdc) / none',
    );
    expect(exploredUnderShort('read-through', cdc('versioned-fill'))).toBe(
      'read-through / change-log consumer (cdc) / versioned-fill',
    );
    // Before: ".../ single-flight", beside the long line's "takes no part".
    expect(exploredUnderShort('read-through', cdc('single-flight'))).toBe(
      'read-through / change-log consumer (cdc)',
    );
  });
});

describe('a cost row with the learner’s code', () => {
  it('names your path and leaves out the setting only ours act on', () => {
    const read = { read: true, write: false };
    const write = { read: false, write: true };
    expect(exploredUnderShort('cache-aside', app, read)).toBe('delete-first / your read path');
    expect(exploredUnderShort('cache-aside', app, write)).toBe('your write path / lease');
    expect(exploredUnderShort('cache-aside', app, { read: true, write: true })).toBe(
      'your write path / your read path',
    );
    // Under cdc the consumer is ours whoever reads: the mitigation still decides what it sends.
    expect(exploredUnderShort('cache-aside', cdc('lease'), read)).toBe(
      'change-log consumer (cdc) / your read path / lease',
    );
    // Single-flight is idle where your read path reads (the sandbox's control says so).
    expect(exploredUnderShort('cache-aside', cdc('single-flight'), read)).toBe(
      'change-log consumer (cdc) / your read path',
    );
    expect(exploredUnderShort('cache-aside', cdc('single-flight'))).toBe(
      'change-log consumer (cdc) / single-flight',
    );
  });
});

describe('what an exploration ran with the learner’s code', () => {
  const both = { read: true, write: true };
  it('names only your paths when both are yours: the pattern’s and the policies’ programs did not run', () => {
    expect(exploredWithYours('write-through', app, both)).toBe('your read and write paths');
    expect(exploredWithYours('cache-aside', app, both)).toBe('your read and write paths');
  });

  it('names our other path with the settings it ran under', () => {
    expect(exploredWithYours('cache-aside', app, { read: true, write: false })).toBe(
      'your read path and our write path (delete-first)',
    );
    expect(exploredWithYours('cache-aside', app, { read: false, write: true })).toBe(
      'our read path (read mitigation lease) and your write path',
    );
    expect(exploredWithYours('write-through', app, { read: true, write: false })).toBe(
      "your read path and the write-through pattern's write path",
    );
  });

  it('keeps the change log’s consumer, which is ours either way', () => {
    expect(exploredWithYours('cache-aside', cdc('none'), { read: true, write: false })).toMatch(
      /^your read path and our write path \(its UPDATE alone\), with invalidation from the change log/,
    );
    expect(exploredWithYours('cache-aside', cdc('none'), both)).toContain(LOG);
  });
});

describe('the change log consumer as the settings have it', () => {
  it('says it drops every invalidation when Dropped is 1, and names chances under 1', () => {
    // Before, the caption said the consumer "DELs the key" when it dropped every change.
    expect(exploredUnder('cache-aside', cdc('none'), { cdcReorder: 0, cdcLoss: 1 })).toBe(
      'invalidation from the change log (the cdc consumer polls it and drops every invalidation: Dropped is 1) and read mitigation none',
    );
    expect(exploredUnder('cache-aside', cdc('lease'), { cdcReorder: 0.25, cdcLoss: 0.5 })).toBe(
      `${LOG} DELs the key and its lease; it holds back 25% of invalidations and drops 50%) and read mitigation lease`,
    );
    expect(exploredUnder('cache-aside', cdc('none'), { cdcReorder: 0, cdcLoss: 0 })).toBe(
      `${LOG} DELs the key) and read mitigation none`,
    );
    expect(
      exploredWithYours(
        'cache-aside',
        cdc('none'),
        { read: true, write: false },
        {
          cdcReorder: 0,
          cdcLoss: 1,
        },
      ),
    ).toBe(
      'your read path and our write path (its UPDATE alone), with invalidation from the change log (the cdc consumer polls it and drops every invalidation: Dropped is 1)',
    );
  });
});

describe('a count of interleavings in words', () => {
  it('writes a count past 2^53 as a power of ten, said to be rounded, never as made-up digits', () => {
    // Before: "21,539,545,909,633,130,000,000,000,...": 275 digits, the last 258 of them zeros a
    // double cannot hold, under a sentence saying the count was exact.
    expect(countPhrase(10, true)).toBe('10');
    expect(countPhrase(1234, false)).toBe('about 1,234');
    expect(countPhrase(Number.MAX_SAFE_INTEGER, true)).toBe('9,007,199,254,740,991');
    expect(countPhrase(2.153954590963313e274, true)).toBe('about 2.15 × 10^274');
    expect(countPhrase(2e16, false)).toBe('about 2 × 10^16');
    expect(countPhrase(Infinity, true)).toBe('more than 10^308');
  });
});

describe('what the sandbox did since a grid was explored', () => {
  const step = { kind: 'step', input: { type: 'press' } } as const;
  const read = { kind: 'input', input: { type: 'read', actor: 'C', id: 1 } } as const;
  const clock = { kind: 'input', input: { type: 'clock', ms: 1000 } } as const;

  it('calls a request queued since a request, not a step taken', () => {
    // Before, any of these read "explored before the steps taken since".
    expect(doneSinceWords([read])).toBe('explored before the request queued since');
    expect(doneSinceWords([clock])).toBe('explored before the clock move since');
    expect(doneSinceWords([step, step, read, clock])).toBe(
      'explored before the 2 steps taken, the request queued and the clock move since',
    );
  });

  it('names each other input as the sandbox does, not as "the other action"', () => {
    const line = { kind: 'input', input: { type: 'redis', line: 'DEL user:1' } } as const;
    const sql = { kind: 'input', input: { type: 'sql', statement: 'SELECT 1' } } as const;
    const down = { kind: 'input', input: { type: 'cache', isUp: false } } as const;
    const restart = { kind: 'input', input: { type: 'restart' } } as const;
    const reset = { kind: 'input', input: { type: 'resetDatabase' } } as const;
    expect(doneSinceWords([line, clock, line, sql])).toBe(
      'explored before the 2 Redis console lines, the clock move and the SQL console line since',
    );
    const up = { kind: 'input', input: { type: 'cache', isUp: true } } as const;
    expect(doneSinceWords([down, up, down])).toBe(
      'explored before the 2 Redis outages and the Redis return since',
    );
    expect(doneSinceWords([down, restart, reset])).toBe(
      'explored before the Redis outage, the Redis restart and the database reset since',
    );
  });

  it('counts a Step of one actor and a scenario beat as steps', () => {
    const stepA = { kind: 'step', input: { type: 'stepActor', actor: 'A' } } as const;
    const beat = { kind: 'beat', input: { type: 'press' } } as const;
    expect(doneSinceWords([stepA])).toBe('explored before the step taken since');
    expect(doneSinceWords([stepA, beat, step])).toBe('explored before the 3 steps taken since');
  });
});

describe('what took away the requests a grid explored', () => {
  const cut = (cause: RunCut['cause'], scenarioId: string | null = null): RunCut => ({
    serial: 1,
    cause,
    kept: 0,
    scenarioId,
  });
  const left = 'of requests the sandbox has left';

  it('names the change the sandbox recorded, and another scenario by its title', () => {
    expect(leftBasisWords(cut('reset'), null)).toBe(`explored before Reset, ${left}`);
    expect(leftBasisWords(cut('input'), null)).toBe(
      `explored before Back and another input since, ${left}`,
    );
    expect(leftBasisWords(cut('scenario', 'stale-set'), null)).toBe(
      `explored before “Race: stale set after invalidation” was opened, ${left}`,
    );
    expect(leftBasisWords(cut('scenario'), null)).toBe(
      `explored before free play was opened again, ${left}`,
    );
    expect(leftBasisWords(cut('scenario'), 'stale-set')).toBe(
      `explored before free play was opened, ${left}`,
    );
  });

  it('says a setting or program change after Back dropped the steps to redo, not restarted', () => {
    const afterBack = (cause: RunCut['cause']): RunCut => ({ ...cut(cause), isAfterBack: true });
    expect(leftBasisWords(cut('settings'), null)).toBe(
      `explored before a setting changed restarted the run, ${left}`,
    );
    expect(leftBasisWords(afterBack('settings'), null)).toBe(
      `explored before Back and a setting changed since (the steps to redo were dropped), ${left}`,
    );
    expect(leftBasisWords(afterBack('programs'), null)).toBe(
      `explored before Back and a change of programs since (the steps to redo were dropped), ${left}`,
    );
  });

  it('names an interleaving loaded in place of the steps the grid ran from', () => {
    expect(leftBasisWords(cut('schedule'), null)).toBe(
      `explored before an interleaving loaded since replaced steps it ran from, ${left}`,
    );
  });

  it('names no cause when none is on record', () => {
    expect(leftBasisWords(null, null)).toBe(left);
  });
});
