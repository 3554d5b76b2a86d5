import { advanceClock, finish, read, stepActor, stepActors, warmRead } from './actions';
import type { Scenario } from './types';

/** A hot key expires and every reader that misses before the refill queries the database. */
export const stampede: Scenario = {
  id: 'stampede',
  title: 'Stampede on an expiring hot key',
  quizTitle: 'A hot key expires',
  quizId: 'hot-key-expires',
  summary:
    'A hot key expires; four readers miss before anyone refills it, and each runs its own SELECT.',
  actors: ['A', 'B', 'C', 'D'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 60,
  intro:
    'user:1 is a hot key, cached by an earlier read (that read is the 1 in DB reads) with a 60 s TTL. Four processes, A to D, read it all the time. Watch what happens the moment it expires.',
  introNotes:
    'A hot key and its expiry: the thundering herd. Ask how many database reads the room expects once the key expires with four readers waiting.',
  setup: warmRead('A', 1),
  beats: [
    {
      notes: 'Only time passes. The hot key expires, as every key does.',
      actions: [advanceClock(61_000)],
      narration:
        'Fast-forward 61 s of virtual time, past the 60 s TTL. user:1 is gone: TTL user:1 would now answer -2, the reply for a key that does not exist.',
    },
    {
      notes: 'The first miss. Alone it would be harmless.',
      actions: [read('A', 1), stepActor('A')],
      narration: 'A sends GET user:1 and gets (nil): a miss. A will go to the database.',
    },
    {
      notes:
        'Three more misses before anyone refilled the key: four readers all decide to go to the database.',
      actions: [read('B', 1), read('C', 1), read('D', 1), ...stepActors('B', 'C', 'D')],
      quiz: { kind: 'hit-or-miss', actor: 'B' },
      narration:
        'Before A has refilled the key, B, C and D send the same GET user:1, and each gets (nil) too: four misses on one key.',
    },
    {
      notes:
        'Four SELECTs of the same row. With hundreds of readers this is the moment a database falls over: exactly when the cache cannot help.',
      actions: stepActors('A', 'B', 'C', 'D'),
      quiz: { kind: 'db-reads', counts: [0, 1, 4] },
      narration:
        'All four run SELECT * FROM users WHERE id = 1 for the same row: DB reads jumps from 1 to 5. With hundreds of readers on a hot key, this herd hits the database at the very moment the cache cannot help.',
    },
    {
      notes:
        'Four SETs of the same row. Switch Read mitigation to single-flight, or load the next scenario, to see one SELECT do it.',
      // Each reader's read to its end: its SET here; under the single-flight the beat invites,
      // A's SELECT, SET and unlock, then B, C and D's wait and GET, so that run ends judged too.
      actions: [finish('A'), finish('B'), finish('C'), finish('D')],
      narration:
        'All four SET user:1 ... EX 60 with the same row: the work was done four times to cache it once. Switch Read mitigation to single-flight (or open the next scenario) to see one SELECT do it.',
    },
  ],
  outcome: {
    description:
      'Every reader that missed ran its own SELECT: 4 after the expiry (DB reads 5, counting the warm-up).',
    isMet: (s) => s.stats.dbReads === 5 && s.stats.misses === 5 && s.stats.staleReads === 0,
  },
  variants: [
    {
      settings: { readMitigation: 'single-flight' },
      outcome: {
        description:
          'With single-flight the four misses race for one lock: only A takes it and runs SELECT (DB reads 2, counting the warm-up), while B, C and D wait for it and GET what A cached instead of querying the database.',
        // Judged once B, C and D have read what A cached (the last beat plays each reader to its
        // end, so the run ends judged), so the words say what they did, not what they will do:
        // still one SELECT after the expiry, no more misses, nothing stale.
        isMet: (s) => s.stats.dbReads === 2 && s.stats.misses === 5 && s.stats.staleReads === 0,
      },
    },
  ],
};
