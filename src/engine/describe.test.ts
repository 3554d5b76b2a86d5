import { describe, expect, it } from 'vitest';
import { describeCommand, describeReply, sliceShown } from './describe';
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

  it('a console command on the diagram too, each argument quoted as a program step writes it', async () => {
    const sim = await createTestSim({ seed: 1 });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'a\0b', '\u202ex'] });
    expect(sim.trace.at(-1)?.command).toBe("SET 'a\\x00b' '\\u202Ex'");
    // Before, the arguments were joined with spaces: a key with a space read as two arguments,
    // and one typed `a\x00b` (a backslash) read as the one holding a NUL.
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['DEL', 'a b', 'a\\x00b'] });
    expect(sim.trace.at(-1)?.command).toBe("DEL 'a b' 'a\\\\x00b'");
    expect(sim.trace.at(-1)?.key).toBe('a b');
  });

  it("a console UNSUBSCRIBE a b's reply on the diagram: a reply for each channel, not one of 2 items", async () => {
    const sim = await createTestSim({ seed: 1 });
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['UNSUBSCRIBE', 'a', 'b'] });
    expect(sim.trace.at(-1)?.reply).toBe('2 replies');
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['UNSUBSCRIBE'] });
    expect(sim.trace.at(-1)?.reply).toBe('1 reply');
    await sim.dispatch({ type: 'redis', actor: 'console', argv: ['KEYS', '*'] });
    expect(sim.trace.at(-1)?.reply).toBe('0 items');
  });

  it('write the invisible ones a key could differ by (a soft hyphen, a zero-width space, a BOM) as escapes, and leave emoji whole', () => {
    // Before, keys ab, a\u00adb and a\u200bb all read "ab" in the Redis panel and the narration.
    expect(describeCommand(redis('SET', 'a\u00adb', '1'))).toBe("SET 'a\\u00ADb' 1");
    expect(describeCommand(redis('SET', 'a\u200bb\ufeff', '1'))).toBe("SET 'a\\u200Bb\\uFEFF' 1");
    expect(describeReply(redis('GET', 'k'), 'x\u2028y\u0085')).toBe('"x\\u2028y\\u0085"');
    // A family and a flag keep their joiners; é, 中文 and 👍 are as they were.
    expect(describeCommand(redis('SET', 'k', 'Zoé 中文 👍 👨\u200d👩\u200d👧'))).toBe(
      "SET k 'Zoé 中文 👍 👨\u200d👩\u200d👧'",
    );
  });

  it('never cut an emoji in two where a long value is shortened', () => {
    // Before, the cut at 45 (a command's argument) or 37 (a reply) left half of 😀: a "�".
    const value = `${'x'.repeat(44)}😀${'y'.repeat(10)}`;
    expect(describeCommand(redis('SET', 'k', value))).toBe(`SET k '${'x'.repeat(44)}…'`);
    expect(describeReply(redis('GET', 'k'), `${'x'.repeat(36)}😀${'y'.repeat(10)}`)).toBe(
      `"${'x'.repeat(36)}…"`,
    );
  });
});

it("doubles a long value's backslashes in its glimpse too: a typed \\x00 never reads as a NUL", () => {
  // Before, only a short argument or reply had its backslashes doubled: the glimpse of a long one
  // showed a typed `\x00` and a NUL both as `\x00`.
  const typed = `a\\x00b${'y'.repeat(50)}`;
  const nul = `a\u0000b${'y'.repeat(50)}`;
  expect(describeCommand(redis('SET', 'k', typed))).toBe(`SET k 'a\\\\x00b${'y'.repeat(39)}…'`);
  expect(describeCommand(redis('SET', 'k', typed))).not.toBe(
    describeCommand(redis('SET', 'k', nul)),
  );
  expect(describeReply(redis('GET', 'k'), typed)).not.toBe(describeReply(redis('GET', 'k'), nul));
});

it('cuts shown text before an escape it would split, never inside one', () => {
  // Before, the diagram cut `'a\x00…` to `'a\x0…`, which reads as a typed `\x0` and a `0`.
  expect(sliceShown("'a\\x00b", 5)).toBe("'a");
  expect(sliceShown("'a\\x00b", 6)).toBe("'a\\x00");
  expect(sliceShown('ab\\u202Ecd', 7)).toBe('ab');
  expect(sliceShown('ab\\u202Ecd', 8)).toBe('ab\\u202E');
  expect(sliceShown('ab\\ncd', 3)).toBe('ab');
  // A doubled backslash is one character shown as two: kept whole or left out whole.
  expect(sliceShown('ab\\\\x', 3)).toBe('ab');
  expect(sliceShown('ab\\\\x', 4)).toBe('ab\\\\');
  expect(sliceShown('a\\\\\\x00', 5)).toBe('a\\\\');
  expect(sliceShown('plain text', 5)).toBe('plain');
  expect(sliceShown(`${'x'.repeat(4)}😀`, 5)).toBe('xxxx');
});

it("writes a short reply's own backslashes doubled, as its command's argument: a typed \\x00 reads apart from a NUL", () => {
  // Before, SET 'v\\x\x00y' was told beside a GET that answered "v\x\x00y".
  const value = 'v\\x\u0000y';
  expect(describeCommand(redis('SET', 'k', value))).toBe("SET k 'v\\\\x\\x00y'");
  expect(describeReply(redis('GET', 'k'), value)).toBe('"v\\\\x\\x00y"');
  expect(describeReply(redis('GET', 'k'), 'a\\x00b')).not.toBe(
    describeReply(redis('GET', 'k'), 'a\u0000b'),
  );
});

it("tells a console GET's reply as a program's: its own backslashes doubled, a NUL escaped", async () => {
  const sim = await createTestSim({ seed: 1 });
  await sim.dispatch({ type: 'redis', actor: 'console', argv: ['SET', 'k', 'v\\x\u0000y'] });
  await sim.dispatch({ type: 'redis', actor: 'console', argv: ['GET', 'k'] });
  // Before, the console's GET answered "v\x<NUL>y", the NUL raw, the backslash single.
  expect(sim.trace.at(-1)?.reply).toBe(describeReply(redis('GET', 'k'), 'v\\x\u0000y'));
  expect(sim.trace.at(-1)?.reply).toBe('"v\\\\x\\x00y"');
});
