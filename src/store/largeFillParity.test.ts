// The lease's and the versioned fill's scripts store a row larger than the console's 1 MiB value
// limit as Redis 7 does (its limit is proto-max-bulk-len, 512 MB): the same EVALs go to a real
// redis-server and to the sandbox's cache adapter. Before, the script's SET was held to the
// console's limit, so a row the plain SET of cache-aside caches failed to fill under lease and
// versioned-fill with `ERR argument 2 of 'set' is larger than 1,048,576 bytes (1 MiB), the
// most this sandbox takes for a value`. Beside them, the script a read deletes a corrupt entry
// with (DISCARD_IF_UNCHANGED), on each kind of entry it can meet.
import { expect, it } from 'vitest';
import {
  describeAgainstRedis,
  outcomeDifferences,
  sandboxRedis,
  type Outcome,
} from '../cli/replyParity';
import { MAX_VALUE_BYTES } from '../engine/consoleLimits';
import { FILL_IF_LEASE_HOLDS } from '../engine/programs/readWithLease';
import { DISCARD_IF_UNCHANGED, FILL_IF_NEWER } from '../engine/programs/readVersionedFill';
import { selectToldStep } from './narrationSelectors';
import { freePlaySandbox } from './testSandbox';

/** A user row as the application caches it, its name making it larger than 1 MiB. */
const bigRow = (version: number): string =>
  JSON.stringify({ id: 1, name: 'x'.repeat(MAX_VALUE_BYTES + 100), version });

describeAgainstRedis("the read programs' scripts, against a real redis-server", ({ real }) => {
  it("stores the lease's and the versioned fill's row as Redis does", async () => {
    const row = bigRow(2);
    const commands = [
      ['FLUSHALL'],
      ['SET', 'lease:user:1', 'A-1', 'PX', '10000'],
      ['EVAL', FILL_IF_LEASE_HOLDS, '2', 'user:1', 'lease:user:1', 'A-1', row, 'EX', '3600'],
      ['STRLEN', 'user:1'],
      // Its TTL, within the seconds the real server's clock may move meanwhile.
      ['EVAL', "return redis.call('TTL', KEYS[1]) > 3590 and 1 or 0", '1', 'user:1'],
      ['EXISTS', 'lease:user:1'],
      ['DEL', 'user:1'],
      ['EVAL', FILL_IF_NEWER, '1', 'user:1', row, '2', 'EX', '3600'],
      ['STRLEN', 'user:1'],
      ['EVAL', FILL_IF_NEWER, '1', 'user:1', bigRow(3), '3', 'EX', '3600'],
      ['GETRANGE', 'user:1', '-13', '-1'],
      // A string the script makes itself, within its own 4 MiB a string.
      ['EVAL', "return redis.call('SET', 'made', string.rep('x', 2000000))", '0'],
      ['STRLEN', 'made'],
    ];
    const { differences } = await outcomeDifferences(real(), sandboxRedis(), commands);
    expect(differences).toEqual([]);
  });

  it('deletes a corrupt entry only while it holds what the read found, as Redis does', async () => {
    const discard = (found: string) => ['EVAL', DISCARD_IF_UNCHANGED, '1', 'user:1', found];
    const commands = [
      ['FLUSHALL'],
      // Unchanged since the GET: deleted (1).
      ['SET', 'user:1', 'notjson'],
      discard('notjson'),
      ['EXISTS', 'user:1'],
      // A writer's tombstone stored since: left (0).
      ['SET', 'user:1', '{"tombstone":true,"version":2}'],
      discard('notjson'),
      ['GET', 'user:1'],
      // Gone since: nothing to delete (0).
      ['DEL', 'user:1'],
      discard('notjson'),
      // A hash (the GET said WRONGTYPE, found ''): deleted.
      ['HSET', 'user:1', 'a', 'b'],
      discard(''),
      ['TYPE', 'user:1'],
      // Found a hash, a string stored since: left.
      ['SET', 'user:1', '{"id":1,"version":3}'],
      discard(''),
      ['GET', 'user:1'],
    ];
    const { differences } = await outcomeDifferences(real(), sandboxRedis(), commands);
    expect(differences).toEqual([]);
    // And what both answered, the script's replies among it.
    const sandbox = sandboxRedis();
    const values: Outcome[] = [];
    for (const argv of commands) values.push(await sandbox.send(argv));
    expect(values.map((o) => ('value' in o ? o.value : o.error))).toEqual([
      'OK',
      'OK',
      1,
      0,
      'OK',
      0,
      '{"tombstone":true,"version":2}',
      1,
      0,
      1,
      1,
      'none',
      'OK',
      0,
      '{"id":1,"version":3}',
    ]);
  });
});

for (const readMitigation of ['lease', 'versioned-fill'] as const)
  it(`${readMitigation}: a row over 1 MiB is cached, as cache-aside's plain SET caches it`, async () => {
    const store = await freePlaySandbox({ readMitigation });
    await store
      .getState()
      .runSql(`UPDATE users SET name = '${'n'.repeat(MAX_VALUE_BYTES / 2)}' || name WHERE id = 1`);
    await store
      .getState()
      .runSql(`UPDATE users SET name = '${'n'.repeat(MAX_VALUE_BYTES / 2)}' || name WHERE id = 1`);
    await store.getState().startRead('A', 1);
    const fillStep = readMitigation === 'lease' ? 4 : 3;
    for (let i = 0; i < fillStep; i++) await store.getState().stepActor('A');
    expect(selectToldStep(store.getState())).toMatch(
      new RegExp(
        `^Step ${fillStep}: A sends EVAL .*: \\(integer\\) 1.*Redis holds version 3, the current row\\.`,
      ),
    );
    expect((await store.getState().runRedis('STRLEN user:1')).text).toMatch(/^\(integer\) 10\d{5}/);
  });
