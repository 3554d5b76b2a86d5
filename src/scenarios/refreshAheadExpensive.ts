import type { SimAction } from '../engine/simAction';
import type { SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import { advanceClock, finish, read, stepActors } from './actions';
import type { Scenario } from './types';

/** This story's database read: 30 ms, as in "An expensive miss". */
const SLOW_SELECT_MS = 30;
/** A plain Step: whoever has work moves (here, the cache's own refresher). */
const step: SimAction = { type: 'step' };

/** SELECTs a reader's request waited for (a refresher's reload is nobody's wait). */
const readerSelects = (s: SimSnapshot): StepEvent[] =>
  s.events.filter((e) => e.program === 'read' && e.command.startsWith('SELECT'));
const backgroundSelects = (s: SimSnapshot): StepEvent[] =>
  s.events.filter((e) => e.program === 'background' && e.command.startsWith('SELECT'));

/** The expensive miss after expiry, paid by a reader under cache-aside and by nobody under refresh-ahead. */
export const refreshAheadExpensive: Scenario = {
  id: 'refresh-ahead-expensive',
  title: 'Refresh-ahead: nobody waits for the slow query',
  summary:
    'A 30 ms query behind user:42 and a 60 s TTL. Refresh-ahead reloads the entry in the background before it expires; under cache-aside the first reader after expiry pays the 30 ms.',
  actors: ['A', 'B'],
  pattern: 'refresh-ahead',
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 60,
  dbLatencyMs: SLOW_SELECT_MS,
  intro:
    'The database read is slow in this story: 30 ms for SELECT (an assumption, as in "An expensive miss"), against 0.3 ms for Redis. The pattern is refresh-ahead: reads go through the cache, and an entry read when less than half of its TTL is left is reloaded in the background.',
  introNotes:
    'This is the "a miss is very expensive" case of when not to use plain cache-aside. Watch who runs the SELECT: a reader (its request waits) or the cache’s refresher (nobody waits).',
  setup: [],
  beats: [
    {
      notes: 'The very first read has to pay: nothing is cached yet under any pattern.',
      actions: [read('A', 42), ...stepActors('A', 'A', 'A')],
      narration:
        'A sends GET user:42: a miss. The cache loads it (SELECT, 30 ms) and stores it (SET ... EX 60 NX), then answers A. The first read pays the slow query once.',
    },
    {
      notes: '45 s pass: 15 s of the 60 s TTL remain, less than half.',
      actions: [advanceClock(45_000)],
      narration:
        'Fast-forward 45 s: user:42 has 15 s of its 60 s TTL left (TTL user:42 would answer 15).',
    },
    {
      notes:
        'B’s answer came from the GET, in 0.3 ms. The PTTL is the cache checking the entry’s age; the reload it starts runs on its own.',
      actions: [read('B', 42), ...stepActors('B', 'B')],
      narration:
        'B sends GET user:42 and hits. The cache checks PTTL user:42: about 15,000 ms left, under half the TTL, so it starts a background reload. B does not wait for it.',
    },
    {
      notes:
        'The 30 ms is still paid, by the refresher. No request is waiting on it, and the TTL starts over.',
      actions: [step, step],
      narration:
        'The cache’s refresher runs SELECT * FROM users WHERE id = 42 (30 ms) and stores the row with a fresh EX 60 (its script stores only over an entry still there and no newer than the row): a fresh 60 s before the old entry would have expired.',
    },
    {
      notes: 'Past the first fill’s 60 s: under cache-aside this is a miss.',
      actions: [advanceClock(20_000)],
      narration:
        'Fast-forward 20 s more: 65 s after the first fill, past its 60 s TTL, but the reload reset the TTL (TTL user:42 would answer about 40).',
    },
    {
      notes:
        'Switch Pattern to cache-aside and replay: A misses here and runs the 30 ms SELECT itself.',
      // A's read to its end: a hit and its PTTL here; under the cache-aside the beat invites, a
      // miss, its SELECT and its SET, so that run too ends on its verdict.
      actions: [read('A', 42), finish('A')],
      narration:
        'A sends GET user:42 and hits the reloaded entry; PTTL shows about 40 s left, no reload needed. Only the first read ever waited for the slow SELECT. Switch Pattern to cache-aside to compare.',
    },
  ],
  outcome: {
    description:
      'After the first read no reader waited for the slow SELECT: the refresher reloaded user:42 before it expired, and the read after the old expiry hit.',
    isMet: (s) =>
      readerSelects(s).length === 1 &&
      backgroundSelects(s).length === 1 &&
      s.stats.refreshes === 1 &&
      s.stats.hits === 2 &&
      s.stats.misses === 1,
  },
  variants: [
    {
      settings: { pattern: 'cache-aside' },
      outcome: {
        description:
          'Under cache-aside nothing reloads the entry: it expires, and A’s read after the expiry misses and waits 30 ms for its own SELECT (two reads paid it, both A’s: the first and this one; B’s hit).',
        isMet: (s) =>
          readerSelects(s).length === 2 &&
          backgroundSelects(s).length === 0 &&
          readerSelects(s).every((e) => e.endMs - e.startMs >= SLOW_SELECT_MS - 1e-9),
      },
    },
  ],
};
