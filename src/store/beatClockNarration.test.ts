// A scenario's beat that moves the clock, told off the script, names the keys that move expired,
// read from the engine's state before it moved, as a clock move in free play does.
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { loadSqlJsNode } from '../engine/testSim';
import { createSandboxStore } from './sandboxStore';
import { selectNarration, selectToldStep } from './narrationSelectors';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

async function ttlExpiryAt(steps: number) {
  const store = createSandboxStore();
  await store.getState().start(SQL);
  await store.getState().loadScenario('ttl-expiry');
  for (let i = 0; i < steps; i++) await store.getState().step();
  return store;
}

it('ttl-expiry off the script: the 30 s beat names user:7, which EXPIRE 5 made run out', async () => {
  const store = await ttlExpiryAt(2);
  await store.getState().runRedis('EXPIRE user:7 5');
  await store.getState().step();
  const told = selectNarration(store.getState()) ?? '';
  expect(told).toMatch(
    /^The virtual clock moves on 30 s: user:7 expires \(TTL ran out\), so Redis no longer holds it\. /,
  );
  expect(told).not.toContain('keys whose TTL ran out');
  expect(selectToldStep(store.getState())).toContain('user:7 expires (TTL ran out)');
});

it('ttl-expiry off the script: a beat whose clock move expires nothing says Redis holds what it held', async () => {
  const store = await ttlExpiryAt(2);
  await store.getState().runRedis('EXPIRE user:7 600');
  await store.getState().step();
  expect(selectNarration(store.getState())).toMatch(
    /^The virtual clock moves on 30 s: no key's TTL runs out in that time, so Redis holds what it held\. /,
  );
});
