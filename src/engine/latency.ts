import type { Rng } from './rng';

/** How operation latencies are drawn: all equal to their medians, or with a realistic tail. */
export const LATENCY_MODELS = ['constant', 'lognormal'] as const;
export type LatencyModelName = (typeof LATENCY_MODELS)[number];

/** The three kinds of operation a program performs, each with its own median latency. */
export type OperationKind = 'redis' | 'dbRead' | 'dbWrite';

/** The latency settings a run shares (CLI flags, lab settings and sandbox config use these names). */
export interface LatencySettings {
  /** Redis round trip, median, ms. */
  cacheLatency: number;
  /** Indexed database read, median, ms. */
  dbLatency: number;
  /** Database write, median, ms. */
  dbWriteLatency: number;
  /** `constant`: every operation takes its median. `lognormal`: a tail, and rare stalls. */
  latencyModel: LatencyModelName;
  /** Lognormal: the 99th percentile over the median of each operation. */
  latencyTail: number;
  /** Lognormal: chance that an operation stalls (a GC pause, a slow disk), 0..1. */
  stallChance: number;
  /** Lognormal: mean length of a stall, ms (exponentially distributed). */
  stallMs: number;
}

/** The ranges the lognormal model's settings take (the CLI, the lab and the sandbox check them). */
export const LATENCY_TAIL_LIMITS = {
  latencyTail: { min: 1, max: 100 },
  stallChance: { min: 0, max: 1 },
  stallMs: { min: 0, max: 10_000 },
} as const;

/** Assumptions, editable everywhere: medians from the design; the tail from production reports. */
export const DEFAULT_LATENCY: LatencySettings = {
  cacheLatency: 0.3,
  dbLatency: 2,
  dbWriteLatency: 5,
  latencyModel: 'lognormal',
  latencyTail: 4,
  stallChance: 0.002,
  stallMs: 30,
};

/**
 * Where inside its round trip an operation takes effect (other clients see it from then on):
 * a Redis command runs when its request arrives, halfway; a SELECT reads the row once the
 * statement has reached the server; an UPDATE commits after it travelled and ran, and only the
 * reply is left to travel back.
 */
export const EFFECT_FRACTION: Record<OperationKind, number> = {
  redis: 0.5,
  dbRead: 0.5,
  dbWrite: 0.85,
};

/** z of the 99th percentile of the standard normal. */
const Z99 = 2.326348;

/** One operation's timing: when it takes effect and when its reply arrives, ms after it is sent. */
export interface OperationTiming {
  effectMs: number;
  totalMs: number;
}

const roundUs = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * Draws each operation's latency, seeded. Under `lognormal` the latency is the median times
 * exp(sigma * z), sigma fixed by the p99/median ratio, and with a small chance a stall is added
 * either before the operation takes effect (a client paused before sending, a slow commit) or
 * after (a client paused before acting on the reply): the tails that make races happen.
 */
export class LatencyModel {
  private readonly sigma: number;
  /** A spare standard normal from the last Box-Muller pair. */
  private spare = NaN;

  constructor(
    readonly settings: LatencySettings,
    private readonly rng: Rng,
  ) {
    this.sigma = Math.log(Math.max(1, settings.latencyTail)) / Z99;
  }

  /** The median of an operation kind, ms (the workload's slow-database fault scales these). */
  median(kind: OperationKind): number {
    const s = this.settings;
    return kind === 'redis' ? s.cacheLatency : kind === 'dbRead' ? s.dbLatency : s.dbWriteLatency;
  }

  /** Fills `out` with the timing of one operation of `kind` whose median is `medianMs`. */
  draw(kind: OperationKind, medianMs: number, out: OperationTiming): OperationTiming {
    const s = this.settings;
    const fraction = EFFECT_FRACTION[kind];
    if (s.latencyModel === 'constant' || medianMs <= 0) {
      out.totalMs = roundUs(medianMs);
      out.effectMs = roundUs(medianMs * fraction);
      return out;
    }
    const total = medianMs * Math.exp(this.sigma * this.normal());
    let effect = total * fraction;
    let after = total - effect;
    if (s.stallChance > 0 && this.rng.next() < s.stallChance) {
      const stall = -Math.log(1 - this.rng.next()) * s.stallMs;
      if (this.rng.next() < 0.5) effect += stall;
      else after += stall;
    }
    out.effectMs = roundUs(effect);
    out.totalMs = Math.max(out.effectMs, roundUs(effect + after));
    return out;
  }

  /** The draw state (the generator and a spare normal), for Back's checkpoints. */
  saveState(): { rng: number; spare: number } {
    return { rng: this.rng.saveState(), spare: this.spare };
  }

  loadState(state: { rng: number; spare: number }): void {
    this.rng.loadState(state.rng);
    this.spare = state.spare;
  }

  /** A standard normal (Box-Muller, both values used). */
  private normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const u = 1 - this.rng.next();
    const v = this.rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
