import type { ReadMitigation, WritePolicy } from './programs/catalog';
import type { LearnerPath } from './programs/learner';
import type { SimAction } from './simAction';

export interface Challenge {
  id: string;
  title: string;
  /** Which program the learner writes (the other stays ours). */
  path: LearnerPath;
  /** What is checked, in words. */
  check: string;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
}

/**
 * The shortest interleaving that breaks the learner's program: the sandbox can replay it from
 * `actions` (requests, then one `stepActor` per entry of `schedule`).
 */
export interface Counterexample {
  /** Which actor took each step, in order. */
  schedule: string[];
  /** What went wrong, in words. */
  problem: string;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  actorCount: number;
  /**
   * What the check's run was set up with beyond the challenge's policies: who stepped next
   * (`timed`: steps overlap by their latencies), the number its tokens were counted on from
   * (the stampede's second run: 10, so B holds B-11), and how long a database read took (ms).
   */
  scheduler: 'manual' | 'timed';
  tokensAfter: number;
  dbLatency: number;
  /** Everything to dispatch, in order, to reproduce it in a fresh simulation. */
  actions: SimAction[];
  /** Steps of `actions` that only set the stage (a warm-up read): the interleaving starts after. */
  setupSteps: number;
}

export interface ChallengeVerdict {
  passed: boolean;
  /** Interleavings (and runs) checked. */
  checked: number;
  message: string;
  counterexample?: Counterexample;
}

export const CHALLENGES: readonly Challenge[] = [
  {
    id: 'stale-set',
    title: 'Make the read path safe against the stale-set race without changing the write path',
    path: 'read',
    check:
      'A reads user:1 on a cold cache while B writes it (UPDATE then DEL). In every interleaving the cache must not be left holding an older row than the database, no read may return an outdated row, and a read on its own must still fill the cache. The row of user 2, cached from the start, must be left as it was, the copy of user 1 must expire within ctx.ttlSeconds, and a lock or counter left behind must expire too.',
    writePolicy: 'invalidate',
    readMitigation: 'none',
  },
  {
    id: 'stampede',
    title: 'Stop the stampede with one database read',
    path: 'read',
    check:
      'A, B and C read user:1 at the same moment on a cold cache, each step taking its latency (timed scheduling), then B, C and D do, then A, B and C with the database slow to answer (100 ms a read): each time the database may be read once, every read must return the row, and a reader that waits must return within a retry delay (ctx.retryDelayMs) of the fill. The row of user 2, cached from the start, must be left as it was, the copy of user 1 must expire within ctx.ttlSeconds, and a lock or counter left behind must expire too.',
    writePolicy: 'invalidate',
    readMitigation: 'none',
  },
  {
    id: 'ttl-only-fresh',
    title: 'Make write-then-read fresh under ttl-only',
    path: 'write',
    check:
      'user:1 is cached; B writes it while A reads it. In every interleaving, a read that starts after both finished must return the new row, and the cache must hold no row the database never had. The row of user 2, cached from the start, must be left as it was, and the copy of user 1 must expire within ctx.ttlSeconds.',
    writePolicy: 'ttl-only',
    readMitigation: 'none',
  },
];
