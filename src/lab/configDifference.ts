import { unusedSettings, type YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';

/**
 * How a config differs from the first one compared, in the CLI's names: only settings that take
 * part in this run (a read mitigation left set under write-through, or beside the learner's
 * own read path, `yours`, is not named).
 */
export function describeDifference(
  config: WorkloadConfig,
  base: WorkloadConfig,
  yours?: YourPaths,
): string {
  const parts: string[] = [];
  const unused = unusedSettings(config, yours);
  for (const key of Object.keys(base) as (keyof WorkloadConfig)[]) {
    if (unused.has(key)) continue;
    if (key === 'faults') {
      if (JSON.stringify(config.faults) !== JSON.stringify(base.faults))
        parts.push(`faults: ${config.faults.length}`);
    } else if (config[key] !== base[key]) parts.push(`${key} ${String(config[key])}`);
  }
  return parts.length ? parts.join(', ') : 'baseline';
}
