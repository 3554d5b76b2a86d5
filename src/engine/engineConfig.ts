import type { EvictionPolicy } from './cache';
import { DEFAULT_LATENCY, type LatencySettings } from './latency';
import type { ReadMitigation, WritePolicy } from './programs/catalog';
import type { Pattern } from './programs/patterns';
import { DEFAULT_CHANGE_CAPTURE, type ChangeCaptureSettings } from './changeFeed';

/**
 * The settings the interactive simulation and timed workloads share, under one set of names
 * (the CLI's flags in camelCase).
 */
export interface EngineConfig extends LatencySettings, ChangeCaptureSettings {
  seed: number;
  /** The caching pattern: cache-aside (with its write policy and read mitigation) or another. */
  pattern: Pattern;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
  /** 0 = unbounded. */
  maxKeys: number;
  eviction: EvictionPolicy;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  seed: 1,
  pattern: 'cache-aside',
  writePolicy: 'invalidate',
  readMitigation: 'none',
  maxKeys: 0,
  eviction: 'noeviction',
  ...DEFAULT_LATENCY,
  ...DEFAULT_CHANGE_CAPTURE,
};
