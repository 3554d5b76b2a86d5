// A `#code=` hash read back: what it carries, or why it was not loaded (nothing runs).
import { expect, it } from 'vitest';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { CODE_HASH_PREFIX, codeLinkHash, encodeCode, readCodeLink } from './learnerLink';
import { MAX_PROGRAM_CHARS } from './apiArguments';

it('refuses a link whose code is not an object of paths, saying what it must hold', async () => {
  const payload = await encodeCode([1, 2] as unknown as Parameters<typeof encodeCode>[0]);
  expect(await readCodeLink(CODE_HASH_PREFIX + payload)).toEqual({
    error: 'it must hold an object with a read or a write path, like { "read": "..." }, got [1,2]',
  });
  const drafts = { read: 'return 1;' };
  expect(await readCodeLink(CODE_HASH_PREFIX + (await encodeCode(drafts)))).toEqual({ drafts });
});

it('refuses to share code whose link the page would not load, and shares the rest', async () => {
  // Text that deflates poorly, as data in a program does: a seeded stream of letters.
  let seed = 7;
  const letters = Array.from({ length: 60_000 }, () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return String.fromCharCode(33 + ((seed >>> 0) % 90));
  }).join('');
  const big = { read: `// ${letters}\n${READ_STARTER}`, write: `// ${letters.slice(1)}\n` };
  const refused = await codeLinkHash(big);
  expect(refused).toEqual({
    error: expect.stringMatching(
      /^Not shared: your code makes a link of [\d,]+ characters, and a link carries at most 65,536/,
    ),
  });
  // Before, the link was made: opened, the page refused it.
  const made = await encodeCode(big);
  expect(await readCodeLink(`${CODE_HASH_PREFIX}${made}`)).toMatchObject({
    error: expect.stringContaining('a link carries at most'),
  });
  const small = await codeLinkHash({ read: READ_STARTER });
  expect('hash' in small && (await readCodeLink(small.hash))).toEqual({
    drafts: { read: READ_STARTER },
  });
});

it('opens any link it shares: two programs at the editors’ limit, in CJK or control characters', async () => {
  // Before, two programs of 65,535 characters with CJK comments made a link of 1,450 characters,
  // and the page it was opened in said "the code unpacks to more than 263168 bytes".
  const fill = (start: string, ch: string) =>
    `${start}\n// ${ch.repeat(MAX_PROGRAM_CHARS - start.length - 4)}`;
  for (const ch of ['中', '\u0001']) {
    const drafts = { read: fill(READ_STARTER, ch), write: fill(READ_STARTER, ch) };
    expect(drafts.read).toHaveLength(MAX_PROGRAM_CHARS);
    const made = await codeLinkHash(drafts);
    expect('hash' in made && (await readCodeLink(made.hash))).toEqual({ drafts });
  }
});
