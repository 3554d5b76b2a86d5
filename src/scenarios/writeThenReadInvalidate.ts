import { read, stepActor, stepActors, warmRead, write } from './actions';
import { lastReadOf, programCached } from './readChecks';
import type { Scenario } from './types';

/** The same write-then-read under invalidate: the DEL happens before the write returns. */
export const writeThenReadInvalidate: Scenario = {
  id: 'write-then-read-invalidate',
  title: 'Write, then read (invalidate)',
  summary:
    'Under write policy invalidate, the write deletes the key before it returns, so the read that follows misses and is fresh.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'Same start as the ttl-only story: user:123 is cached at version 1 and B will write it, then read it back. This time B uses write policy "invalidate".',
  introNotes:
    'Same story with policy invalidate. Ask the room to predict the read after the write: hit or miss?',
  setup: warmRead('A', 123),
  beats: [
    {
      notes:
        'The UPDATE commits. The copy is stale for a moment, but the write has not returned to its caller yet.',
      actions: [write('B', 123, { plan: 'team' }), stepActor('B')],
      narration:
        'B runs its UPDATE: version 2. For this moment the cached copy is STALE, but the write has not returned yet.',
    },
    {
      notes:
        'The DEL removes the copy before the write returns, so a read by the same process afterwards cannot see the old row.',
      actions: [stepActor('B')],
      narration:
        'B sends DEL user:123: (integer) 1. Only now does the write return, and the old copy is gone.',
    },
    {
      notes: 'A miss, caused by the DEL: the read goes to the database.',
      actions: [read('B', 123), stepActor('B')],
      narration: 'B reads the user back: GET user:123 returns (nil), a miss.',
    },
    {
      notes:
        'B sees its own write. Other processes are another matter: the stale-set race comes next.',
      actions: stepActors('B', 'B'),
      narration:
        'SELECT returns version 2 and SET caches it: B sees its own write. Other processes can still race a write (see the stale-set race); if readers must never see an old row, cache-aside with a TTL is the wrong tool.',
    },
  ],
  outcome: {
    description: 'The read after the write misses, returns version 2 and caches it: nothing stale.',
    isMet: (s) =>
      s.stats.staleReads === 0 &&
      lastReadOf(s, 123)?.version === 2 &&
      programCached(s, 'user:123', 2),
  },
};
