import type { z } from 'zod';
import type { RefusalOptions } from '../schema/fields';
import type { InvalidationSource } from '../engine/changeFeed';
import type { EvictionPolicy } from '../engine/cache';
import type { UserChanges, UserRow } from '../engine/database';
import type { CacheEntry, SimStats } from '../engine/simSnapshot';
import type { ReadMitigation, WritePolicy } from '../engine/programs/catalog';
import type { Pattern } from '../engine/programs/patterns';
import type { LatencyModelName } from '../engine/latency';
import { quizIdOf } from '../scenarios/quiz';
import { SCENARIOS } from '../scenarios';
import type { ScenarioVariant } from '../scenarios/types';
import type { SqlConsoleResult } from './consoleFormat';
import type { createExplorerApi } from './explorerApi';
import type { CacheAsideQuizApi } from './quizApi';
import type { SandboxScheduler } from './sandboxConfig';
import { sentForText } from './logClients';
import { selectLogLines } from './logLines';
import {
  API_ARGUMENTS,
  checkArgument,
  clockArgumentSchema,
  configurePatch,
  userChangesSchema,
  CHANGES_REFUSALS,
} from './sandboxSchema';
import type { SandboxStoreApi } from './sandboxStore';
import { stepsAt } from './timeline';

/** What `window.cacheAside.state()` returns: plain data, safe to compare in a test. */
export interface CacheAsideState {
  scenario: string | null;
  /** Step presses applied: scenario beats, or steps in free play (what `step(n)` and the URL count). */
  step: number;
  /** Engine commands sent so far: program steps and console commands. */
  commands: number;
  /** Scenario beats played (one per Step press while a scenario runs). */
  beat: number;
  clockMs: number;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  /** double-delete: ms between its UPDATE and its second DEL (the learner's code gets it as ctx). */
  doubleDeleteDelayMs: number;
  ttlSeconds: number;
  /** The caching pattern the actors run (`cache-aside` unless chosen). */
  pattern: Pattern;
  /** Redis' key limit (0: none) and what it evicts when full. */
  maxKeys: number;
  eviction: EvictionPolicy;
  /** Who takes a plain step: `manual` (first actor with work) or `timed` (earliest due). */
  scheduler: SandboxScheduler;
  /** How step latencies are drawn (`constant` or `lognormal`) and the lognormal tail's settings. */
  latencyModel: LatencyModelName;
  latencyTail: number;
  stallChance: number;
  stallMs: number;
  /** A database read's median latency, ms (2 unless set, as a counterexample may). */
  dbLatency: number;
  /** The number lease and lock tokens are counted on from (0: the first is `A-1`). */
  tokensAfter: number;
  /** Who deletes a written key: `app` (the write path) or `cdc` (the change log's consumer). */
  invalidation: InvalidationSource;
  /** Under cdc: the consumer's lag (ms) and the chances it holds an invalidation back or drops it. */
  cdcDelayMs: number;
  cdcReorder: number;
  cdcLoss: number;
  actors: { name: string; task: string | null; pending: string | null }[];
  isCacheUp: boolean;
  cache: CacheEntry[];
  db: UserRow[];
  /** What SQL broke in the schema the application needs (empty: nothing); see resetDatabase. */
  schemaProblems: string[];
  /** The merged log, each line as the page prints it (MONITOR format, a server event, a command never sent, or SQL). */
  log: string[];
  stats: SimStats;
  /** The scenario's expected outcome once its last beat ran, else null. */
  /** `isJudged` is false when no verdict is given: the scenario promises nothing for these settings, or the run is not ready to be judged. */
  outcome: { description: string; isMet: boolean; isJudged: boolean } | null;
}

