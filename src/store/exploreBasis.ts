// What an exploration started from, as keys: the sandbox's setup and settings it ran, to tell
// when the sandbox has left them, and whether two settings or programs run alike.
import type { LearnerSources } from '../engine/programs/learner';
import {
  effectiveMitigation,
  settingsInUse,
  type Pattern,
  type YourPaths,
} from '../engine/programs/patterns';
import type { SimAction } from '../engine/simAction';
import { findScenario } from '../scenarios';
import type { SandboxConfig } from './sandboxConfig';
import type { SandboxStore } from './sandboxStore';
import type { RunCut } from './sandboxState';
import type { ExploreBasis, ExploreSettings } from './explorerState';

export const settingsOf = (config: SandboxConfig): ExploreSettings => ({
  writePolicy: config.writePolicy,
  readMitigation: config.readMitigation,
  invalidation: config.invalidation,
});

export const sameSettings = (a: ExploreSettings, b: ExploreSettings): boolean =>
  a.writePolicy === b.writePolicy &&
  a.readMitigation === b.readMitigation &&
  a.invalidation === b.invalidation;

/**
 * Whether two settings run the same programs under `pattern` (see `settingsInUse`): a change of a
 * setting that takes no part (the write policy under cdc, both under write-through, a mitigation
 * whose consumer sends the same DEL) replaces its cost row instead of adding one that reads the
 * same.
 */
export const sameInUse = (
  pattern: Pattern,
  a: ExploreSettings,
  b: ExploreSettings,
  yours: YourPaths,
): boolean =>
  a.invalidation === b.invalidation &&
  (!settingsInUse(pattern, a.invalidation, yours).writePolicy || a.writePolicy === b.writePolicy) &&
  effectiveMitigation(pattern, a.invalidation, a.readMitigation, yours) ===
    effectiveMitigation(pattern, b.invalidation, b.readMitigation, yours);

/**
 * Whether the sandbox has left the requests a grid explored: an input since Back replaced the
 * steps the grid's run had (Back alone keeps them to redo).
 */
export function hasLeftBasis(
  s: SandboxStore,
  basis: Pick<ExploreBasis, 'cursor' | 'setup'>,
): boolean {
  return basis.cursor > s.timeline.length || setupJsonOf(s, basis.cursor) !== jsonOf(basis.setup);
}

/**
 * What took away the requests a grid explored, once the sandbox has left them: the newest change
 * since the grid that dropped entries it ran from (kept fewer than it, or opened another
 * scenario). Null when none is on record (more changes since than the sandbox keeps).
 */
export function basisLeftBy(
  s: SandboxStore,
  basis: Pick<ExploreBasis, 'cursor' | 'scenarioId' | 'cutSerial'>,
): RunCut | null {
  return (
    s.runCuts.findLast(
      (c) =>
        c.serial > basis.cutSerial && (c.kept < basis.cursor || c.scenarioId !== basis.scenarioId),
    ) ?? null
  );
}

/** What the sandbox has done so far, as engine actions: what each explored run starts from. */
export function setupOf(s: SandboxStore, cursor = s.cursor): SimAction[] {
  const sc = s.scenarioId === null ? undefined : findScenario(s.scenarioId);
  return [...(sc?.setup ?? []), ...s.timeline.slice(0, cursor).flatMap((e) => e.actions)];
}

/**
 * Each entry's actions as JSON (its items, without the brackets), written once: a setup's JSON is
 * joined from them. Before, every Back and Step wrote the whole setup out three times, 1.2 MB each
 * beside 10,000 keys and a 1 MB value set from the console (about 0.1 s of the page's thread).
 */
const itemsJson = new WeakMap<readonly SimAction[], string>();

const itemsOf = (actions: readonly SimAction[]): string => {
  let json = itemsJson.get(actions);
  if (json === undefined) {
    json = JSON.stringify(actions).slice(1, -1);
    itemsJson.set(actions, json);
  }
  return json;
};

/** `JSON.stringify(actions)`, from the kept JSON of each entry's actions. */
export const jsonOf = (actions: readonly SimAction[]): string => `[${itemsOf(actions)}]`;

/** `JSON.stringify(setupOf(s, cursor))`, joined from each entry's kept JSON. */
export function setupJsonOf(s: SandboxStore, cursor = s.cursor): string {
  const sc = s.scenarioId === null ? undefined : findScenario(s.scenarioId);
  const parts = [sc?.setup ?? [], ...s.timeline.slice(0, cursor).map((e) => e.actions)]
    .map(itemsOf)
    .filter((json) => json !== '');
  return `[${parts.join(',')}]`;
}

/** The requests' key: the config without the write-side settings, and the setup (as JSON). */
export function requestsKeyOf(config: SandboxConfig, setupJson: string): string {
  // `setup` is the last property: its JSON goes where the placeholder's `0` was.
  const head = JSON.stringify({
    ...config,
    writePolicy: null,
    readMitigation: null,
    invalidation: null,
    setup: 0,
  });
  return `${head.slice(0, -2)}${setupJson}}`;
}

/**
 * A requests key with the pattern left out: the same requests under another pattern keep the
 * cost table's rows, so the patterns can be compared side by side, as the write policies are.
 */
export const requestsBesidePattern = (key: string): string =>
  JSON.stringify({ ...(JSON.parse(key) as Record<string, unknown>), pattern: null });

/** The config fields two requests keys differ in (the setup aside), by name. */
export function changedSettings(explored: string, now: string): string[] {
  const a = JSON.parse(explored) as Record<string, unknown>;
  const b = JSON.parse(now) as Record<string, unknown>;
  return Object.keys({ ...a, ...b }).filter(
    (k) => k !== 'setup' && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

/** Whether any actor has a request running or queued. */
export const hasQueued = (s: SandboxStore): boolean =>
  (s.snapshot?.actors ?? []).some((a) => a.task !== null || a.queued > 0);

/** Whether an exploration ran the learner's programs. */
export const isYours = (sources: LearnerSources): boolean =>
  sources.read !== undefined || sources.write !== undefined;

export const sameSources = (a: LearnerSources, b: LearnerSources): boolean =>
  a.read === b.read && a.write === b.write;
