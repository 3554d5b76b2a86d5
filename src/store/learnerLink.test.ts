// A `#code=` hash read back: what it carries, or why it was not loaded (nothing runs).
import { expect, it } from 'vitest';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { CODE_HASH_PREFIX, codeLinkHash, encodeCode, readCodeLink } from './learnerLink';

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
