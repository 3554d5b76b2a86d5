// The cache layer's own actors (the change log's consumer, the write-behind flusher) step by
// their own Step button like the application's, and a link replays those presses.

import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from './sandboxConfig';
import { createSandboxStore } from './sandboxStore';
import { API_ARGUMENTS, checkArgument } from './sandboxSchema';
import { parseViewParams, viewLink } from './urlState';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function start(config: Partial<SandboxConfig>) {
  const store = createSandboxStore();
  await store.getState().start(SQL, {
    scenarioId: null,
    config: { ...DEFAULT_SANDBOX_CONFIG, ...config },
    inputs: [],
  });
  return store;
}

it.each([
  ['cdc', { invalidation: 'cdc' }, 'SELECT id, user_id, version, at FROM changes'],
  ['flusher', { pattern: 'write-behind' }, 'wait'],
] as const)(
  '%s steps by its own name while it has work, and a link replays the press',
  async (actor, config, command) => {
    const store = await start(config);
    const s = () => store.getState();
    expect(await s().stepActor(actor)).toMatch(/There is no actor/);
    expect(s().notices.at(-1)?.text).toMatch(/There is no actor/);
    expect(await s().startWrite('B', 1, { plan: 'team' })).toBeNull();
    while (!s().snapshot!.actors.some((a) => a.name === actor && a.pending !== null))
      expect(await s().stepActor('B')).toBeNull();
    // Plain Step would pick A or B first; the learner chooses the background actor.
    expect(await s().stepActor(actor)).toBeNull();
    // Its lane says what it does: the consumer invalidates; it reloads no user.
    const lane = s().snapshot!.actors.find((a) => a.name === actor)!;
    expect(lane.task).toBe(
      actor === 'cdc' ? 'invalidate from the change log' : 'flush the write-behind queue',
    );
    const last = s().snapshot!.events.at(-1)!;
    expect(last.actor).toBe(actor);
    expect(last.command).toContain(command);

    const { search } = viewLink(s());
    const { view, problems } = parseViewParams(search);
    expect(problems).toEqual([]);
    const copy = createSandboxStore();
    await copy.getState().start(SQL, view);
    expect(copy.getState().snapshot?.events).toEqual(s().snapshot?.events);
  },
);

it('the automation API takes the cache layer’s own actors by name, as the page’s buttons do', () => {
  for (const actor of ['A', 'cdc', 'flusher', 'refresher'])
    expect(checkArgument('stepActor', 'actor', API_ARGUMENTS.actor, actor)).toMatchObject({
      ok: true,
      value: actor,
    });
  expect(checkArgument('stepActor', 'actor', API_ARGUMENTS.actor, 'x'.repeat(17)).ok).toBe(false);
});
