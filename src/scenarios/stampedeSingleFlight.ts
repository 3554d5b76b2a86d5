import { advanceClock, read, stepActor, stepActors, warmRead } from './actions';
import type { Scenario } from './types';

/** The same expiry under single-flight: one reader takes a lock and refills, the others wait. */
export const stampedeSingleFlight: Scenario = {
  id: 'stampede-single-flight',
  title: 'Stampede, with single-flight',
  quizTitle: 'A hot key expires, with single-flight',
  quizId: 'hot-key-expires-with-single-flight',
  summary:
    'The hot key expires again, but only the reader holding the lock queries the database; the rest wait and hit.',
  actors: ['A', 'B', 'C', 'D'],
  writePolicy: 'invalidate',
  readMitigation: 'single-flight',
  ttlSeconds: 60,
  intro:
    'Same hot key, same 60 s TTL, read mitigation "single-flight": a reader that misses must first take a lock with SET ... NX PX; only the lock holder queries the database.',
  introNotes:
    'The same stampede with single-flight: a reader that misses takes a lock, and only the lock holder queries the database.',
  setup: warmRead('A', 1),
  beats: [
    {
      notes:
        'The key expires, as in the stampede: the same starting point, only the mitigation differs.',
      actions: [advanceClock(61_000)],
      narration:
        'Fast-forward 61 s, past the TTL: user:1 has expired (TTL user:1 would answer -2).',
    },
    {
      notes: 'A misses, as before. Ask what A will do next: query, or take a lock first?',
      actions: [read('A', 1), stepActor('A')],
      narration: 'A sends GET user:1 and gets (nil): a miss.',
    },
    {
      notes: 'B, C and D miss too: so far the same as the stampede.',
      actions: [read('B', 1), read('C', 1), read('D', 1), ...stepActors('B', 'C', 'D')],
      narration: 'B, C and D send GET user:1 before any refill: three more (nil) replies.',
    },
    {
      notes:
        'A takes the lock with SET NX PX. NX makes it one winner; PX frees the lock if A crashes.',
      actions: [stepActor('A')],
      narration:
        'A sends SET lock:user:1 <token> NX PX 10000 and gets OK: lock:user:1 did not exist, so A now holds the lock (for at most 10 s, in case it crashes).',
    },
    {
      notes: 'The others do not get the lock: they wait and retry instead of querying.',
      actions: stepActors('B', 'C', 'D'),
      quiz: { kind: 'db-reads', counts: [0, 1, 3] },
      narration:
        'B, C and D send the same SET ... NX and each gets (nil): the lock exists, so nothing was set. Rather than query the database, they will wait and look again.',
    },
    {
      notes: 'One SELECT: DB reads goes to 2 and stays there.',
      actions: [stepActor('A')],
      narration:
        'Only A runs SELECT * FROM users WHERE id = 1: DB reads goes from 1 to 2, and stays there.',
    },
    {
      notes:
        'A fills the cache, then releases the lock, checking its token first, so a later miss can take it.',
      actions: stepActors('A', 'A'),
      narration:
        "A caches the row with SET user:1 ... EX 60, then releases the lock with an EVAL that deletes lock:user:1 only while it still holds A's token: it does, so the EVAL answers (integer) 1.",
    },
    {
      notes:
        'The waiting readers sit out their retry delay. Waiting costs latency, not database load.',
      actions: stepActors('B', 'C', 'D'),
      narration:
        'B, C and D sit out their 50 ms retry delay before they GET again; no command goes out while they wait. Stepped by hand, the three waits run one after another, so Virtual time moves on 150 ms (Scheduling: Timed overlaps them).',
    },
    {
      notes: 'Three hits: one SELECT served four readers. The cost is a short wait for B, C and D.',
      actions: stepActors('B', 'C', 'D'),
      narration:
        "Each retries GET user:1 and gets A's row: three hits. One SELECT served all four readers.",
    },
  ],
  outcome: {
    description:
      'One SELECT after the expiry (DB reads 2, counting the warm-up); the three waiting readers hit.',
    isMet: (s) => s.stats.dbReads === 2 && s.stats.hits === 3 && s.stats.staleReads === 0,
  },
};
