import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StepEvent } from '../engine/stepEvent';
import { loadSqlJsNode } from '../engine/testSim';
import { describeEvent } from '../scenarios/narrate';
import { createSandboxStore } from './sandboxStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

describe('a reader fills the copy of a row the SQL console deleted after its SELECT', () => {
  it('the SET is a stale fill of a deleted row, and the next read of the copy is stale', async () => {
    const store = createSandboxStore();
    await store.getState().start(SQL);
    const s = () => store.getState();
    const lastEvent = () => s().snapshot?.events.at(-1) as StepEvent;
    await s().startRead('A', 123);
    await s().stepActor('A');
    expect(lastEvent()).toMatchObject({ command: 'GET user:123', isMiss: true });
    await s().stepActor('A');
    expect(lastEvent()).toMatchObject({ target: 'db', rowVersion: 1 });
    await s().runSql('DELETE FROM users WHERE id = 123');
    await s().stepActor('A');
    const fill = lastEvent();
    expect(fill).toMatchObject({ key: 'user:123', isStaleFill: true, isRowDeleted: true });
    expect(describeEvent(fill)).toContain(
      'A STALE FILL: Redis now holds version 1 of a row the database no longer holds (another process deleted it), and no invalidation is on its way',
    );
    expect(s().snapshot?.stats).toMatchObject({ staleFills: 1, staleReads: 0 });
    expect(s().snapshot?.cache).toEqual([
      expect.objectContaining({ key: 'user:123', isStale: true, isRowDeleted: true }),
    ]);

    await s().startRead('B', 123);
    await s().stepActor('B');
    expect(lastEvent()).toMatchObject({ isHit: true, isStaleRead: true });
    expect(lastEvent().verdict).toMatchObject({ isStale: true, isRowDeleted: true });
    expect(s().snapshot?.stats).toMatchObject({ staleFills: 1, staleReads: 1 });
  });
});
