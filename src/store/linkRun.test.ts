import { describe, expect, it } from 'vitest';
import { decodeRun, encodeRun, MAX_RUN_CHARS } from './linkRun';
import type { TimelineInput } from './timeline';

const RUN: TimelineInput[] = [
  { type: 'press' },
  { type: 'press' },
  { type: 'read', actor: 'B', id: 7 },
  { type: 'write', actor: 'A', id: 7, changes: { plan: 'team' } },
  { type: 'stepActor', actor: 'B' },
  { type: 'clock', ms: 60_000.5 },
  { type: 'cache', isUp: false },
  { type: 'restart' },
  { type: 'redis', line: 'SET note "<b>héllo</b> ✓"' },
  { type: 'sql', statement: "UPDATE users SET plan = 'pro' WHERE id = 7" },
  { type: 'resetDatabase' },
  { type: 'press' },
];

describe('a run in a link', () => {
  it('round-trips every kind of input, Unicode included, in URL-safe characters', () => {
    const text = encodeRun(RUN);
    expect(text).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(decodeRun(text)).toEqual({ inputs: RUN });
  });

  it('collapses step presses in a row to a count', () => {
    const presses = Array.from({ length: 500 }, () => ({ type: 'press' }) as const);
    expect(encodeRun(presses).length).toBeLessThan(20);
    expect(decodeRun(encodeRun(presses))).toEqual({ inputs: presses });
  });

  it('refuses anything malformed as a whole, with a reason', () => {
    const b64 = (json: string) => `1.${Buffer.from(json).toString('base64url')}`;
    expect(decodeRun('garbage')).toEqual({ error: 'unknown format' });
    expect(decodeRun('1.%%%')).toEqual({ error: 'not base64url' });
    expect(decodeRun(b64('{"a":1'))).toEqual({ error: 'not readable' });
    expect(decodeRun(b64('{}'))).toEqual({ error: 'not a list of actions' });
    expect(decodeRun(b64('[1,["r","A","7"]]'))).toEqual({ error: 'action 2 is malformed' });
    expect(decodeRun(b64('[["c",-1]]'))).toEqual({ error: 'action 1 is malformed' });
    // The clock's bound: 1e308 ms would make it Infinity.
    expect(decodeRun(b64('[["c",1e308]]'))).toEqual({ error: 'action 1 is malformed' });
    expect(decodeRun(b64('[["w","A",1,{}]]'))).toEqual({ error: 'action 1 is malformed' });
    expect(decodeRun(b64('[20000]'))).toEqual({ error: 'more than 10000 actions' });
    expect(decodeRun(`1.${'A'.repeat(MAX_RUN_CHARS)}`)).toEqual({
      error: `longer than ${MAX_RUN_CHARS} characters`,
    });
  });
});
