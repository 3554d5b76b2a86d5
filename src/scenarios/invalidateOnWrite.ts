import { read, stepActor, warmRead } from './actions';
import { lastReadOf, programCached } from './readChecks';
import type { Scenario } from './types';

/** The fix for the stale read: the writer deletes the key right after its UPDATE. */
export const invalidateOnWrite: Scenario = {
  id: 'invalidate-on-write',
  title: 'Invalidate on write',
  summary:
    'The writer runs UPDATE, then DEL of the key, so the next read misses and loads the new row.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'Same start as the stale-read story: user:123 is cached at version 1. This time the change goes through the application\'s write path (policy "invalidate"), run by process B.',
  introNotes:
    'The write path the pattern recommends: UPDATE the database, then DEL the key. Ask why deleting might be better than writing the new value into Redis.',
  setup: warmRead('A', 123),
  beats: [
    {
      notes: 'A normal hit, as before: version 1 in both places.',
      actions: [read('A', 123), stepActor('A')],
      narration: 'A sends GET user:123: a hit on version 1, which matches the database.',
    },
    {
      notes:
        'The UPDATE commits first. For the short time between UPDATE and DEL the copy is stale: a reader arriving now would still get version 1.',
      actions: [{ type: 'write', actor: 'B', id: 123, changes: { plan: 'team' } }, stepActor('B')],
      narration:
        'B updates user 123. Its first step is the UPDATE in SQLite, which bumps the row to version 2. For a moment the cached copy is stale (see the badge): the write is half done.',
    },
    {
      notes:
        'The DEL removes the copy. Deleting means the next reader loads whatever the database holds, so two writers cannot leave an old value behind.',
      actions: [stepActor('B')],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        'B finishes with DEL user:123. Redis answers (integer) 1: one key removed. Deleting is simpler and safer than writing the new value into Redis, because the next reader will load whatever the database holds.',
    },
    {
      notes: 'The miss is on purpose: the cost of invalidation is one extra database read.',
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'hit-or-miss', actor: 'A' },
      narration: 'A reads again. GET user:123 returns (nil): a miss, caused on purpose by the DEL.',
    },
    {
      notes: 'The database answers version 2, the row B wrote.',
      actions: [stepActor('A')],
      narration: 'A goes to SQLite and SELECT returns version 2.',
    },
    {
      notes:
        'Fresh without waiting for a TTL. The races section will show the cases where even this is not enough.',
      actions: [stepActor('A')],
      narration:
        'SET user:123 ... EX 3600 caches version 2. No read returned old data, and we did not have to wait for a TTL.',
    },
  ],
  outcome: {
    description: 'No stale read: the read after the write misses, loads version 2 and caches it.',
    isMet: (s) =>
      s.stats.staleReads === 0 &&
      lastReadOf(s, 123)?.isHit === false &&
      lastReadOf(s, 123)?.version === 2 &&
      programCached(s, 'user:123', 2),
  },
};
