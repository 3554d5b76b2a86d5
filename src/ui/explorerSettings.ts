import type { ReadMitigation } from '../engine/programs/catalog';
import { PATTERN_INFO, type Pattern } from '../engine/programs/patterns';
import type { ExploreSettings } from '../store/explorerStore';

/** What the change log's consumer sends for a changed row, by read mitigation (changeCapture.ts). */
const CONSUMER_ACTION: Record<ReadMitigation, string> = {
  none: 'DELs the key',
  'single-flight': 'DELs the key',
  'early-refresh': 'DELs the key',
  lease: 'DELs the key and its lease',
  'versioned-fill': 'leaves a tombstone of the new version (EVAL)',
};

const fromChangeLog = (mitigation: ReadMitigation): string =>
  `invalidation from the change log (the cdc consumer polls it, waits out its lag and ${CONSUMER_ACTION[mitigation]})`;

/**
 * What an exploration ran under, in words, naming only the settings that took part: the write
 * policy is cache-aside's write path (read-through and refresh-ahead write the same way; under
 * cdc the application only UPDATEs), the read mitigation is cache-aside's read path, and under
 * cdc, whatever the pattern, it also decides what the change log's consumer sends.
 */
export function exploredUnder(pattern: Pattern, settings: ExploreSettings): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  if (pattern === 'cache-aside')
    return `${invalidation === 'cdc' ? fromChangeLog(readMitigation) : writePolicy} and read mitigation ${readMitigation}`;
  const usesPolicies = PATTERN_INFO[pattern].usesPolicies;
  if (invalidation === 'cdc')
    return `the ${pattern} pattern ${usesPolicies ? 'with' : 'writing its own way, plus'} ${fromChangeLog(readMitigation)}, as read mitigation ${readMitigation} has it`;
  return `the ${pattern} pattern${usesPolicies ? ` with write policy ${writePolicy}` : ''}`;
}

/** A row of the cost table: the same, short. */
export function exploredUnderShort(pattern: Pattern, settings: ExploreSettings): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  const cdc = 'change-log consumer (cdc)';
  if (pattern === 'cache-aside')
    return `${invalidation === 'cdc' ? cdc : writePolicy} / ${readMitigation}`;
  if (invalidation === 'cdc') return `${pattern} / ${cdc} / ${readMitigation}`;
  return `${pattern}${PATTERN_INFO[pattern].usesPolicies ? ` / ${writePolicy}` : ''}`;
}
