// A trigger the learner adds may write a row the application's UPDATE does not name (README:
// "a trigger ... that writes another user" is a use that stays). The database panel, the STALE
// badge and the stale-read count must then follow the row the trigger wrote, not only the one
// the write named: until 2026-12-06 the panel kept user 2 at version 1 beside a row at
// version 2, and its cached copy of version 1 was neither badged STALE nor counted stale.
import { expect, it } from 'vitest';
import { freePlaySandbox } from './testSandbox';

it("a write whose trigger changes another user's row: that row and its cached copy are judged by it", async () => {
  const store = await freePlaySandbox({});
  const st = () => store.getState();
  await st().startRead('A', 2);
  for (let i = 0; i < 3; i++) await st().stepActor('A'); // GET, SELECT, SET: user:2 at version 1
  await st().runSql(
    "CREATE TRIGGER t AFTER UPDATE OF name ON users WHEN NEW.id = 1 BEGIN UPDATE users SET name = 'side' WHERE id = 2; END",
  );
  await st().startWrite('B', 1, { name: 'W' });
  for (let i = 0; i < 2; i++) await st().stepActor('B'); // UPDATE user 1 (the trigger writes 2), DEL
  const snap = st().snapshot!;
  expect(snap.db.find((r) => r.id === 2)).toMatchObject({ name: 'side', version: 2 });
  expect(snap.cache.find((e) => e.key === 'user:2')).toMatchObject({ version: 1, isStale: true });
  await st().startRead('A', 2);
  await st().stepActor('A'); // GET user:2: a hit on the copy of version 1
  expect(st().snapshot!.stats).toMatchObject({ reads: 2, hits: 1, staleReads: 1 });
}, 30_000);
