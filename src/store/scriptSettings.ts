import type { ActorState, SimSnapshot } from '../engine/simSnapshot';
import { OURS, settingsInUse, type YourPaths } from '../engine/programs/patterns';
import type { Scenario } from '../scenarios';
import type { ScenarioOutcome } from '../scenarios/types';
import { counted } from '../schema/fields';
import { codeInUse, listInterventions } from './offScript';
import { DEFAULT_SANDBOX_CONFIG, scenarioConfig, type SandboxConfig } from './sandboxConfig';
import { controlLabelOf } from './sandboxSchema';
import { stepsAt, type TimelineEntry } from './timeline';

/**
 * Whether the scenario's promised end state was reached (null until its last beat ran), judged by
 * what the scenario declares for the settings shown. `isJudged` is false when the learner chose
 * settings the scenario makes no promise about.
 */
export interface OutcomeState {
  description: string;
  isMet: boolean;
  isJudged: boolean;
}

/**
 * The run a scenario's verdict judges, and where the timeline has it: the end of its script (its
 * last beat, with the steps that finished the requests then in flight), before free play.
 */
export interface JudgedRun {
  /** Timeline entries the judged run holds. */
  at: number;
  snapshot: SimSnapshot;
  /**
   * What the learner started while the script's requests were still in flight (said as
   * `interventionOf` says it): the end of the script was never reached on its own.
   */
  startedEarly?: string;
}

/** A setting's control label without its unit, which {@link withUnit} writes after the value. */
const controlName = (key: keyof SandboxConfig): string =>
  controlLabelOf(key).replace(/ \(ms\)$/, '');

/** Each setting as its control on the page names it. */
const CONTROL_LABELS: Record<keyof SandboxConfig, string> = {
  seed: 'Seed',
  writePolicy: 'Write policy',
  doubleDeleteDelayMs: 'Double-delete delay',
  readMitigation: 'Read mitigation',
  ttlSeconds: 'TTL',
  pattern: 'Pattern',
  actorCount: 'Actors',
  scheduler: 'Scheduling',
  latencyModel: 'Latency model',
  latencyTail: controlName('latencyTail'),
  stallChance: controlName('stallChance'),
  stallMs: controlName('stallMs'),
  dbLatency: controlName('dbLatency'),
  tokensAfter: controlName('tokensAfter'),
  maxKeys: 'Max keys',
  eviction: 'Eviction',
  invalidation: 'Invalidation',
  cdcDelayMs: controlName('cdcDelayMs'),
  cdcReorder: controlName('cdcReorder'),
  cdcLoss: controlName('cdcLoss'),
};

/** The unit a control shows its setting in ("TTL (s)"), written after the values named. */
const UNITS: Partial<Record<keyof SandboxConfig, string>> = {
  ttlSeconds: 's',
  stallMs: 'ms',
  dbLatency: 'ms',
  doubleDeleteDelayMs: 'ms',
  cdcDelayMs: 'ms',
};

/** A setting's value as the page names it: with its unit, and a TTL or key limit of 0 as what it means. */
const withUnit = (field: keyof SandboxConfig, value: unknown) =>
  field === 'ttlSeconds' && value === 0
    ? 'no expiry (0)'
    : field === 'maxKeys' && value === 0
      ? 'no limit (0)'
      : UNITS[field] === undefined
        ? String(value)
        : `${String(value)} ${UNITS[field]}`;

/** One setting's change as the page names it: "TTL: 60 s → 10 s". */
const fromTo = (field: keyof SandboxConfig, from: unknown, to: unknown) =>
  `${CONTROL_LABELS[field]}: ${withUnit(field, from)} → ${withUnit(field, to)}`;

