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

  it('refuses what is no run as a whole, and ends a run at a malformed action, saying why', () => {
    const b64 = (json: string) => `1.${Buffer.from(json).toString('base64url')}`;
    /** Why the run's first malformed action is one (the test's runs have one). */
    const malformed = (json: string): string => {
      const decoded = decodeRun(b64(json));
      return 'inputs' in decoded ? (decoded.malformed?.why ?? 'none') : decoded.error;
    };
    expect(decodeRun('garbage')).toEqual({ error: 'unknown format' });
    expect(decodeRun('1.%%%')).toEqual({ error: 'not base64url' });
    expect(decodeRun(b64('{"a":1'))).toEqual({ error: 'not readable' });
    expect(decodeRun(b64('{}'))).toEqual({ error: 'not a list of actions' });
    // The actions before the malformed one are read; those after it are counted, not tried.
    expect(decodeRun(b64('[1,["r","A","7"],2,["f"]]'))).toEqual({
      inputs: [{ type: 'press' }],
      malformed: { why: '(r) id must be a whole number from 1 to 1,000, got "7"', after: 3 },
    });
    expect(malformed('[["c",-1]]')).toBe(
      '(c) ms must be a number from 0 to 315,360,000,000, got -1',
    );
    // The clock's bound: 1e308 ms would make it Infinity.
    expect(malformed('[["c",1e308]]')).toBe(
      '(c) ms must be a number from 0 to 315,360,000,000, got 1e+308',
    );
    expect(malformed('[["w","A",1,{}]]')).toBe('(w) changes must name a column, got {}');
    // Each refusal names the place in the action and the range its schema takes.
    expect(malformed('[["r","A",5000]]')).toBe(
      '(r) id must be a whole number from 1 to 1,000, got 5000',
    );
    expect(malformed('[0]')).toBe('presses must be a whole number from 1 to 10,000, got 0');
    expect(malformed('[["a","ABCDEFGHIJKLMNOPQ"]]')).toBe(
      '(a) actor must be at most 16 characters, got "ABCDEFGHIJKLMNOPQ"',
    );
    expect(malformed('[["f",1]]')).toBe('(f) takes nothing after "f"');
    expect(malformed('[["w","A",1,{"name":5}]]')).toBe('(w) changes.name must be text, got 5');
    expect(malformed('[["z"]]')).toMatch(/^not an action/);
    expect(malformed('[20000]')).toBe('presses must be a whole number from 1 to 10,000, got 20000');
    expect(decodeRun(b64('[6000,["f"],6000]'))).toEqual({ error: 'more than 10000 actions' });
    expect(decodeRun(b64('[6000,["z"],6000]'))).toEqual({ error: 'more than 10000 actions' });
    expect(decodeRun(`1.${'A'.repeat(MAX_RUN_CHARS)}`)).toEqual({
      error: `longer than ${MAX_RUN_CHARS} characters`,
    });
  });
});
