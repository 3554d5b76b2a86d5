import { findScenario } from '../scenarios';
import {
  DEFAULT_SANDBOX_CONFIG,
  isEvictionPolicy,
  isLatencyModel,
  isReadMitigation,
  isScheduler,
  isWritePolicy,
  LATENCY_LIMITS,
  MAX_KEYS_LIMIT,
  MAX_TTL_SECONDS,
  type SandboxConfig,
} from './sandboxConfig';
import type { InitialView, SandboxState } from './sandboxStore';
import { decodeRun, encodeRun, MAX_RUN_CHARS } from './linkRun';
import { inputsAt, type TimelineInput } from './timeline';

const KNOWN = new Set([
  'scenario',
  'seed',
  'step',
  'run',
  'policy',
  'mitigation',
  'ttl',
  'actors',
  'maxkeys',
  'eviction',
  'scheduler',
  'present',
  'latency',
  'latencytail',
  'stallchance',
  'stallms',
]);

/** The latency tail's URL parameters and the settings they carry. */
const LATENCY_PARAMS = [
  ['latencytail', 'latencyTail'],
  ['stallchance', 'stallChance'],
  ['stallms', 'stallMs'],
] as const;

const wholeNumber = (raw: string, max: number): number | null =>
  /^\d{1,10}$/.test(raw) && Number(raw) <= max ? Number(raw) : null;

/**
 * Reads a view from a query string. Anything unknown or malformed falls back to its default and
 * is named in `problems`, so the page can say what it ignored instead of failing.
 */
export function parseViewParams(search: string): { view: InitialView; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  let scenarioId: string | null = null;
  const config: SandboxConfig = { ...DEFAULT_SANDBOX_CONFIG };
  let presses = 0;
  let inputs: TimelineInput[] | null = null;

  for (const name of params.keys())
    if (!KNOWN.has(name)) problems.push(`unknown parameter "${name}"`);

  const scenario = params.get('scenario');
  if (scenario !== null) {
    const sc = findScenario(scenario);
    if (sc) {
      scenarioId = sc.id;
      config.actorCount = sc.actors.length;
      config.writePolicy = sc.writePolicy;
      config.readMitigation = sc.readMitigation;
      config.ttlSeconds = sc.ttlSeconds;
    } else problems.push(`unknown scenario "${scenario}"`);
  }
  const read = (name: string, apply: (raw: string) => boolean): void => {
    const raw = params.get(name);
    if (raw !== null && !apply(raw)) problems.push(`bad ${name} "${raw}"`);
  };
  read('seed', (raw) => {
    const n = wholeNumber(raw, 2 ** 31);
    if (n !== null) config.seed = n;
    return n !== null;
  });
  read('policy', (raw) => {
    if (isWritePolicy(raw)) config.writePolicy = raw;
    return isWritePolicy(raw);
  });
  read('mitigation', (raw) => {
    if (isReadMitigation(raw)) config.readMitigation = raw;
    return isReadMitigation(raw);
  });
  read('ttl', (raw) => {
    const n = wholeNumber(raw, MAX_TTL_SECONDS);
    if (n !== null) config.ttlSeconds = n;
    return n !== null;
  });
  read('actors', (raw) => {
    const n = wholeNumber(raw, 4);
    if (n !== null && n >= 1) config.actorCount = n;
    return n !== null && n >= 1;
  });
  read('maxkeys', (raw) => {
    const n = wholeNumber(raw, MAX_KEYS_LIMIT);
    if (n !== null) config.maxKeys = n;
    return n !== null;
  });
  read('eviction', (raw) => {
    if (isEvictionPolicy(raw)) config.eviction = raw;
    return isEvictionPolicy(raw);
  });
  read('scheduler', (raw) => {
    if (isScheduler(raw)) config.scheduler = raw;
    return isScheduler(raw);
  });
  read('latency', (raw) => {
    if (isLatencyModel(raw)) config.latencyModel = raw;
    return isLatencyModel(raw);
  });
  for (const [name, field] of LATENCY_PARAMS)
    read(name, (raw) => {
      const { min, max } = LATENCY_LIMITS[field];
      // As String(number) writes it (0.002, 4, 1e-7), at most 24 characters.
      const n = raw.length <= 24 && /^\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
      if (n >= min && n <= max) config[field] = n;
      return n >= min && n <= max;
    });
  read('step', (raw) => {
    const n = wholeNumber(raw, 10_000);
    if (n !== null) presses = n;
    return n !== null;
  });
  const run = params.get('run');
  if (run !== null) {
    const decoded = decodeRun(run);
    if ('error' in decoded)
      problems.push(
        `the run in the link could not be restored (${decoded.error}); it starts from the beginning`,
      );
    else inputs = decoded.inputs;
    presses = 0;
    if (params.has('step')) problems.push('"step" ignored: the link gives the whole run');
  }
  inputs ??= Array.from({ length: presses }, () => ({ type: 'press' as const }));
  return { view: { scenarioId, config, inputs }, problems };
}