export interface ConfigurePatch {
  writePolicy?: WritePolicy;
  /** double-delete: ms between its UPDATE and its second DEL, 0 to 600000 (default 500). */
  doubleDeleteDelayMs?: number;
  readMitigation?: ReadMitigation;
  ttlSeconds?: number;
  /** `cache-aside` (default), `read-through`, `write-through`, `write-behind` or `refresh-ahead`. */
  pattern?: Pattern;
  /** How many actors (1 to 4), named A, B, C, D. */
  actors?: number;
  seed?: number;
  /** Most keys Redis may hold, 0 to 1000 (0: no limit). */
  maxKeys?: number;
  eviction?: EvictionPolicy;
  /** `manual` (default) or `timed`: steps take their latency and actors overlap. */
  scheduler?: SandboxScheduler;
  /** `constant` (default) or `lognormal`, seeded: the CLI's and the lab's latency model. */
  latencyModel?: LatencyModelName;
  /** Lognormal: p99 over the median (1 to 100), chance of a stall (0 to 1), mean stall in ms. */
  latencyTail?: number;
  stallChance?: number;
  stallMs?: number;
  /** A database read's median latency, 0 to 10000 ms (default 2). */
  dbLatency?: number;
  /** The number lease and lock tokens are counted on from, 0 to 1000000 (default 0: `A-1` first). */
  tokensAfter?: number;
  /** `app` (default: the write path, as the write policy says) or `cdc` (a consumer of the change log). */
  invalidation?: InvalidationSource;
  /** Under cdc: the consumer's lag, 0 to 600000 ms (default 200). */
  cdcDelayMs?: number;
  /** Under cdc: the chance (0 to 1) an invalidation is held back, so a later one overtakes it. */
  cdcReorder?: number;
  /** Under cdc: the chance (0 to 1) an invalidation is dropped and never delivered. */
  cdcLoss?: number;
}

/**
 * The sandbox's automation API, for Playwright scripts and the console. Every method resolves
 * once the page has rendered the result. `read` and `write` only enqueue a program for an actor;
 * nothing runs until a step.
 */
/** A scenario as the API lists it. */
export interface ScenarioInfo {
  /** The id every method takes and returns (`state().scenario`, `quiz.question().scenario`). */
  id: string;
  /**
   * The id quiz mode's address and links name it by (its `id` where that says no more than its
   * quiz title): `stale-set` is `race-reader-and-writer`. `loadScenario` takes it too.
   */
  quizId: string;
  title: string;
  summary: string;
  beats: number;
  variants: {
    settings: ScenarioVariant['settings'];
    description: string;
  }[];
}

export interface CacheAsideApi {
  /** The guided scenarios: `beats` Step presses each, and the settings each invites (`variants`). */
  scenarios(): ScenarioInfo[];
  loadScenario(id: string | null): Promise<CacheAsideState>;
  configure(patch: ConfigurePatch): Promise<CacheAsideState>;
  /**
   * A counterexample's Restore my settings: puts back the settings its replay set aside, and the
   * run shown replays under them. Rejects when no replay set any aside.
   */
  restoreSettings(): Promise<CacheAsideState>;
  read(actor: string, key: string | number): Promise<CacheAsideState>;
  write(actor: string, key: string | number, changes: UserChanges): Promise<CacheAsideState>;
  step(n?: number): Promise<CacheAsideState>;
  stepActor(actor: string): Promise<CacheAsideState>;
  back(n?: number): Promise<CacheAsideState>;
  runToEnd(): Promise<CacheAsideState>;
  reset(): Promise<CacheAsideState>;
  advanceClock(ms: number): Promise<CacheAsideState>;
  setCacheAvailable(up: boolean): Promise<CacheAsideState>;
  /** Runs a redis-cli style line; resolves to the reply as redis-cli prints it. */
  redis(commandLine: string): Promise<string>;
  /** Runs SQL straight against the database (never the cache). */
  sql(statement: string): Promise<SqlConsoleResult>;
  /** Puts the seeded users table back, undoing what SQL did to the database. */
  resetDatabase(): Promise<CacheAsideState>;
  state(): CacheAsideState;
  /** The interleaving explorer (`src/store/explorerApi.ts`): every schedule of the queued requests. */
  explore?: ReturnType<typeof createExplorerApi>['explore'];
  /** The Workload Lab (`src/lab/labApi.ts`), there from the first page; its code loads on first use. */
  lab?: unknown;
  /** Quiz mode: the open question, `answer(choice)` and the score (`src/store/quizApi.ts`). */
  quiz?: CacheAsideQuizApi;
}

