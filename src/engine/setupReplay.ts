import type { SqlJsStatic } from 'sql.js';
import type { ProgramOverrides } from './programs/learner';
import { explorationKeyspace } from './redisMock';
import type { SimCheckpoint } from './simCheckpoint';
import { Simulation } from './simulation';
import type { SimAction } from './simAction';
import type { SimConfig } from './simConfig';

/**
 * A replay takes checkpoints as it goes only this near the setup's end: a checkpoint costs about
 * as much as replaying a read, and the start the next runs want is the last point before the
 * queued requests, which is near the end (a setup of 500 finished reads took 100 of them).
 */
const CHECKPOINT_TAIL = 32;

/**
 * Fewer actions than this between two checkpoints are replayed, not restored past: a restore opens
 * the database twice (seeded, then the checkpoint's), which costs about as much as a few steps.
 */
const MIN_ACTIONS_SAVED = 4;

/** Checkpoints kept (each a copy of the database and the setup's events). */
const KEPT_CHECKPOINTS = 4;

/**
 * Checkpoints of setups the explorer replayed, by config and setup prefix: the next count (after
 * a Step, the same setup and one action more) restores the longest one its setup starts with
 * instead of replaying everything since the seed.
 */
export class SetupCheckpoints {
  private entries: { configKey: string; actions: readonly string[]; checkpoint: SimCheckpoint }[] =
    [];

  /** The checkpoint kept of the longest prefix of `actions` under `configKey`, if any. */
  find(
    configKey: string,
    actions: readonly string[],
  ): { at: number; checkpoint: SimCheckpoint } | null {
    let best: { at: number; checkpoint: SimCheckpoint } | null = null;
    for (const e of this.entries) {
      if (e.configKey !== configKey || e.actions.length > actions.length) continue;
      if (best !== null && e.actions.length <= best.at) continue;
      if (e.actions.every((a, i) => a === actions[i]))
        best = { at: e.actions.length, checkpoint: e.checkpoint };
    }
    return best;
  }

  /** Keeps the checkpoint of `actions` (the newest first out last). */
  keep(configKey: string, actions: readonly string[], checkpoint: SimCheckpoint): void {
    this.entries = this.entries.filter(
      (e) =>
        e.configKey !== configKey ||
        e.actions.length !== actions.length ||
        e.actions.some((a, i) => a !== actions[i]),
    );
    this.entries.push({ configKey, actions, checkpoint });
    if (this.entries.length > KEPT_CHECKPOINTS) this.entries.shift();
  }
}

/** A simulation at the end of a setup, on a recycled keyspace, and how to give both back. */
export interface StartedRun {
  sim: Simulation;
  release: () => Promise<void>;
}

/**
 * Starts simulations at the end of one setup, for the explorer's runs (one per serial order or
 * interleaving). The first replays the setup from the seed (or from a kept checkpoint its setup
 * starts with) and notes the last point at which no program ran; the next ones restore a
 * checkpoint of that point and replay only what follows it (the queued requests and their steps).
 * A checkpoint holds everything a replay would rebuild, so each run is the run a replay from the
 * seed makes. With a learner's programs every run replays from the seed: their code may keep
 * state outside the simulation, which a checkpoint would not hold.
 */
export class SetupReplay {
  /** The setup's actions as JSON (none with a learner's programs): what checkpoints are kept by. */
  readonly keys: readonly string[];
  /** The config as JSON, beside `keys`. */
  readonly configKey: string;
  /** Where the next start begins: a checkpoint after `at` actions, or the seed (null). */
  private base: { at: number; checkpoint: SimCheckpoint } | null;
  /** After how many actions no program last ran (seen by the first start's replay). */
  private lastBetween = 0;
  private isReplayed = false;

  constructor(
    private readonly SQL: SqlJsStatic,
    private readonly config: Partial<SimConfig>,
    /** Everything done before the runs (a scenario's setup, the learner's inputs and steps). */
    readonly setup: readonly SimAction[],
    private readonly programs?: ProgramOverrides,
    private readonly kept?: SetupCheckpoints,
  ) {
    const reuses = programs === undefined;
    this.keys = reuses ? setup.map((a) => JSON.stringify(a)) : [];
    this.configKey = JSON.stringify(config);
    this.base = reuses && kept ? kept.find(this.configKey, this.keys) : null;
  }

  private get reuses(): boolean {
    return this.programs === undefined;
  }

  private open(connect: ReturnType<typeof explorationKeyspace>['connect']): Simulation {
    const config = this.programs ? { ...this.config, programs: this.programs } : this.config;
    return this.base
      ? Simulation.restore(this.SQL, config, this.base.checkpoint, connect)
      : Simulation.create(this.SQL, config, connect);
  }

  private note(at: number, checkpoint: SimCheckpoint): void {
    this.base = { at, checkpoint };
    this.kept?.keep(this.configKey, this.keys.slice(0, at), checkpoint);
  }

  /** A checkpoint after `at` actions, from a replay of the actions between the base and it. */
  private async checkpointAt(at: number): Promise<void> {
    const server = explorationKeyspace();
    const sim = this.open(server.connect);
    try {
      for (let i = this.base?.at ?? 0; i < at; i++) await sim.dispatch(this.setup[i]);
      const checkpoint = sim.checkpoint();
      if (checkpoint) this.note(at, checkpoint);
    } finally {
      await sim.close();
      server.release();
    }
  }

  /** A new simulation at the end of the setup. */
  async start(): Promise<StartedRun> {
    if (
      this.isReplayed &&
      this.reuses &&
      this.lastBetween - (this.base?.at ?? 0) >= MIN_ACTIONS_SAVED
    )
      await this.checkpointAt(this.lastBetween);
    const server = explorationKeyspace();
    const from = this.base?.at ?? 0;
    const sim = this.open(server.connect);
    const release = async (): Promise<void> => {
      await sim.close();
      server.release();
    };
    try {
      const isFirst = !this.isReplayed;
      const { setup } = this;
      for (let i = from; i < setup.length; i++) {
        if (isFirst && this.reuses && sim.isBetweenPrograms) {
          this.lastBetween = i;
          const type = setup[i].type;
          if (
            i >= setup.length - CHECKPOINT_TAIL &&
            i - (this.base?.at ?? 0) >= MIN_ACTIONS_SAVED &&
            (type === 'read' || type === 'write')
          ) {
            const checkpoint = sim.checkpoint();
            if (checkpoint) this.note(i, checkpoint);
          }
        }
        await sim.dispatch(setup[i]);
      }
      if (isFirst && this.reuses && sim.isBetweenPrograms) this.lastBetween = setup.length;
      this.isReplayed = true;
      return { sim, release };
    } catch (e) {
      await release();
      throw e;
    }
  }
}
