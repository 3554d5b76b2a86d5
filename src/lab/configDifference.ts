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

/** Whether two configs hold the same settings (faults compared as written, in their order). */
const isSameConfig = (a: WorkloadConfig, b: WorkloadConfig): boolean =>
  (Object.keys(a) as (keyof WorkloadConfig)[]).every((key) =>
    key === 'faults' ? JSON.stringify(a.faults) === JSON.stringify(b.faults) : a[key] === b[key],
  );

/** A configuration in the comparison, as its settings cell reads it. */
interface Compared {
  name: string;
  config: WorkloadConfig;
  yours?: YourPaths;
}

/**
 * A comparison row's settings cell: the baseline, or how the row differs from it, and the
 * earlier row it repeats, if any. The same settings and programs run on the same seed give the
 * same figures: until 2026-12-07 a Config C added with B's settings read as B's did, with no
 * word that it was B again.
 */
export function settingsCell(runs: readonly Compared[], index: number): string {
  const r = runs[index];
  const base = runs[0];
  if (index === 0) return `baseline${r.yours ? ` (programs: ${programsWords(r.yours)})` : ''}`;
  const difference = describeDifference(r.config, base.config, r.yours, base.yours);
  const same = runs
    .slice(1, index)
    .find(
      (e) => programsWords(e.yours) === programsWords(r.yours) && isSameConfig(e.config, r.config),
    );
  return same ? `${difference}: the same settings as ${same.name}` : difference;
}