declare global {
  interface Window {
    cacheAside?: CacheAsideApi;
  }
}

const RUN_TO_END_LIMIT = 10_000;

export function readState(store: SandboxStoreApi): CacheAsideState {
  const s = store.getState();
  const snap = s.snapshot;
  if (!snap) throw new Error('the sandbox is still loading');
  return {
    scenario: s.scenarioId,
    step: stepsAt(s.timeline, s.cursor),
    commands: snap.commands,
    beat: s.beat,
    clockMs: snap.clockMs,
    writePolicy: s.config.writePolicy,
    doubleDeleteDelayMs: s.config.doubleDeleteDelayMs,
    readMitigation: s.config.readMitigation,
    ttlSeconds: s.config.ttlSeconds,
    pattern: s.config.pattern,
    maxKeys: s.config.maxKeys,
    eviction: s.config.eviction,
    scheduler: s.config.scheduler,
    latencyModel: s.config.latencyModel,
    latencyTail: s.config.latencyTail,
    stallChance: s.config.stallChance,
    stallMs: s.config.stallMs,
    dbLatency: s.config.dbLatency,
    tokensAfter: s.config.tokensAfter,
    invalidation: s.config.invalidation,
    cdcDelayMs: s.config.cdcDelayMs,
    cdcReorder: s.config.cdcReorder,
    cdcLoss: s.config.cdcLoss,
    actors: snap.actors.map((a) => ({
      name: a.name,
      task: a.task,
      pending: a.pending?.command ?? null,
    })),
    isCacheUp: snap.isCacheUp,
    cache: snap.cache.map((e) => ({ ...e })),
    db: snap.db.map((r) => ({ ...r })),
    schemaProblems: [...snap.schemaProblems],
    // A line the cache layer sent says whom for, as the page's log does beside it.
    log: selectLogLines(snap).map(
      (l) =>
        `${l.text}${l.forActor === undefined ? '' : `  (${sentForText(l.forActor)})`}  -> ${l.result}`,
    ),
    stats: { ...snap.stats },
    outcome: s.outcome === null ? null : { ...s.outcome },
  };
}

/** Resolves once the sandbox has loaded (at once if it has), so scripts may call early. */
function whenReady(store: SandboxStoreApi): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (s: ReturnType<SandboxStoreApi['getState']>): boolean => {
      if (s.status === 'ready') resolve();
      else if (s.status === 'failed') reject(new Error(s.failure ?? 'the sandbox failed to load'));
      else return false;
      return true;
    };
    if (check(store.getState())) return;
    const unsubscribe = store.subscribe((s) => {
      if (check(s)) unsubscribe();
    });
  });
}

/** Builds the API over a store. The object stays extensible: the lab adds `lab` to it. */
/**
 * `afterRender` resolves once the host has painted what the store holds now (the page waits for
 * the next animation frame to be done): every method resolves after it, so a script sees what a
 * learner would.
 */
