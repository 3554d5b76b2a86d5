import { advanceClock, read, stepActor } from './actions';
import type { SimAction } from '../engine/simAction';
import type { Scenario } from './types';

/** An admin's redis-cli line: asks Redis how long the key has left, changing nothing. */
const ttlOf = (key: string): SimAction => ({ type: 'redis', actor: 'ops', argv: ['TTL', key] });

/** TTL on its own: a cached copy lives for its TTL, then the next read misses and refills it. */
export const ttlExpiry: Scenario = {
  id: 'ttl-expiry',
  title: 'TTL: a cached copy expires',
  summary:
    'A fill sets EX 60; the copy serves hits while it lives, Redis drops it after 60 s, and the next read misses and refills.',
  actors: ['A', 'B'],
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 60,
  intro:
    'Redis is empty and the TTL is 60 s. A will read user 7 three times: once to fill the cache, once half-way through the TTL, and once after it ran out. An admin (client "ops") asks Redis for the remaining TTL in between.',
  introNotes:
    'Set the scene: every cached copy in cache-aside carries an expiry, set by the application on its SET. Ask the room what they expect Redis to do when the minute is up: nothing dramatic, the key simply stops existing.',
  setup: [],
  beats: [
    {
      notes:
        'A plain miss, as in the first scenario. Point at user:7: read from the database, not cached. Nothing is cached until the application stores it.',
      actions: [read('A', 7), stepActor('A'), stepActor('A')],
      narration:
        'A sends GET user:7 and gets (nil), a miss, then runs SELECT * FROM users WHERE id = 7 and receives version 1.',
    },
    {
      notes:
        "The important word on this SET is EX 60. Show the key's TTL counting down: it runs on the virtual clock, so it only moves when we move time.",
      actions: [stepActor('A')],
      narration:
        "A sends SET user:7 ... EX 60: Redis keeps the copy for 60 seconds. Look at the key's TTL: 1 min 0 s left.",
    },
    {
      notes:
        'ops is not the application: it is a person at redis-cli. TTL answers the seconds left; nothing about the key changes.',
      actions: [advanceClock(30_000), ttlOf('user:7')],
      narration:
        'Half a minute of virtual time passes. ops sends TTL user:7 and Redis answers (integer) 30: the copy is half-way through its life.',
    },
    {
      notes:
        'A hit before the expiry: one Redis round trip, no database. Ask: if the row had changed in the last 30 s, what would A have seen? (The old copy: the TTL is the upper bound on staleness.)',
      actions: [read('A', 7), stepActor('A')],
      narration:
        'A sends GET user:7: a hit, served from Redis. A plain GET does not extend the TTL; the copy still expires 60 s after it was set.',
    },
    {
      notes:
        'Redis drops an expired key on access (and in the background). -2 is the reply for a key that does not exist: an expired key is indistinguishable from one never set.',
      actions: [advanceClock(31_000), ttlOf('user:7')],
      narration:
        'Another 31 s pass, past the 60 s. ops sends TTL user:7 and Redis answers (integer) -2: the key does not exist any more.',
    },
    {
      notes:
        'The read that comes after an expiry pays for a miss again. That cost, once per TTL per key, is the price of bounded staleness; the next scenarios make it expensive.',
      actions: [read('A', 7), stepActor('A'), stepActor('A'), stepActor('A')],
      narration:
        'A reads again: GET user:7 answers (nil), a miss; SELECT reads the row once more and SET user:7 ... EX 60 caches it for another minute.',
    },
  ],
  outcome: {
    description:
      'Two misses and one hit: the copy served a hit while it lived, expired after 60 s (TTL -2), and the next read refilled it.',
    isMet: (s) => {
      const ttls = s.events.filter((e) => e.command.startsWith('TTL')).map((e) => e.reply);
      return (
        s.stats.misses === 2 &&
        s.stats.hits === 1 &&
        s.stats.dbReads === 2 &&
        ttls.length === 2 &&
        ttls[1] === '(integer) -2' &&
        s.events.filter(
          (e) =>
            e.program === 'read' &&
            e.key === 'user:7' &&
            e.command.startsWith('SET ') &&
            !e.isError,
        ).length === 2
      );
    },
  },
};
