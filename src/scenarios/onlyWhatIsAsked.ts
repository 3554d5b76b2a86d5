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
  setup: [],
  beats: [
    {
      actions: [read('A', 7), ...stepActors('A', 'A', 'A')],
      narration:
        'A reads user 7: GET user:7 answers (nil), A runs SELECT ... WHERE id = 7, then SET user:7 ... EX 600. Redis now holds one key, the one A asked for.',
    },
    {
      actions: [read('B', 42), ...stepActors('B', 'B', 'B')],
      narration:
        'B reads user 42 the same way: GET (nil), SELECT, SET user:42 ... EX 600. Two keys in Redis against 1,000 rows in the table: the 998 users nobody asked for take no cache memory.',
    },
    {
      actions: [read('A', 7), stepActor('A')],
      narration:
        'A reads user 7 again and GET user:7 returns the JSON: a hit. What is cached is exactly what is being used.',
    },
    {
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
  },
};
