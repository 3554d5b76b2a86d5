// A `#code=` hash read back: what it carries, or why it was not loaded (nothing runs).
import { expect, it } from 'vitest';
import { CODE_HASH_PREFIX, encodeCode, readCodeLink } from './learnerLink';

it('refuses a link whose code is not an object of paths, saying what it must hold', async () => {
  const payload = await encodeCode([1, 2] as unknown as Parameters<typeof encodeCode>[0]);
  expect(await readCodeLink(CODE_HASH_PREFIX + payload)).toEqual({
    error: 'it must hold an object with a read or a write path, like { "read": "..." }, got [1,2]',
  });
  const drafts = { read: 'return 1;' };
  expect(await readCodeLink(CODE_HASH_PREFIX + (await encodeCode(drafts)))).toEqual({ drafts });
});
