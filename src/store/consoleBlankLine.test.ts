// A line that only looks blank: redis-cli splits words at C's `isspace` (space, \t, \n, \v, \f,
// \r), so a no-break space (which macOS types for Option+Space), an ideographic space or a
// byte-order mark is a word it sends, and Redis answers it as an unknown command. JavaScript's
// `trim` counts those as blanks too; the console used to send nothing for such a line.
import { describe, expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

describe('a line of spaces', () => {
  it('that are not C blanks is sent, as redis-cli sends it, and Redis answers an unknown command', async () => {
    const store = await freePlaySandbox();
    for (const line of ['\u00a0', ' \u3000 ', '\ufeff', '\u2028']) {
      const word = line.replace(/^ +| +$/g, '');
      expect(await store.getState().runRedis(line)).toEqual({
        text: `(error) ERR unknown command '${word}', with args beginning with: `,
        isError: true,
      });
    }
    expect(store.getState().redisConsole.map((l) => l.input)).toEqual([
      '\u00a0',
      ' \u3000 ',
      '\ufeff',
      '\u2028',
    ]);
  });

  it("that C counts as blanks sends nothing and leaves no line, as at redis-cli's prompt", async () => {
    const store = await freePlaySandbox();
    for (const line of ['', '   ', '\t', ' \v\f ']) {
      expect(await store.getState().runRedis(line)).toEqual({ text: '', isError: false });
    }
    expect(store.getState().redisConsole).toEqual([]);
  });
});