/** The scenario settings a learner can change. */
const SCRIPT_SETTINGS: {
  field: keyof SandboxConfig;
  of: (sc: Scenario) => unknown;
  /** The setting takes part in the run under this config (a disabled one never leaves the script). */
  inUse?: (config: SandboxConfig) => boolean;
}[] = [
  {
    field: 'writePolicy',
    of: (sc) => sc.writePolicy,
    inUse: (c) => settingsInUse(c.pattern, c.invalidation).writePolicy,
  },
  {
    // Every scenario is told for the default delay: another, under double-delete, leaves the
    // script, and the fix it invites makes no promise for it.
    field: 'doubleDeleteDelayMs',
    of: () => DEFAULT_SANDBOX_CONFIG.doubleDeleteDelayMs,
    inUse: (c) =>
      c.writePolicy === 'double-delete' && settingsInUse(c.pattern, c.invalidation).writePolicy,
  },
  {
    field: 'readMitigation',
    of: (sc) => sc.readMitigation,
    inUse: (c) => settingsInUse(c.pattern, c.invalidation).readMitigation,
  },
  { field: 'ttlSeconds', of: (sc) => sc.ttlSeconds },
  { field: 'pattern', of: (sc) => sc.pattern ?? 'cache-aside' },
  { field: 'actorCount', of: (sc) => sc.actors.length },
  { field: 'scheduler', of: () => 'manual' },
  { field: 'latencyModel', of: () => 'constant' },
  { field: 'dbLatency', of: (sc) => sc.dbLatencyMs ?? DEFAULT_SANDBOX_CONFIG.dbLatency },
  { field: 'tokensAfter', of: () => DEFAULT_SANDBOX_CONFIG.tokensAfter },
  { field: 'maxKeys', of: () => DEFAULT_SANDBOX_CONFIG.maxKeys },
  {
    field: 'eviction',
    of: () => DEFAULT_SANDBOX_CONFIG.eviction,
    inUse: (c) => c.maxKeys > 0,
  },
  { field: 'invalidation', of: (sc) => sc.invalidation ?? 'app' },
  {
    field: 'cdcDelayMs',
    of: (sc) => sc.cdcDelayMs ?? DEFAULT_SANDBOX_CONFIG.cdcDelayMs,
    inUse: (c) => c.invalidation === 'cdc',
  },
  {
    field: 'cdcReorder',
    of: () => DEFAULT_SANDBOX_CONFIG.cdcReorder,
    inUse: (c) => c.invalidation === 'cdc',
  },
  {
    field: 'cdcLoss',
    of: () => DEFAULT_SANDBOX_CONFIG.cdcLoss,
    inUse: (c) => c.invalidation === 'cdc',
  },
];

/** Whether `config` holds `wanted` for a setting, or the setting takes no part in its run. */
const holds = (setting: (typeof SCRIPT_SETTINGS)[number], config: SandboxConfig, wanted: unknown) =>
  config[setting.field] === wanted || setting.inUse?.(config) === false;

/**
 * The settings that differ from the scenario's authored ones (empty: on the script). A setting
 * the run does not use (greyed out: the write policy under write-through) is not a difference.
 */
export function offScriptChanges(sc: Scenario, config: SandboxConfig): string[] {
  return SCRIPT_SETTINGS.filter((s) => !holds(s, config, s.of(sc))).map(
    (s) => `${CONTROL_LABELS[s.field]}: ${withUnit(s.field, config[s.field])}`,
  );
}

/**
 * The settings a scenario's script is told and judged under: its own when the learner's changes
 * make no difference to its run (`isRunAsAuthored`, `SandboxState.isScriptRunAsAuthored`), else
 * those shown.
 */
export const scriptConfigOf = (
  sc: Scenario,
  config: SandboxConfig,
  isRunAsAuthored: boolean,
): SandboxConfig => (isRunAsAuthored ? scenarioConfig(sc, config) : config);

/** The settings a scenario's variants may change: the fixes it invites (see `ScenarioVariant`). */
const INVITABLE = new Set<keyof SandboxConfig>([
  'writePolicy',
  'readMitigation',
  'pattern',
  'invalidation',
]);

