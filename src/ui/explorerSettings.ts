import { PATTERN_INFO, type Pattern } from '../engine/programs/patterns';
import type { ExploreSettings } from '../store/explorerStore';

/**
 * What an exploration ran under, in words, naming only the settings that took part: the write
 * policy is cache-aside's write path (read-through and refresh-ahead write the same way), the
 * read mitigation only cache-aside's read path; under cdc the change log's consumer invalidates.
 */
export function exploredUnder(pattern: Pattern, settings: ExploreSettings): string {
  const cdc =
    'invalidation from the change log (the cdc consumer polls it, waits out its lag and DELs)';
  if (pattern === 'cache-aside')
    return `${settings.invalidation === 'cdc' ? cdc : settings.writePolicy} and read mitigation ${settings.readMitigation}`;
  const writeSide =
    settings.invalidation === 'cdc'
      ? ` with ${cdc}`
      : PATTERN_INFO[pattern].usesPolicies
        ? ` with write policy ${settings.writePolicy}`
        : '';
  return `the ${pattern} pattern${writeSide}`;
}

/** A row of the cost table: the same, short. */
export function exploredUnderShort(pattern: Pattern, settings: ExploreSettings): string {
  const cdc = 'change-log consumer (cdc)';
  if (pattern === 'cache-aside')
    return `${settings.invalidation === 'cdc' ? cdc : settings.writePolicy} / ${settings.readMitigation}`;
  const writeSide =
    settings.invalidation === 'cdc'
      ? ` / ${cdc}`
      : PATTERN_INFO[pattern].usesPolicies
        ? ` / ${settings.writePolicy}`
        : '';
  return `${pattern}${writeSide}`;
}