const consoleChars = (inputs: readonly TimelineInput[]): number =>
  inputs.reduce(
    (n, i) => n + (i.type === 'redis' ? i.line.length : i.type === 'sql' ? i.statement.length : 0),
    0,
  );

/**
 * The query string that reproduces the current view (defaults left out, so links stay short).
 * Step presses alone are a count (`step`); anything else done by hand makes it the whole run
 * (`run`), unless that is longer than a link should be: then `isRunDropped`, and the link keeps
 * only the settings.
 */
export function viewLink(state: SandboxState): { search: string; isRunDropped: boolean } {
  const params = new URLSearchParams();
  const c = state.config;
  if (state.scenarioId !== null) params.set('scenario', state.scenarioId);
  if (c.seed !== DEFAULT_SANDBOX_CONFIG.seed) params.set('seed', String(c.seed));
  const inputs = inputsAt(state.timeline, state.cursor);
  let isRunDropped = false;
  if (inputs.every((i) => i.type === 'press')) {
    if (inputs.length > 0) params.set('step', String(inputs.length));
  } else {
    // The encoded run holds every console line (base64: 4/3 of their length at least), so when
    // those alone exceed the limit, skip encoding: a megabyte of lines costs a second to encode.
    const run = consoleChars(inputs) > MAX_RUN_CHARS ? null : encodeRun(inputs);
    if (run !== null && run.length <= MAX_RUN_CHARS) params.set('run', run);
    else isRunDropped = true;
  }
  const sc = state.scenarioId === null ? undefined : findScenario(state.scenarioId);
  const base = sc
    ? {
        writePolicy: sc.writePolicy,
        readMitigation: sc.readMitigation,
        ttlSeconds: sc.ttlSeconds,
        actorCount: sc.actors.length,
      }
    : DEFAULT_SANDBOX_CONFIG;
  if (c.writePolicy !== base.writePolicy) params.set('policy', c.writePolicy);
  if (c.readMitigation !== base.readMitigation) params.set('mitigation', c.readMitigation);
  if (c.ttlSeconds !== base.ttlSeconds) params.set('ttl', String(c.ttlSeconds));
  if (c.actorCount !== base.actorCount) params.set('actors', String(c.actorCount));
  if (c.maxKeys !== DEFAULT_SANDBOX_CONFIG.maxKeys) params.set('maxkeys', String(c.maxKeys));
  if (c.eviction !== DEFAULT_SANDBOX_CONFIG.eviction) params.set('eviction', c.eviction);
  if (c.scheduler !== DEFAULT_SANDBOX_CONFIG.scheduler) params.set('scheduler', c.scheduler);
  if (c.latencyModel !== DEFAULT_SANDBOX_CONFIG.latencyModel) params.set('latency', c.latencyModel);
  for (const [name, field] of LATENCY_PARAMS)
    if (c[field] !== DEFAULT_SANDBOX_CONFIG[field]) params.set(name, String(c[field]));
  const text = params.toString();
  return { search: text === '' ? '' : `?${text}`, isRunDropped };
}
