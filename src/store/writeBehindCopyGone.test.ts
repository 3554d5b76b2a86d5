// Under write-behind, a read that misses while a write of its row is queued loads the older row
// and says why the cache's copy of the write is gone: by the command log, who removed it. Before,
// it said "(evicted or deleted)" whatever happened, a restart of Redis too.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';
import { selectToldStep } from './narrationSelectors';

const behind = (cause: string) =>
  `A write of this row is still queued, acknowledged but not yet in the database, and the cache's copy of it is gone (${cause}): this row leaves that write out, so the copy the cache stores from it is not what the database will hold once the queue is flushed.`;

it("a restart of Redis between the write's SET and its RPUSH is named as what removed the copy", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const s = () => store.getState();
  await s().startWrite('A', 1, { plan: 'team' });
  for (let i = 0; i < 3; i++) await s().stepActor('A'); // GET, SELECT, SET
  await s().restartCache();
  await s().stepActor('A'); // RPUSH: the write is queued after the restart
  await s().startRead('B', 1);
  await s().stepActor('B');
  await s().stepActor('B');
  expect(selectToldStep(s())).toContain(behind('a restart of Redis removed it'));
});

it("a console DEL of the write's copy is named as what removed it", async () => {
  const store = await freePlaySandbox({ pattern: 'write-behind' });
  const s = () => store.getState();
  await s().startWrite('A', 1, { plan: 'team' });
  for (let i = 0; i < 4; i++) await s().stepActor('A');
  await s().runRedis('DEL user:1');
  await s().startRead('B', 1);
  await s().stepActor('B');
  await s().stepActor('B');
  expect(selectToldStep(s())).toContain(behind("the console's DEL removed it"));
});
