import type { ProgramOverrides } from './programs/learner';
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from './programs/types';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engineConfig';

/**
 * Everything that defines an interactive simulation (with the seed, it fixes every run). The
 * engine settings are the workload's, under the same names.
 */
export interface SimConfig extends EngineConfig {
  actors: string[];
  settings: ProgramSettings;
  rows: number;
  /**
   * Who steps next on a plain `step`: `manual` (the first actor with work; the learner picks
   * with `stepActor`), `scripted` (the actors `script` names, in order), or `timed` (the actor
   * whose step is due first, each step completing after its latency).
   */
  scheduler: 'manual' | 'scripted' | 'timed';
  /** The interleaving `scripted` plays: one actor name per step. */
  script: string[];
  /**
   * The number the run's lease and lock tokens are counted on from (0: the first request holds
   * `A-1`; 10: `B-11`), part of the run as its seed is, so Back and a link rebuild the same
   * tokens (see `Runtime.numberTokensAfter`).
   */
  tokensAfter: number;
}

/** What `Simulation.create` takes: a config, and optionally programs of a learner's own. */
export type SimCreateConfig = Partial<SimConfig> & { programs?: ProgramOverrides };

/**
 * Defaults of an interactive simulation: the engine's, except that latencies are constant, so a
 * story stepped by hand reads in round numbers. The sandbox's Latency model setting switches to
 * the workloads' lognormal model (see `src/store/sandboxConfig.ts`).
 */
export const DEFAULT_SIM_CONFIG: SimConfig = {
  ...DEFAULT_ENGINE_CONFIG,
  latencyModel: 'constant',
  actors: ['A', 'B'],
  settings: DEFAULT_PROGRAM_SETTINGS,
  rows: 1000,
  scheduler: 'manual',
  script: [],
  tokensAfter: 0,
};
