import type { ReadMitigation } from '../engine/programs/catalog';
import { CONSUMER_ACTION } from '../engine/programs/changeCapture';
import { PATTERN_INFO, settingsInUse, type Pattern } from '../engine/programs/patterns';
import type { ExploreSettings } from '../store/explorerStore';

const fromChangeLog = (mitigation: ReadMitigation): string =>
  `invalidation from the change log (the cdc consumer polls it, waits out its lag and ${CONSUMER_ACTION[mitigation]})`;

/**
 * What an exploration ran under, in words, naming only the settings that took part (see
 * `settingsInUse`): under cdc the consumer's invalidation, which the read mitigation decides.
 */
export function exploredUnder(pattern: Pattern, settings: ExploreSettings): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  const inUse = settingsInUse(pattern, invalidation);
  const isCdc = invalidation === 'cdc';
  if (pattern === 'cache-aside')
    return `${isCdc ? fromChangeLog(readMitigation) : writePolicy} and read mitigation ${readMitigation}`;
  if (isCdc)
    return `the ${pattern} pattern ${PATTERN_INFO[pattern].usesPolicies ? 'with' : 'writing its own way, plus'} ${fromChangeLog(readMitigation)}, as read mitigation ${readMitigation} has it`;
  return `the ${pattern} pattern${inUse.writePolicy ? ` with write policy ${writePolicy}` : ''}`;
}

/** A row of the cost table: the same, short. */
export function exploredUnderShort(pattern: Pattern, settings: ExploreSettings): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  const inUse = settingsInUse(pattern, invalidation);
  const writeSide = invalidation === 'cdc' ? 'change-log consumer (cdc)' : writePolicy;
  const parts = [
    ...(pattern === 'cache-aside' ? [] : [pattern]),
    ...(inUse.writePolicy || invalidation === 'cdc' ? [writeSide] : []),
    ...(inUse.readMitigation ? [readMitigation] : []),
  ];
  return parts.join(' / ');
}
