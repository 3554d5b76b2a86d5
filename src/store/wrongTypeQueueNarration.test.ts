// Under write-behind, a queue key typed in as a string (SET write-behind:queue x) refuses the
// writer's RPUSH and the flusher's LPOP with WRONGTYPE. The step says the key holds another type
// than the list those commands work on: until 2026-12-06 it said "not the string RPUSH works on".
import { expect, it } from 'vitest';
import { selectToldStep } from './narrationSelectors';
import type { SandboxStoreApi } from './sandboxStore';
import { freePlaySandbox } from './testSandbox';

async function toldUntil(store: SandboxStoreApi, command: string): Promise<string> {
  for (let i = 0; i < 6; i++) {
    await store.getState().step();
    const told = selectToldStep(store.getState()) ?? '';
    if (told.includes(`sends ${command}`)) return told;
  }
  throw new Error(`no ${command}`);
}

it.each([
  ['RPUSH', 'B'],
  ['LPOP', 'flusher'],
])('%s on a queue that holds a string: not the list it works on', async (command, sender) => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  if (command === 'LPOP') {
    await store.getState().startWrite('B', 1, { plan: 'team' });
    while (store.getState().snapshot?.actors.find((a) => a.name === 'B')?.pending)
      await store.getState().stepActor('B');
  }
  await store.getState().runRedis('SET write-behind:queue x');
  if (command === 'RPUSH') await store.getState().startWrite('B', 2, { plan: 'team' });
  const told = await toldUntil(store, command);
  expect(told).toContain(sender === 'B' ? 'The cache (for B) sends RPUSH' : "The cache's flusher");
  expect(told).toContain(
    `(error) WRONGTYPE Operation against a key holding the wrong kind of value. Redis is reachable, but refused the command: write-behind:queue holds a value of another type (a string, a hash, a set ...), not the list ${command} works on.`,
  );
  expect(told).not.toContain('not the string');
});
