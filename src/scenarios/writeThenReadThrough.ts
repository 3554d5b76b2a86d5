import { lastReadOf } from './readChecks';
import { finish, read, stepActor, warmRead, write } from './actions';
import type { Scenario } from './types';

/** The read-back of write-then-read under write-through: the cache stored the new row itself. */
export const writeThenReadThrough: Scenario = {
  id: 'write-then-read-write-through',
  title: 'Write, then read at once (write-through)',
  summary:
    'Under write-through the cache writes the database and stores the new row before it answers, so the read right after the write is fresh. Switch the pattern to compare.',
  actors: ['A', 'B'],
  pattern: 'write-through',
  writePolicy: 'ttl-only',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'user:123 is cached at version 1. The pattern is write-through: the application talks to the cache only, and the cache writes the database for it. Same story as "Write, then read at once (ttl-only)": B saves a setting, and the profile is read right after.',
  introNotes:
    'The diagram now has the cache in the middle: watch the SQL arrows run from the Redis box down to SQLite, not from B. Afterwards switch Pattern to cache-aside (the write policy stays ttl-only) and the read is stale again.',
  setup: warmRead('A', 123),
  beats: [
    {
      notes:
        'B sends nothing to the database itself. The UPDATE is the cache layer’s, drawn from the Redis box down to SQLite.',
      actions: [write('B', 123, { plan: 'team' }), stepActor('B')],
      narration:
        'B hands its write to the cache. The cache runs UPDATE users ... WHERE id = 123 first, synchronously: the row becomes version 2. Redis still holds version 1 for a moment.',
    },
    {
      notes:
        'The store is a versioned write (EVAL): a slower loader can never put version 1 back over it.',
      actions: [stepActor('B')],
      narration:
        'Before it answers B, the cache stores the new row: EVAL (store if newer) puts version 2 in user:123 with EX 3600. Cache and database agree.',
    },
    {
      notes:
        'Any reader after the acknowledgement sees the write. Now switch Pattern to cache-aside: the same steps leave version 1 cached and this read is STALE.',
      // B's write and A's read run to their ends under every pattern (write-behind adds an RPUSH
      // after the SET, refresh-ahead a PTTL after the GET), and write-behind's flusher writes the
      // queued change after A's read, so every run the narration invites ends judged.
      actions: [finish('B'), read('A', 123), finish('A'), finish('flusher')],
      narration:
        'Right after B’s save, A reads the user: GET user:123 hits version 2, fresh. Switch Pattern to cache-aside (write policy ttl-only) to see the stale read this pattern avoids.',
    },
  ],
  outcome: {
    description:
      'The cache wrote the database and stored version 2 itself, so the read right after the write is fresh (no stale read).',
    isMet: (s) =>
      s.stats.staleReads === 0 &&
      s.stats.hits === 1 &&
      lastReadOf(s, 123)?.version === 2 &&
      // B's own write ran the UPDATE, before B was answered: write-behind's flusher runs one too,
      // later, in its own process.
      s.events.some((e) => e.actor === 'B' && e.via === 'cache' && e.command.startsWith('UPDATE')),
  },
  variants: [
    {
      settings: { pattern: 'cache-aside' },
      outcome: {
        description:
          'Under cache-aside with ttl-only, B’s UPDATE leaves version 1 cached: the read right after the write is stale.',
        isMet: (s) => s.stats.staleReads === 1 && lastReadOf(s, 123)?.version === 1,
      },
    },
    {
      settings: { pattern: 'read-through' },
      outcome: {
        description:
          'Read-through writes as cache-aside (ttl-only here): the cache loads on a miss, but nothing replaces the cached version 1, so the read is stale.',
        isMet: (s) =>
          s.stats.staleReads === 1 &&
          lastReadOf(s, 123)?.version === 1 &&
          !s.events.some((e) => e.via === 'cache' && e.command.startsWith('UPDATE')),
      },
    },
    {
      settings: { pattern: 'write-behind' },
      outcome: {
        description:
          'Under write-behind B’s write lands in the cache first (SET version 2, no expiry): A’s read is fresh, though the database held only version 1 when A read it; the flusher writes the queued change later.',
        // A read while the database lagged (version 1); the last beat then lets the flusher bring
        // it to version 2, so the run ends judged. The cache held the newer row and A read it, and
        // the words, told in the past, stay true beside either row.
        isMet: (s) =>
          s.stats.staleReads === 0 &&
          lastReadOf(s, 123)?.version === 2 &&
          s.events.some(
            (e) => e.actor === 'A' && e.isHit && e.rowVersion === 2 && e.committedVersion === 1,
          ),
      },
    },
    {
      settings: { pattern: 'refresh-ahead' },
      outcome: {
        description:
          'Refresh-ahead writes as cache-aside (ttl-only here): A’s GET hits version 1 while the database holds version 2, and its PTTL check finds the key far from expiry, so A returns version 1: a stale read (a reload only helps near expiry).',
        isMet: (s) =>
          s.stats.staleReads === 1 &&
          lastReadOf(s, 123)?.version === 1 &&
          s.events.some(
            (e) => e.actor === 'A' && e.isHit && e.rowVersion === 1 && e.committedVersion === 2,
          ),
      },
    },
  ],
};