export function createAutomationApi(
  store: SandboxStoreApi,
  afterRender: () => Promise<void>,
): CacheAsideApi {
  const ready = () => whenReady(store);
  const get = () => store.getState();
  const done = async (): Promise<CacheAsideState> => {
    await afterRender();
    return readState(store);
  };
  /** Checks an argument by its schema; a refusal is shown on the page and rejects the call. */
  const arg = <T>(
    method: string,
    name: string,
    schema: z.ZodType<T>,
    value: unknown,
    options?: RefusalOptions,
  ): T => {
    const checked = checkArgument(method, name, schema, value, options);
    if (checked.ok) return checked.value;
    const text = checked.refusals[0].text;
    get().notifyAboutRun(text, 'error');
    throw new Error(text);
  };
  const repeat = async (
    method: string,
    n: unknown,
    fn: () => Promise<boolean>,
  ): Promise<CacheAsideState> => {
    await ready();
    const times = arg(method, 'n', API_ARGUMENTS.count, n);
    for (let i = 0; i < times; i++) if (!(await fn())) break;
    return done();
  };
  /**
   * One Step press: true once it stepped, false at the run's end (where `step(n)` and
   * `runToEnd()` stop and resolve); a Step the page refused (the clock's 10 years) rejects with
   * the page's notice, as every other method's refusal does.
   */
  const press = async (): Promise<boolean> => {
    const outcome = await get().press();
    if (outcome.type === 'refused') throw new Error(outcome.refusal);
    return outcome.type === 'stepped';
  };
  return {
    scenarios: () =>
      SCENARIOS.map((sc) => ({
        id: sc.id,
        quizId: quizIdOf(sc),
        title: sc.title,
        summary: sc.summary,
        beats: sc.beats.length,
        variants: (sc.variants ?? []).map((v) => ({
          settings: { ...v.settings },
          description: v.outcome.description,
        })),
      })),
    loadScenario: async (id) => {
      await ready();
      const refusal = await get().loadScenario(
        arg('loadScenario', 'id', API_ARGUMENTS.scenario, id),
      );
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    configure: async (patch) => {
      await ready();
      const checked = configurePatch(patch);
      if (!checked.ok) {
        const { text, field } = checked.refusals[0];
        // A setting's refusal goes once a value of it is taken, from here or a control.
        get().notifyAboutRun(text, 'error', field === null ? undefined : `setting:${field}`);
        throw new Error(text);
      }
      const refusal = await get().configure(checked.value);
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    restoreSettings: async () => {
      await ready();
      const refusal = await get().restoreSettings();
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    read: async (actor, key) => {
      await ready();
      const name = arg('read', 'actor', API_ARGUMENTS.actor, actor);
      const id = arg('read', 'key', API_ARGUMENTS.key, key);
      const refusal = await get().startRead(name, id);
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    write: async (actor, key, changes) => {
      await ready();
      const name = arg('write', 'actor', API_ARGUMENTS.actor, actor);
      const id = arg('write', 'key', API_ARGUMENTS.key, key);
      const columns = arg('write', 'changes', userChangesSchema, changes, CHANGES_REFUSALS);
      const refusal = await get().startWrite(name, id, columns);
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    step: (n = 1) => repeat('step', n, press),
    stepActor: async (actor) => {
      await ready();
      const refusal = await get().stepActor(arg('stepActor', 'actor', API_ARGUMENTS.actor, actor));
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    back: (n = 1) => repeat('back', n, () => get().back()),
    runToEnd: () => repeat('runToEnd', RUN_TO_END_LIMIT, press),
    reset: async () => {
      await ready();
      await get().reset();
      return done();
    },
    advanceClock: async (ms) => {
      await ready();
      const forward = clockArgumentSchema(get().snapshot?.clockMs ?? 0);
      const refusal = await get().advanceClock(arg('advanceClock', 'ms', forward, ms));
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    setCacheAvailable: async (up) => {
      await ready();
      const isUp = arg('setCacheAvailable', 'up', API_ARGUMENTS.isUp, up);
      const refusal = await get().setCacheAvailable(isUp);
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    redis: async (line) => {
      await ready();
      const reply = await get().runRedis(arg('redis', 'commandLine', API_ARGUMENTS.line, line));
      await afterRender();
      return reply.text;
    },
    sql: async (statement) => {
      await ready();
      const result = await get().runSql(arg('sql', 'statement', API_ARGUMENTS.line, statement));
      await afterRender();
      return result;
    },
    resetDatabase: async () => {
      await ready();
      const refusal = await get().resetDatabase();
      if (refusal !== null) throw new Error(refusal);
      return done();
    },
    state: () => readState(store),
  };
}