/**
 * The fix the scenario invites that these settings try, as the page names it ("Read mitigation:
 * single-flight"), or null on the scenario's own fixes (or on fixes it does not invite). Only
 * those four settings count: a TTL or a latency changed beside the fix still tries it.
 */
export function invitedFixIn(sc: Scenario, config: SandboxConfig): string | null {
  const fixes = SCRIPT_SETTINGS.filter((s) => INVITABLE.has(s.field));
  const variant = sc.variants?.find((v) =>
    fixes.every((s) => {
      const wanted = (v.settings as Record<string, unknown>)[s.field];
      return holds(s, config, wanted === undefined ? s.of(sc) : wanted);
    }),
  );
  if (!variant) return null;
  return Object.entries(variant.settings)
    .map(([field, value]) => `${CONTROL_LABELS[field as keyof SandboxConfig]}: ${String(value)}`)
    .join(', ');
}

/**
 * The same differences with the scenario's own value beside the run's ("Write policy:
 * delete-first → invalidate"): what the opening text names before the first step.
 */
export function settingChangesFromTo(sc: Scenario, config: SandboxConfig): string[] {
  return SCRIPT_SETTINGS.filter((s) => !holds(s, config, s.of(sc))).map((s) =>
    fromTo(s.field, s.of(sc), config[s.field]),
  );
}

/**
 * What free play says when a setting change replays the run (each step and console line sent
 * again under the new settings, so the replies shown above change with it), or null when there
 * is nothing it could change: no step or console line yet, or only settings the run does not use
 * (the eviction policy without a key limit).
 */
export function replayedRunNotice(
  before: SandboxConfig,
  after: SandboxConfig,
  timeline: readonly TimelineEntry[],
  cursor: number,
): string | null {
  const changed = (Object.keys(after) as (keyof SandboxConfig)[]).filter((field) => {
    const inUse = SCRIPT_SETTINGS.find((s) => s.field === field)?.inUse;
    return after[field] !== before[field] && (!inUse || inUse(before) || inUse(after));
  });
  const steps = stepsAt(timeline, cursor);
  const lines = timeline
    .slice(0, cursor)
    .filter((e) => e.input.type === 'redis' || e.input.type === 'sql').length;
  if (changed.length === 0 || steps + lines === 0) return null;
  const sent = [
    steps > 0 && counted(steps, 'step'),
    lines > 0 && counted(lines, 'console line'),
  ].filter(Boolean);
  const settings = changed.map((field) => fromTo(field, before[field], after[field]));
  return `${changed.length === 1 ? 'Setting' : 'Settings'} changed (${settings.join(', ')}): your ${sent.join(' and ')} ran again under ${changed.length === 1 ? 'it' : 'them'}; the replies, the log and the steps shown are what they give now.`;
}

/**
 * What the scenario promises for these settings: its own outcome on the script, an invited
 * variant's, or nothing (`outcome` null, with why: the settings changed, or the learner changed
 * the run between its beats: `interventions`, see offScript.ts).
 */
export function promisedOutcome(
  sc: Scenario,
  config: SandboxConfig,
  done: readonly string[] = [],
  yours: YourPaths = OURS,
): { outcome: ScenarioOutcome; description: string } | { outcome: null; description: string } {
  const code = codeInUse(yours);
  if (code.length > 0)
    return {
      outcome: null,
      description: `The scenario makes no promise for your code (${code[0]}): judge the run from its steps.`,
    };
  if (done.length > 0)
    return {
      outcome: null,
      description: `The scenario makes no promise for a run changed outside its steps (${listInterventions(done)}): judge it from its steps.`,
    };
  const changes = offScriptChanges(sc, config);
  if (changes.length === 0) return { outcome: sc.outcome, description: sc.outcome.description };
  const variant = sc.variants?.find((v) =>
    SCRIPT_SETTINGS.every((s) => {
      const wanted = (v.settings as Record<string, unknown>)[s.field];
      return holds(s, config, wanted === undefined ? s.of(sc) : wanted);
    }),
  );
  if (variant) return { outcome: variant.outcome, description: variant.outcome.description };
  return {
    outcome: null,
    description: `The scenario makes no promise for these settings (${changes.join(', ')}): judge the run from its steps.`,
  };
}

