import type { SimSnapshot } from '../engine/simSnapshot';
import type { StepEvent } from '../engine/stepEvent';
import { advanceClock, read, stepActor, stepActors } from './actions';
import type { Scenario } from './types';

/** This story's database read: 30 ms, 100 times the 0.3 ms Redis round trip. */
const SLOW_SELECT_MS = 30;

const took = (e: StepEvent): number => e.endMs - e.startMs;
const selects = (s: SimSnapshot): StepEvent[] =>
  s.events.filter((e) => e.command.startsWith('SELECT'));

/** A slow query makes every miss expensive, and a stampede multiplies it. */
export const expensiveMiss: Scenario = {
  id: 'expensive-miss',
  title: 'An expensive miss, and a stampede on it',
  quizTitle: 'An expensive miss',
  summary:
    'The query behind user:42 takes 30 ms, 100 times a Redis hit; one miss costs a hundred hits, and four readers missing at once cost four queries.',
  actors: ['A', 'B', 'C', 'D'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 60,
  dbLatencyMs: SLOW_SELECT_MS,
  intro:
    'In this story the database read is slow: 30 ms for SELECT (an assumption of this scenario; the default is 2 ms), against 0.3 ms for a Redis round trip. Think of a report, a join over large tables, or a remote service. Watch the virtual clock in the stats: each SELECT moves it by 30 ms.',
  introNotes:
    'What a cache buys: reads that are expensive to compute and cheap to keep, 100 to 1 here. Each miss is still paid in full by a reader, so where one miss is too costly to wait for, cache-aside alone is not enough (the closing screen links refresh-ahead). The 30 ms is a stated assumption, not a measurement.',
  setup: [],
  beats: [
    {
      notes: 'A cheap question first: 0.3 ms to learn the answer is not in Redis.',
      actions: [read('A', 42), stepActor('A')],
      narration: 'A sends GET user:42 and gets (nil): a miss, found in 0.3 ms.',
    },
    {
      notes:
        'Read the clock aloud before and after this step: it jumps by 30 ms. Everything the cache saves is measured against this number.',
      actions: [stepActor('A')],
      narration:
        'A runs SELECT * FROM users WHERE id = 42 and waits 30 ms for the row: the clock moves by 30 ms for this one statement.',
    },
    {
      notes: 'The fill is cheap; the TTL of 60 s decides how often the 30 ms is paid again.',
      actions: [stepActor('A')],
      narration:
        'A sends SET user:42 ... EX 60. From now on the answer costs a Redis round trip, until the key expires.',
    },
    {
      notes:
        'Ask the room: how many hits pay for that one miss? 100. A hit rate of 90% means on average 0.1 × 30 + 0.3 ≈ 3.3 ms a read, not 30.',
      actions: [read('B', 42), stepActor('B')],
      narration:
        'B sends GET user:42: a hit, answered in 0.3 ms, one hundredth of the SELECT it saved.',
    },
    {
      notes:
        'Now the bad day: the key expires while four processes want it. Nothing has gone wrong yet; it is simply past 60 s.',
      actions: [advanceClock(61_000)],
      narration:
        'Fast-forward 61 s, past the 60 s TTL: user:42 is gone (TTL user:42 would answer -2).',
    },
    {
      notes: 'Four misses in a row, each cheap. The expensive part is what each of them does next.',
      actions: [
        read('A', 42),
        read('B', 42),
        read('C', 42),
        read('D', 42),
        ...stepActors('A', 'B', 'C', 'D'),
      ],
      narration:
        'A, B, C and D each send GET user:42 before anyone refills it, and each gets (nil): four misses.',
    },
    {
      notes:
        'Here is the stampede: four identical 30 ms queries, 120 ms of database time for one row. With hundreds of readers this is what takes a database down. Single-flight (or a lease) makes it one query: part 4 of the course shows it on a hot key under single-flight.',
      actions: stepActors('A', 'B', 'C', 'D'),
      narration:
        'All four run SELECT * FROM users WHERE id = 42: four slow queries for the same row, 120 ms of database time where one query would do. DB reads goes from 1 to 5.',
    },
    {
      notes:
        'Four SETs of the same row: the work was done four times to cache it once. Next scenario group: what happens when the row changes.',
      actions: stepActors('A', 'B', 'C', 'D'),
      narration:
        'All four SET user:42 ... EX 60 with the same row. In part 4 of the course, a hot key under single-flight shows one SELECT doing it while the others wait.',
    },
  ],
  outcome: {
    description:
      'Each SELECT took at least 100 times the hit (30 ms against 0.3 ms), and after the expiry four readers ran four SELECTs (DB reads 5).',
    isMet: (s) => {
      const hit = s.events.find((e) => e.isHit);
      return (
        hit !== undefined &&
        s.stats.dbReads === 5 &&
        s.stats.misses === 5 &&
        s.stats.hits === 1 &&
        selects(s).length === 5 &&
        selects(s).every((e) => took(e) >= 100 * took(hit) - 1e-9)
      );
    },
  },
};
