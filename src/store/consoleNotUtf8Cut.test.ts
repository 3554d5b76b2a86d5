// A line with bytes that are not UTF-8 gets Redis' own error for its words, with U+FFFD standing
// for each such byte, only where that error is the one Redis prints: Redis counts the byte as 1
// toward the 128 bytes its unknown-command error echoes, U+FFFD takes 3, so where the echo would
// be cut the console cannot print Redis' error and refuses the line for its bytes instead.

import { describe, expect, it } from 'vitest';
import { prepareRedisLine } from './consoleFormat';

const NOT_UTF8 =
  '(error) ERR this console stores text: the bytes given with \\x are not valid UTF-8';

const replyOf = (line: string): string =>
  (prepareRedisLine(line) as { reply: { text: string } }).reply.text;

describe("a line with bytes that are not UTF-8 whose error Redis' 128-byte echo cuts", () => {
  it('is refused for its bytes when many short arguments fill the echo, not told with fewer of them', () => {
    // redis-server 7.0.15 echoes 32 of the 40 arguments ("'\xff' " is 4 bytes); U+FFFD's 6-byte
    // echo stopped at 22, an error Redis never sends.
    expect(replyOf(`FOO${' "\\xff"'.repeat(40)}`)).toBe(NOT_UTF8);
  });

  it('is refused for its bytes when a later argument is cut, not cut 20 bytes short', () => {
    // Redis echoes 88 of the 90 a's after ten '\xff' arguments; U+FFFD moved the cut to 68.
    expect(replyOf(`FOO${' "\\xff"'.repeat(10)} ${'a'.repeat(90)}`)).toBe(NOT_UTF8);
  });

  it("still gets Redis' own error, every argument echoed, where nothing is cut", () => {
    expect(replyOf(`FOO${' "\\xff"'.repeat(3)} ab`)).toBe(
      "(error) ERR unknown command 'FOO', with args beginning with: '\uFFFD' '\uFFFD' '\uFFFD' 'ab' ",
    );
  });
});
