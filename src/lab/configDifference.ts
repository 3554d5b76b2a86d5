import { unusedSettings, type YourPaths } from '../engine/programs/patterns';
import type { WorkloadConfig } from '../engine/workload';

/** Whose programs a run ran, as a comparison row names them: "ours", "your read path". */
export function programsWords(yours?: YourPaths): string {
  if (yours?.read && yours.write) return 'your read and write paths';
  if (yours?.read) return 'your read path';
  if (yours?.write) return 'your write path';
  return 'ours';
}

/**
 * How a config differs from the first one compared, in the CLI's names: the settings that take
 * part in this run first. A setting that differs but takes no part (a read mitigation left set
 * under write-through, or beside the learner's own read path, `yours`) is named as unused, so a
 * row that runs what the baseline runs never reads as a second baseline. Programs other than the
 * baseline's (`yours` against `baseYours`) are named first.
 */
export function describeDifference(
  config: WorkloadConfig,
  base: WorkloadConfig,
  yours?: YourPaths,
  baseYours?: YourPaths,
): string {
  const parts: string[] = [];
  // The programs first: the same settings over other programs are another run.
  if (programsWords(yours) !== programsWords(baseYours))
    parts.push(`programs: ${programsWords(yours)}`);
  const unusedParts: string[] = [];
  const unused = unusedSettings(config, yours);
  for (const key of Object.keys(base) as (keyof WorkloadConfig)[]) {
    if (key === 'faults') {
      if (JSON.stringify(config.faults) !== JSON.stringify(base.faults))
        parts.push(`faults: ${config.faults.length}`);
    } else if (config[key] !== base[key])
      (unused.has(key) ? unusedParts : parts).push(`${key} ${String(config[key])}`);
  }
  // The unused ones after those that take part: a TTL changed beside a delay no double-delete
  // waits said only "ttl 10", hiding the delay changed too.
  const unusedText = unusedParts.length ? ` (${unusedParts.join(', ')}: unused in this run)` : '';
  if (parts.length) return `${parts.join(', ')}${unusedText}`;
  return unusedParts.length ? `as the baseline${unusedText}` : 'same as the baseline';
}
