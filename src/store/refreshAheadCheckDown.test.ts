// Refresh-ahead (and early refresh): a read hit, then Redis went down before the cache's PTTL (the check that decides
// a background reload). The read has its row from the GET: the told step, the read's result and
// the counters say it returned that copy, without a second trip to the database.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

const ERROR =
  '(error) Connection is closed. The command never reached Redis: it cannot be reached (a connection error).';

it.each([
  {
    name: 'a refresh-ahead hit',
    config: { pattern: 'refresh-ahead' } as const,
    told: "A's read returns version 1, the copy its GET hit: the cache only could not check the entry's TTL, so it starts no reload.",
  },
  {
    name: 'an early-refresh hit',
    config: { readMitigation: 'early-refresh' } as const,
    told: "A's read returns version 1, the copy its GET hit: only the entry's TTL could not be checked, so it does not refresh early.",
  },
])(
  '$name whose PTTL cannot reach Redis returns its copy and is told so, with no DB read',
  async ({ config, told }) => {
    const store = await freePlaySandbox();
    await store.getState().configure(config);
    await store.getState().startRead('A', 7);
    for (let i = 0; i < 3; i++) await store.getState().stepActor('A'); // GET nil, SELECT, SET
    await store.getState().startRead('A', 7);
    await store.getState().stepActor('A'); // GET: a hit
    await store.getState().setCacheAvailable(false);
    await store.getState().stepActor('A'); // PTTL: a connection error
    expect(selectToldStep(store.getState())).toContain(`${ERROR} ${told}`);
    expect(store.getState().snapshot?.stats).toMatchObject({ hits: 1, dbReads: 1, cacheErrors: 1 });
    expect(store.getState().snapshot?.actors.map((a) => a.task)).toEqual([null, null]);
  },
);
