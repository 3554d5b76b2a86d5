import type { SimAction } from '../engine/simAction';
import { read, stepActors, warmRead, write } from './actions';
import { lastReadOf } from './readChecks';
import type { Scenario } from './types';

/** A plain Step: whoever has work moves (here, the cache's own flusher). */
const step: SimAction = { type: 'step' };

/** Write-behind acknowledges before the database has the write; a cache restart loses it. */
export const writeBehindLost: Scenario = {
  id: 'write-behind-lost',
  title: 'Write-behind: writes lost to a cache restart',
  summary:
    'Two writes land in the cache and its queue and are acknowledged; Redis restarts before the flusher runs, and the database never gets them.',
  actors: ['A', 'B'],
  pattern: 'write-behind',
  writePolicy: 'invalidate',
  readMitigation: 'none',
  ttlSeconds: 3600,
  intro:
    'The pattern is write-behind: a write lands in the cache and a queue (a Redis list), the application gets its answer at once, and a flusher writes the queue to the database a second later. user:7 is cached at version 1. Compare the cached copy of user:7 with its database row at each step.',
  introNotes:
    'Write-behind is the fastest write there is, and the only pattern here where an acknowledged write can vanish. Ask the room where the only copy of the write is after the first beat.',
  setup: warmRead('A', 7),
  beats: [
    {
      notes: 'Three commands, none of them SQL: the cache is now the only place the write exists.',
      actions: [write('A', 7, { plan: 'team' }), ...stepActors('A', 'A', 'A')],
      narration:
        'A changes the plan from "pro" to "team". The cache takes its copy (GET user:7), stores version 2 without expiry (SET) and queues the change (RPUSH write-behind:queue). A is told the write is done; the database still holds version 1.',
    },
    {
      notes:
        'A second acknowledged write, also only in Redis. The stats strip counts both as waiting.',
      actions: [write('B', 7, { name: 'Ada' }), ...stepActors('B', 'B', 'B')],
      narration:
        'B renames the user: GET, SET version 3, RPUSH. Two writes wait in the queue; the flusher has not woken yet. Redis and the database now disagree by two versions.',
    },
    {
      notes:
        'No persistence, as in a cache that restarts empty: the cached rows and the queue go together.',
      actions: [{ type: 'restartCache' }],
      narration:
        'Redis restarts empty, before the flusher ran. user:7 and the queue are gone: the two writes never reached an UPDATE, and they are counted as lost.',
    },
    {
      notes: 'The flusher does everything right, too late.',
      actions: [step, step],
      narration:
        'The flusher wakes after its delay and sends LPOP write-behind:queue 50: (nil), nothing to write. No UPDATE reaches the database.',
    },
    {
      notes:
        'The user saved twice and sees neither change. Switch Pattern to write-through and replay: the database has both writes.',
      actions: [read('A', 7), ...stepActors('A', 'A', 'A')],
      narration:
        'A reads user:7: GET misses, the cache loads SELECT ... id = 7 from the database, version 1, plan and name as before both writes. Switch Pattern to write-through to compare.',
    },
  ],
  outcome: {
    description:
      'Both acknowledged writes were lost: 2 lost writes, the database never left version 1, and the reread loads version 1.',
    isMet: (s) =>
      s.stats.lostWrites === 2 && s.stats.flushedWrites === 0 && lastReadOf(s, 7)?.version === 1,
  },
  variants: [
    {
      settings: { pattern: 'write-through' },
      outcome: {
        description:
          'Under write-through each write reached the database before it was acknowledged: no write lost, and the reread after the restart loads version 3.',
        isMet: (s) => s.stats.lostWrites === 0 && lastReadOf(s, 7)?.version === 3,
      },
    },
    {
      settings: { pattern: 'cache-aside' },
      outcome: {
        description:
          "Under cache-aside the application writes the database itself (UPDATE, then DEL): no write lost; each write's DEL has already emptied the key, so the restart removes nothing, and the reread misses and loads version 3.",
        isMet: (s) => s.stats.lostWrites === 0 && lastReadOf(s, 7)?.version === 3,
      },
    },
  ],
};
