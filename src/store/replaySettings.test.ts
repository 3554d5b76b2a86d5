import type { SqlJsStatic } from 'sql.js';
import { beforeAll, expect, it } from 'vitest';
import { READ_STARTER } from '../engine/programs/learnerSources';
import { loadSqlJsNode } from '../engine/testSim';
import { learnerBeside } from '../app/testLearner';
import { MemoryStorage } from '../platform/memoryStorage';
import { loadVersioned } from '../platform/versionedStorage';
import { startSettingsPersistence } from '../app/persistence';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from './sandboxConfig';
import { isRestorable } from './replaySettings';
import { createSandboxStore, type SandboxStoreApi } from './sandboxStore';
import { DEFAULT_STORED_SETTINGS, SETTINGS_DOCUMENT } from './storedSettings';
import type { LearnerStoreApi } from './learnerStore';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

/** The learner's own settings: none of them the defaults a counterexample's replay runs under. */
const MINE: SandboxConfig = {
  ...DEFAULT_SANDBOX_CONFIG,
  seed: 5,
  ttlSeconds: 60,
  writePolicy: 'update-cache',
  readMitigation: 'lease',
  latencyModel: 'lognormal',
  latencyTail: 8,
  maxKeys: 50,
  eviction: 'allkeys-lru',
};

/** A sandbox in free play under MINE, its learner's read path failing the stale-set check. */
async function checkedOnce(): Promise<{ sandbox: SandboxStoreApi; learner: LearnerStoreApi }> {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  expect(await sandbox.getState().configure(MINE)).toBeNull();
  const learner = await learnerBeside(sandbox, SQL);
  learner.getState().setDraft('read', READ_STARTER);
  expect((await learner.getState().check('stale-set')).counterexample).toBeDefined();
  return { sandbox, learner };
}

const replayNotices = (sandbox: SandboxStoreApi) =>
  sandbox.getState().notices.filter((n) => n.topic === 'replay');

it("Restore my settings puts back every setting a counterexample's replay set aside, exactly", async () => {
  const { sandbox, learner } = await checkedOnce();
  await learner.getState().loadCounterexample('stale-set');
  // The replay runs under the check's settings: the learner's seed, TTL, policies and the rest
  // are the defaults there, and its notice offers them back.
  expect(sandbox.getState().config).toEqual({ ...DEFAULT_SANDBOX_CONFIG, actorCount: 2 });
  expect(replayNotices(sandbox)).toHaveLength(1);
  expect(isRestorable(sandbox.getState())).toBe(true);
  // A second counterexample keeps the settings from before the first, not the first's.
  await learner.getState().loadCounterexample('stale-set');
  expect(replayNotices(sandbox)).toHaveLength(1);
  expect(await sandbox.getState().restoreSettings()).toBeNull();
  expect(sandbox.getState().config).toEqual(MINE);
  expect(sandbox.getState().settingsBeforeReplay).toBeNull();
  // "Loaded, under the settings it ran with" no longer holds, so it goes, and nothing is offered.
  expect(replayNotices(sandbox)).toEqual([]);
  expect(isRestorable(sandbox.getState())).toBe(false);
});

it("leaving a counterexample's replay for a scenario, free play or another view takes the learner's settings back", async () => {
  const { sandbox, learner } = await checkedOnce();
  await learner.getState().loadCounterexample('stale-set');
  expect(await sandbox.getState().loadScenario(null)).toBeNull();
  expect(sandbox.getState().config).toEqual(MINE);
  // Free play, as the replay was: its notice no longer speaks of the run shown.
  expect(replayNotices(sandbox)).toEqual([]);
  await learner.getState().loadCounterexample('stale-set');
  expect(await sandbox.getState().loadScenario('stale-set')).toBeNull();
  // The scenario's own settings, over the learner's others: their seed and latency tail, not
  // the replay's defaults.
  expect(sandbox.getState().config).toMatchObject({ seed: 5, latencyTail: 8 });
  expect(sandbox.getState().settingsBeforeReplay).toBeNull();
  // The browser's Back to the view before a replay: that view's own settings, and no notice.
  await learner.getState().loadCounterexample('stale-set');
  await sandbox.getState().openView({ scenarioId: null, config: MINE, inputs: [] });
  expect(sandbox.getState().config).toEqual(MINE);
  expect(sandbox.getState().settingsBeforeReplay).toBeNull();
  expect(replayNotices(sandbox)).toEqual([]);
});

it("a counterexample's replay leaves the learner's saved settings as they were", async () => {
  const { sandbox, learner } = await checkedOnce();
  const storage = new MemoryStorage();
  const stop = startSettingsPersistence(sandbox, storage, DEFAULT_STORED_SETTINGS);
  const saved = () => loadVersioned(storage, SETTINGS_DOCUMENT).value?.sandbox;
  await sandbox.getState().configure({ ttlSeconds: 61 });
  expect(saved()).toEqual({ ...MINE, ttlSeconds: 61 });
  await learner.getState().loadCounterexample('stale-set');
  // A reload on a page without an address of its own opens with these, not the check's.
  expect(saved()).toEqual({ ...MINE, ttlSeconds: 61 });
  await sandbox.getState().restoreSettings();
  expect(saved()).toEqual({ ...MINE, ttlSeconds: 61 });
  stop();
});

it('a view opened with the settings its entry set aside (Forward to a replay) sets them aside again, and says so', async () => {
  const sandbox = createSandboxStore();
  await sandbox.getState().start(SQL);
  const replay = { ...DEFAULT_SANDBOX_CONFIG, scheduler: 'timed' as const };
  await sandbox
    .getState()
    .openView({ scenarioId: null, config: replay, inputs: [], setAside: MINE });
  expect(sandbox.getState().config).toEqual(replay);
  // Before, Forward to the replay's entry lost them: no Restore my settings.
  expect(sandbox.getState().settingsBeforeReplay).toEqual({ config: MINE });
  expect(isRestorable(sandbox.getState())).toBe(true);
  expect(sandbox.getState().notices.find((n) => n.topic === 'replay')?.text).toBe(
    "Back at the counterexample's replay, under the settings its check ran with: yours are still set aside.",
  );
  expect(await sandbox.getState().restoreSettings()).toBeNull();
  expect(sandbox.getState().config).toEqual(MINE);
  // A reload of the replay's entry starts with them set aside too.
  const reloaded = createSandboxStore();
  await reloaded
    .getState()
    .start(SQL, { scenarioId: null, config: replay, inputs: [], setAside: MINE });
  expect(reloaded.getState().settingsBeforeReplay).toEqual({ config: MINE });
  expect(isRestorable(reloaded.getState())).toBe(true);
  // Another view, no entry's settings with it: nothing set aside.
  await sandbox.getState().openView({ scenarioId: null, config: replay, inputs: [] });
  expect(sandbox.getState().settingsBeforeReplay).toBeNull();
});
