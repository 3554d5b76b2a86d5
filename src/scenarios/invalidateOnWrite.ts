import { read, stepActor, warmRead } from './actions';
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
  setup: warmRead('A', 123),
  beats: [
    {
      actions: [read('A', 123), stepActor('A')],
      narration: 'A sends GET user:123: a hit on version 1, which matches the database.',
    },
    {
      actions: [{ type: 'write', actor: 'B', id: 123, changes: { plan: 'team' } }, stepActor('B')],
      narration:
        'B updates user 123. Its first step is the UPDATE in SQLite, which bumps the row to version 2. For a moment the cached copy is stale (see the badge): the write is half done.',
    },
    {
      actions: [stepActor('B')],
      quiz: { kind: 'cache-stale', id: 123 },
      narration:
        'B finishes with DEL user:123. Redis answers (integer) 1: one key removed. Deleting is simpler and safer than writing the new value into Redis, because the next reader will load whatever the database holds.',
    },
    {
      actions: [read('A', 123), stepActor('A')],
      quiz: { kind: 'hit-or-miss', actor: 'A' },
      narration: 'A reads again. GET user:123 returns (nil): a miss, caused on purpose by the DEL.',
    },
    {
      actions: [stepActor('A')],
      narration: 'A goes to SQLite and SELECT returns version 2.',
    },
    {
      actions: [stepActor('A')],
      narration:
        'SET user:123 ... EX 3600 caches version 2. No read returned old data, and we did not have to wait for a TTL.',
    },
  ],
  outcome: {
    description: 'No stale read: the read after the write misses, loads version 2 and caches it.',
    isMet: (s) =>
      s.stats.staleReads === 0 &&
      s.stats.misses === 2 &&
      s.cache.some((e) => e.key === 'user:123' && e.version === 2 && !e.isStale),
  },
};