/**
 * What is still under way, said: the actors' requests in flight, and apart from them the jobs of
 * the cache's own processes and the change log's consumer (the flusher serves no request):
 * "A (read user:1) still has a request in flight, and flusher (flush the write-behind queue) a
 * job under way". `withTask` names what each runs.
 */
function underWayText(busy: readonly ActorState[], withTask: boolean): string {
  const named = (a: ActorState) => (withTask && a.task !== null ? `${a.name} (${a.task})` : a.name);
  const requests = busy.filter((a) => a.program !== 'background').map(named);
  const jobs = busy.filter((a) => a.program === 'background').map(named);
  const requestsText =
    requests.length === 0
      ? ''
      : `${requests.join(', ')} ${requests.length > 1 ? 'still have requests' : 'still has a request'} in flight`;
  if (jobs.length === 0) return requestsText;
  return requestsText === ''
    ? `${jobs.join(', ')} ${jobs.length > 1 ? 'still have jobs' : 'still has a job'} under way`
    : `${requestsText}, and ${jobs.join(', ')} ${jobs.length > 1 ? 'jobs' : 'a job'} under way`;
}

/**
 * The outcome the scenario promises for these settings, judged on a snapshot: the run at the end
 * of its script (`JudgedRun`), with `startedEarly` when free play began before that end.
 */
export function judgeOutcome(
  sc: Scenario,
  config: SandboxConfig,
  snapshot: SimSnapshot,
  done: readonly string[],
  yours: YourPaths,
  changedAfter: readonly string[],
  startedEarly?: string,
): OutcomeState {
  const promised = promisedOutcome(sc, config, done, yours);
  const busy = snapshot.actors.filter((a) => a.pending !== null || a.queued > 0);
  // No promise, yet the run is not over: its requests still in flight are said, with what each
  // runs, so "judge the run from its steps" does not read as if every step were told.
  if (promised.outcome === null)
    return {
      description:
        // Requests in flight at the end of the script, when free play began before they finished,
        // are not the run shown now: its own are told by its steps.
        busy.length === 0 || startedEarly !== undefined
          ? promised.description
          : `${promised.description} ${underWayText(busy, true)}: Step on to see ${busy.length > 1 ? 'them' : 'it'} finish.`,
      isMet: false,
      isJudged: false,
    };
  if (promised.outcome.isAboutStoresNow === true && changedAfter.length > 0)
    return {
      description: `${listInterventions(changedAfter)} after its last beat changed what the stores hold, and the promise speaks of what they hold at the end: judge the run from its steps. The scenario promises: ${promised.description}`,
      isMet: false,
      isJudged: false,
    };
  // A promise about a read is kept by a read that returned: while a request is still on its
  // way (a setting changed at the end can leave one), the verdict waits for it.
  if (busy.length > 0 && startedEarly !== undefined)
    return {
      description: `The scenario's own requests had not finished when ${startedEarly} after its last beat (${underWayText(busy, false)} there): the verdict judges them run to their end, so go Back to its last beat and Step on until they finish, then play freely. The scenario promises: ${promised.description}`,
      isMet: false,
      isJudged: false,
    };
  if (busy.length > 0)
    return {
      description: `${underWayText(busy, false)}: Step on to see ${busy.length > 1 ? 'them' : 'it'} finish, then the verdict. The scenario promises: ${promised.description}`,
      isMet: false,
      isJudged: false,
    };
  return {
    description: promised.description,
    isMet: promised.outcome.isMet(snapshot),
    isJudged: true,
  };
}
