import type { MetricsBucket } from '../engine/metrics';
import type { WorkloadConfig, WorkloadSummary } from '../engine/workload';
import type { LabStoreApi } from './labState';

/** `window.cacheAside.lab`: the Workload Lab for scripts. Settings are the CLI's flags in camelCase. */
export interface CacheAsideLabApi {
  /**
   * Puts the settings in the lab's controls (each optional, with the CLI's default) and runs them;
   * resolves to the summary `npm run sim -- --json` prints. Rejects with the messages if a
   * setting is out of range, or if a run is already going. The summary is a copy: changing it
   * changes nothing the page shows.
   */
  run(config?: Partial<WorkloadConfig>): Promise<WorkloadSummary>;
  /** Ends the run in flight at once, keeping what ran (its `run` resolves with `stopped: true`). */
  stop(): void;
  /** The bucketed series of the run on screen (complete, not downsampled), as a copy. */
  series(): MetricsBucket[];
}

export function createLabApi(store: LabStoreApi): CacheAsideLabApi {
  return {
    run: async (config = {}) => {
      const s = store.getState();
      if (s.progress) throw new Error('a run is in progress: call stop() first');
      if (!s.settingsLoaded(config, 'the automation API', true))
        throw new Error((store.getState().notice?.refusals ?? []).map((e) => e.text).join('; '));
      const summary = await store.getState().runRequested();
      if (typeof summary === 'string') throw new Error(summary);
      // Copies: a script that edits what it got must not edit the runs the page draws.
      return structuredClone(summary);
    },
    stop: () => store.getState().stopRequested(),
    series: () => structuredClone(store.getState().current?.series ?? []),
  };
}
