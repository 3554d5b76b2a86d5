import { advanceClock, read, stepActor, stepActors } from './actions';
import type { Scenario } from './types';

const MINUTE_MS = 60_000;

/**
 * Lazy loading keeps Redis small: only rows someone asked for are cached, and a TTL lets the
 * ones nobody asks for again leave by themselves.
 */
export const onlyWhatIsAsked: Scenario = {
  id: 'only-what-is-asked',
  title: 'Only what is asked for is cached',
  summary:
    'Of 1,000 users, Redis holds just the two that were read; with a TTL, unread keys leave on their own.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 600,
  intro:
    'The users table holds 1,000 rows and Redis holds none. Nothing is loaded ahead of time: watch what ends up in Redis as two processes read two users.',
  introNotes:
    'The contrast to draw: cache-aside is lazy. Nothing is loaded ahead of time, unlike a cache that is filled by a batch job or by writes. Ask: how many of the 1,000 rows will end up in Redis?',
  setup: [],
  beats: [
    {
      notes: 'One read, one key. The other 999 rows cost no cache memory at all.',
      actions: [read('A', 7), ...stepActors('A', 'A', 'A')],
      narration:
        'A reads user 7: GET user:7 answers (nil), A runs SELECT ... WHERE id = 7, then SET user:7 ... EX 600. Redis now holds one key, the one A asked for.',
    },
    {
      notes:
        'Two keys against 1,000 rows. For a large table with a small hot set this is the whole argument for lazy loading.',
      actions: [read('B', 42), ...stepActors('B', 'B', 'B')],
      narration:
        'B reads user 42 the same way: GET (nil), SELECT, SET user:42 ... EX 600. Two keys in Redis against 1,000 rows in the table: the 998 users nobody asked for take no cache memory.',
    },
    {
      notes:
        'A hit on a key someone actually used. The cache holds the working set, not the table.',
      actions: [read('A', 7), stepActor('A')],
      narration:
        'A reads user 7 again and GET user:7 returns the JSON: a hit. What is cached is exactly what is being used.',
    },
    {
      notes:
        'The TTL also cleans up: keys that stop being read leave without any code deleting them. The other side of laziness: the first read after this pays a miss again.',
      actions: [advanceClock(11 * MINUTE_MS)],
      narration:
        'Eleven minutes pass with no reads. Both keys reach the end of their 600-second TTL, so Redis drops them: a GET now would answer (nil), and TTL user:7 would answer -2. Data that stops being read stops using memory.',
    },
  ],
  outcome: {
    description:
      'Two misses and one hit, two database reads, and an empty Redis once the TTL has passed.',
    isMet: (s) =>
      s.stats.misses === 2 && s.stats.hits === 1 && s.stats.dbReads === 2 && s.cache.length === 0,
    isAboutStoresNow: true,
  },
};
