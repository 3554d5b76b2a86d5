import { DEFAULT_PROGRAM_SETTINGS } from './programs/types';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engineConfig';

/** A scheduled fault: the cache unreachable, restarted (emptied), or the database slowed. */
export interface Fault {
  kind: 'cache-down' | 'cache-restart' | 'db-slow';
  /** Virtual seconds from the start of the run. */
  startSeconds: number;
  /** Length in seconds (a restart is instantaneous and ignores it). */
  durationSeconds: number;
  /** db-slow: latency multiplier ({@link DEFAULT_SLOW_FACTOR} when left out). */
  factor?: number;
}

/** A db-slow fault's latency multiplier when none is given (the schema fills it in). */
export const DEFAULT_SLOW_FACTOR = 10;

/** A timed workload. Field names are the CLI's flags in camelCase (the engine's part is shared). */
export interface WorkloadConfig extends EngineConfig {
  /** Requests to run (reads and writes); with `durationSeconds` the run stops at whichever comes first. */
  requests: number;
  /** Virtual seconds to run; 0 means until `requests` are done. */
  durationSeconds: number;
  /** Distinct users, 1..keys (also the database's rows). */
  keys: number;
  /** Zipf alpha of key popularity; 0 is uniform. */
  zipf: number;
  /** Total requests per second (Poisson arrivals). */
  rate: number;
  /** Fraction of requests that are reads. */
  readRatio: number;
  /** Seconds; 0 = no expiry. */
  ttl: number;
  /** double-delete: ms from its UPDATE's reply to its second DEL (it works once this exceeds a reader's read-to-set time). */
  doubleDeleteDelayMs: number;
  /** App-server connections the requests are spread over. */
  connections: number;
  faults: Fault[];
}

/**
 * The defaults of a timed workload. What each setting accepts is checked at the boundaries
 * (src/schema/workload.ts), so the engine itself carries no validation library.
 */
export const DEFAULT_WORKLOAD: WorkloadConfig = {
  seed: DEFAULT_ENGINE_CONFIG.seed,
  requests: 100_000,
  durationSeconds: 0,
  keys: 1000,
  zipf: 0.9,
  rate: 1000,
  readRatio: 0.95,
  ttl: 60,
  pattern: DEFAULT_ENGINE_CONFIG.pattern,
  writePolicy: DEFAULT_ENGINE_CONFIG.writePolicy,
  doubleDeleteDelayMs: DEFAULT_PROGRAM_SETTINGS.doubleDeleteDelayMs,
  readMitigation: DEFAULT_ENGINE_CONFIG.readMitigation,
  maxKeys: DEFAULT_ENGINE_CONFIG.maxKeys,
  eviction: DEFAULT_ENGINE_CONFIG.eviction,
  cacheLatency: DEFAULT_ENGINE_CONFIG.cacheLatency,
  dbLatency: DEFAULT_ENGINE_CONFIG.dbLatency,
  dbWriteLatency: DEFAULT_ENGINE_CONFIG.dbWriteLatency,
  latencyModel: DEFAULT_ENGINE_CONFIG.latencyModel,
  latencyTail: DEFAULT_ENGINE_CONFIG.latencyTail,
  stallChance: DEFAULT_ENGINE_CONFIG.stallChance,
  stallMs: DEFAULT_ENGINE_CONFIG.stallMs,
  invalidation: DEFAULT_ENGINE_CONFIG.invalidation,
  cdcDelayMs: DEFAULT_ENGINE_CONFIG.cdcDelayMs,
  cdcReorder: DEFAULT_ENGINE_CONFIG.cdcReorder,
  cdcLoss: DEFAULT_ENGINE_CONFIG.cdcLoss,
  connections: 4,
  faults: [],
};
