import { describe, expect, it } from 'vitest';
import { describeCommand, describeReply } from './describe';
import type { Step } from './programs/types';
import { createTestSim } from './testSim';

const redis = (...argv: string[]) => ({ target: 'redis', argv }) as unknown as Step;

describe('a command and its reply as the narration and the diagram write them', () => {
  it('write a NUL, a line break and a direction override as escapes, so no value turns the sentence around', () => {
    // Before, U+202E in a cached name made the rest of the narration's sentence read backwards
    // ("Redis holds version 2" as "2 noisrev sdloh sideR"), and a NUL showed as nothing.
    expect(describeCommand(redis('SET', 'a\0b', 'x\ny'))).toBe("SET 'a\\x00b' 'x\\ny'");
    expect(describeCommand(redis('SET', 'user:1', '{"name":"Ada \u202eteam"}'))).toBe(
      `SET user:1 '{"name":"Ada \\u202Eteam"}'`,
    );
    expect(
      describeCommand(redis('SET', 'k', `${'x'.repeat(40)}\u2066\u202e${'y'.repeat(20)}`)),
    ).toBe(`SET k '${'x'.repeat(40)}\\u2066\\u202Eyyy…'`);
    expect(describeReply(redis('GET', 'k'), '\u202eevil\0')).toBe('"\\u202Eevil\\x00"');
    expect(
      describeCommand({
        target: 'db',
        op: 'update',
        id: 1,
        changes: { name: 'Ada \u202e' },
      } as Step),
    ).toContain("name = 'Ada \\u202E'");
    // Text with none of them is as it was.
    expect(describeCommand(redis('SET', 'user:1', 'Zoë “quoted” 東京'))).toBe(
      "SET user:1 'Zoë “quoted” 東京'",
    );
  });

  it('a console command on the diagram too', async () => {
    const sim = await createTestSim({ seed: 1 });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'a\0b', '\u202ex'] });
    expect(sim.trace.at(-1)?.command).toBe('SET a\\x00b \\u202Ex');
  });
});
