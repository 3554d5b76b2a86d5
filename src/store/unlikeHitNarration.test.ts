// A hit on a copy newer than the database's row (typed in the console), in a read that goes on
// past its GET, or a copy at its version with other fields, is not called fresh: the read's own
// verdict, on its last step, judges it.
import { expect, it } from 'vitest';
import { seedRow } from '../engine/userSeed';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

const row = JSON.stringify({
  id: 1,
  name: 'Grace Lovelace',
  email: 'grace.lovelace@example.com',
  plan: 'free',
  version: 5,
  updated_at: 0,
});

it.each([{ pattern: 'refresh-ahead' }, { readMitigation: 'early-refresh' }])(
  '%o: GET hits version 5 while the database holds version 1, and the read goes on',
  async (config) => {
    const store = await freePlaySandbox({ ttlSeconds: 10, ...config });
    await store.getState().runRedis(`SET user:1 '${row}' EX 10`);
    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    expect(selectToldStep(store.getState())).toBe(
      'Step 1: A sends GET user:1 and hits version 5 while the database holds version 1, and the read goes on.',
    );
    await store.getState().stepActor('A');
    expect(selectToldStep(store.getState())).toMatch(
      /A STALE READ: this copy is not the database's row/,
    );
  },
);

it.each([{ pattern: 'refresh-ahead' }, { readMitigation: 'early-refresh' }])(
  '%o: GET hits version 1 with another name than the row, and the read goes on: not fresh',
  async (config) => {
    const store = await freePlaySandbox({ ttlSeconds: 10, ...config });
    const forged = JSON.stringify({ ...seedRow(1), name: 'Mallory' });
    await store.getState().runRedis(`SET user:1 '${forged}' EX 10`);
    await store.getState().startRead('A', 1);
    await store.getState().stepActor('A');
    expect(selectToldStep(store.getState())).toBe(
      `Step 1: A sends GET user:1 and hits version 1, but not the database's version 1: name "Mallory" where the row has "${seedRow(1).name}", and the read goes on.`,
    );
  },
);
