import type { WorkloadConfig } from '../engine/workload';
import { formatNumber } from '../schema/fields';

/**
 * Why Redis refused for memory: under `noeviction` it held its Max keys (the only way the
 * adapter refuses); said without the setting where the run had no such limit (a real Redis
 * with its own `maxmemory`, whose reply is counted the same).
 */
export function oomCauseText(config: Pick<WorkloadConfig, 'maxKeys' | 'eviction'>): string {
  return config.maxKeys > 0 && config.eviction === 'noeviction'
    ? `Redis held its Max keys of ${formatNumber(config.maxKeys)} and, under noeviction, refused each command that would add a key`
    : 'Redis was out of memory and refused each command that would add a key';
}

/** What a refusal did to the application: it went on without the cache, and kept nothing. */
const OOM_EFFECT =
  'the requests went on with the database, a read still returning its row, but no copy was kept';

/**
 * What a run's cache errors were, said after their count (in parentheses, by the lab's summary
 * and status line and by `npm run sim` alike): how many Redis refused for memory (its OOM
 * error, counted from the reply, `oomRefusals`) and what that did, and the others apart.
 * Null when none was such a refusal: then they are any of Redis' errors or Redis being down.
 */
export function oomRefusalsText(
  s: { cacheErrors: number; oomRefusals?: number },
  config: Pick<WorkloadConfig, 'maxKeys' | 'eviction'>,
): string | null {
  const oom = s.oomRefusals ?? 0;
  if (!(oom > 0)) return null;
  const others = s.cacheErrors - oom;
  const which = others > 0 ? `${formatNumber(oom)} of them OOM refusals` : 'all OOM refusals';
  const rest =
    others > 0
      ? `; the other ${formatNumber(others)} ${others === 1 ? 'command' : 'commands'} Redis refused otherwise or could not be reached for`
      : '';
  return `${which}: ${oomCauseText(config)}; ${OOM_EFFECT}${rest}`;
}

/**
 * The cache errors as a table cell says them: the count, and how many were OOM refusals
 * ("1,621 (all OOM refusals)", "1,594 (1,095 OOM refusals)"), where the summary has room for why.
 */
export function cacheErrorsCell(s: { cacheErrors: number; oomRefusals?: number }): string {
  const oom = s.oomRefusals ?? 0;
  const count = formatNumber(s.cacheErrors);
  if (!(oom > 0)) return count;
  return oom >= s.cacheErrors
    ? `${count} (all OOM refusals)`
    : `${count} (${formatNumber(oom)} OOM ${oom === 1 ? 'refusal' : 'refusals'})`;
}
