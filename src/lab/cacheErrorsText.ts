import type { WorkloadConfig } from '../engine/workload';
import { formatNumber } from '../schema/fields';

/**
 * Where a run's cache was: the in-browser Redis (the lab, `npm run sim`), whose adapter refuses
 * for memory only at Max keys, or a real server (`npm run sim -- --redis-url`), which refuses at
 * its own `maxmemory` too.
 */
export type OomSource = 'in-browser' | 'server';

/** Why a real server refuses for memory: every command that could use more, whatever its key. */
const SERVER_OOM_CAUSE =
  'the server reached its maxmemory and refused each command that could use more memory, a SET over a key it held as well as one that would add a key';

/**
 * Why Redis refused for memory: under `noeviction` it held its Max keys (the only way the
 * adapter refuses, and only a command that would add a key). A real server also refuses at its
 * own `maxmemory`, and then any command that could use more memory: a SET that would replace a
 * cached copy too (until 2026-12-06 a real server's refusals were said in the adapter's words).
 */
export function oomCauseText(
  config: Pick<WorkloadConfig, 'maxKeys' | 'eviction'>,
  source: OomSource = 'in-browser',
): string {
  const atMaxKeys =
    config.maxKeys > 0 && config.eviction === 'noeviction'
      ? `Redis held its Max keys of ${formatNumber(config.maxKeys)} and, under noeviction, refused each command that would add a key`
      : null;
  if (source === 'server')
    return atMaxKeys === null ? SERVER_OOM_CAUSE : `${atMaxKeys}, or ${SERVER_OOM_CAUSE}`;
  return atMaxKeys ?? 'Redis was out of memory and refused each command that would add a key';
}

/** What a refusal did to the application: it went on without the cache, and kept nothing. */
const OOM_EFFECT =
  'the requests went on with the database, a read still returning its row, but no copy was kept';

/**
 * What a real server's refusal did: a refused fill kept nothing, and a refused SET over a cached
 * copy (update-cache's, write-through's) left that older copy to be read.
 */
const SERVER_OOM_EFFECT =
  'the requests went on with the database, a read still returning its row, but a refused fill kept no copy, and a refused SET over a cached copy left the older copy there, to be read until a DEL or its TTL removed it';

/**
 * What a run's cache errors were, said after their count (in parentheses, by the lab's summary
 * and status line and by `npm run sim` alike): how many Redis refused for memory (its OOM
 * error, counted from the reply, `oomRefusals`) and what that did, and the others apart.
 * Null when none was such a refusal: then they are any of Redis' errors or Redis being down.
 */
export function oomRefusalsText(
  s: { cacheErrors: number; oomRefusals?: number },
  config: Pick<WorkloadConfig, 'maxKeys' | 'eviction'>,
  source: OomSource = 'in-browser',
): string | null {
  const oom = s.oomRefusals ?? 0;
  if (!(oom > 0)) return null;
  const others = s.cacheErrors - oom;
  const which = others > 0 ? `${formatNumber(oom)} of them OOM refusals` : 'all OOM refusals';
  const rest =
    others > 0
      ? `; the other ${formatNumber(others)} ${others === 1 ? 'command' : 'commands'} Redis refused otherwise or could not be reached for`
      : '';
  return `${which}: ${oomCauseText(config, source)}; ${source === 'server' ? SERVER_OOM_EFFECT : OOM_EFFECT}${rest}`;
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
