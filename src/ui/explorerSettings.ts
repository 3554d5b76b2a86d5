import type { ReadMitigation } from '../engine/programs/catalog';
import { CONSUMER_ACTION } from '../engine/programs/changeCapture';
import {
  OURS,
  PATTERN_INFO,
  settingPart,
  settingsInUse,
  type Pattern,
  type YourPaths,
} from '../engine/programs/patterns';
import { findScenario } from '../scenarios';
import type { ExploreSettings } from '../store/explorerState';
import type { RunCut } from '../store/sandboxState';
import type { TimelineEntry } from '../store/timeline';
import { andList } from '../engine/andList';

/** The change log's chances an exploration ran with (ExploreBasis.changeFeed). */
export interface ChangeFeedChances {
  cdcReorder: number;
  cdcLoss: number;
}

const percent = (chance: number): string => `${Math.round(chance * 1000) / 10}%`;

const fromChangeLog = (
  mitigation: ReadMitigation,
  { cdcReorder, cdcLoss }: ChangeFeedChances = { cdcReorder: 0, cdcLoss: 0 },
): string => {
  // With every invalidation dropped the consumer sends nothing: saying it DELs would be untrue.
  if (cdcLoss >= 1)
    return 'invalidation from the change log (the cdc consumer polls it and drops every invalidation: Dropped is 1)';
  const chances = [
    ...(cdcReorder > 0 ? [`holds back ${percent(cdcReorder)} of invalidations`] : []),
    ...(cdcLoss > 0 ? [`drops ${percent(cdcLoss)}`] : []),
  ];
  const tail = chances.length === 0 ? '' : `; it ${chances.join(' and ')}`;
  return `invalidation from the change log (the cdc consumer polls it, waits out its lag and ${CONSUMER_ACTION[mitigation]}${tail})`;
};

/**
 * What an exploration ran under, in words, naming only the settings that took part (see
 * `settingsInUse`): under cdc the consumer's invalidation, which the read mitigation decides.
 */
export function exploredUnder(
  pattern: Pattern,
  settings: ExploreSettings,
  feed?: ChangeFeedChances,
): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  const inUse = settingsInUse(pattern, invalidation);
  const isCdc = invalidation === 'cdc';
  if (pattern === 'cache-aside')
    return `${isCdc ? fromChangeLog(readMitigation, feed) : writePolicy} and read mitigation ${readMitigation}`;
  if (isCdc) {
    // Single-flight and early-refresh are cache-aside's reads: here the consumer DELs as for none.
    const isIdle =
      settingPart('readMitigation', { pattern, invalidation, readMitigation }) === 'idle';
    const why = isIdle
      ? `; read mitigation ${readMitigation} takes no part (the consumer sends what it sends for none)`
      : `, as read mitigation ${readMitigation} has it`;
    return `the ${pattern} pattern ${PATTERN_INFO[pattern].usesPolicies ? 'with' : 'writing its own way, plus'} ${fromChangeLog(readMitigation, feed)}${why}`;
  }
  return `the ${pattern} pattern${inUse.writePolicy ? ` with write policy ${writePolicy}` : ''}`;
}

/**
 * A row of the cost table: the same, short, naming only what took part. A path of the
 * learner's is named as theirs; a setting only our path acts on is left out where theirs ran.
 */
export function exploredUnderShort(
  pattern: Pattern,
  settings: ExploreSettings,
  yours: YourPaths = OURS,
): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  const inUse = settingsInUse(pattern, invalidation, yours);
  const isCdc = invalidation === 'cdc';
  const parts = [
    ...(pattern === 'cache-aside' ? [] : [pattern]),
    ...(yours.write ? ['your write path'] : []),
    ...(isCdc ? ['change-log consumer (cdc)'] : inUse.writePolicy ? [writePolicy] : []),
    ...(yours.read ? ['your read path'] : []),
    // Not one that is idle (single-flight under cdc where no read of ours reads), as the
    // sandbox's control and the long line say.
    ...(settingPart('readMitigation', { pattern, invalidation, readMitigation }, yours) === 'used'
      ? [readMitigation]
      : []),
  ];
  return parts.join(' / ');
}

/**
 * What an exploration ran where the learner's code took part. A path of theirs replaces the
 * pattern's program for that path (`Runtime.start`), so the settings only our programs act on
 * are named for our path alone; the change log's consumer, when on, is ours either way.
 */
export function exploredWithYours(
  pattern: Pattern,
  settings: ExploreSettings,
  yours: { read: boolean; write: boolean },
  feed?: ChangeFeedChances,
): string {
  const { writePolicy, readMitigation, invalidation } = settings;
  const isCdc = invalidation === 'cdc';
  const inUse = settingsInUse(pattern, invalidation);
  const ourRead =
    pattern === 'cache-aside'
      ? `our read path (read mitigation ${readMitigation})`
      : `the ${pattern} pattern's read path`;
  const ourWrite = isCdc
    ? 'our write path (its UPDATE alone)'
    : pattern === 'cache-aside'
      ? `our write path (${writePolicy})`
      : `the ${pattern} pattern's write path${inUse.writePolicy ? ` (write policy ${writePolicy})` : ''}`;
  const paths =
    yours.read && yours.write
      ? 'your read and write paths'
      : yours.read
        ? `your read path and ${ourWrite}`
        : `${ourRead} and your write path`;
  return isCdc ? `${paths}, with ${fromChangeLog(readMitigation, feed)}` : paths;
}

/**
 * How many interleavings, in words: exact up to 2^53 - 1, and past it (where the count is a
 * double, its digits after the 17th made up) as a power of ten said to be rounded.
 */
export function countPhrase(n: number, isExact: boolean): string {
  if (!Number.isFinite(n)) return 'more than 10^308';
  if (Number.isSafeInteger(n)) return `${isExact ? '' : 'about '}${n.toLocaleString('en-US')}`;
  const [mantissa, exponent] = n.toExponential(2).split('e');
  return `about ${Number(mantissa)} × 10^${Number(exponent)}`;
}

const counted = (n: number, one: string, many: string): string =>
  n === 1 ? `the ${one}` : `the ${n.toLocaleString('en-US')} ${many}`;

/** An input that is neither a step nor a request, named as the sandbox's controls name it. */
function otherInputNames(input: TimelineEntry['input']): [string, string] {
  switch (input.type) {
    case 'clock':
      return ['clock move', 'clock moves'];
    case 'cache':
      return input.isUp ? ['Redis return', 'Redis returns'] : ['Redis outage', 'Redis outages'];
    case 'restart':
      return ['Redis restart', 'Redis restarts'];
    case 'redis':
      return ['Redis console line', 'Redis console lines'];
    case 'sql':
      return ['SQL console line', 'SQL console lines'];
    case 'resetDatabase':
      return ['database reset', 'database resets'];
    default:
      return ['other action', 'other actions'];
  }
}

/**
 * The summary's words for a grid whose requests the sandbox has left, naming the change that
 * took them away as the sandbox recorded it (`basisLeftBy`). Before, the panel guessed it from the
 * run now: an empty timeline read as "before Reset", one with entries as "before Back and another
 * input since", though neither had been pressed (another scenario opened, then free play).
 */
export function leftBasisWords(cut: RunCut | null, basisScenarioId: string | null): string {
  const left = 'of requests the sandbox has left';
  if (cut === null) return left;
  switch (cut.cause) {
    case 'reset':
      return `explored before Reset, ${left}`;
    case 'input':
      return `explored before Back and another input since, ${left}`;
    case 'scenario': {
      const title = cut.scenarioId === null ? undefined : findScenario(cut.scenarioId)?.title;
      const opened = title === undefined ? 'free play was opened' : `“${title}” was opened`;
      return `explored before ${opened}${cut.scenarioId === basisScenarioId ? ' again' : ''}, ${left}`;
    }
    case 'view':
      return `explored before the browser’s Back or Forward opened another view, ${left}`;
    // After Back: the change dropped the steps to redo; it did not restart the run.
    case 'settings':
      return cut.isAfterBack !== true
        ? `explored before a setting changed restarted the run, ${left}`
        : `explored before Back and a setting changed since (the steps to redo were dropped), ${left}`;
    case 'programs':
      return cut.isAfterBack !== true
        ? `explored before a change of programs restarted the run, ${left}`
        : `explored before Back and a change of programs since (the steps to redo were dropped), ${left}`;
    case 'schedule':
      return `explored before an interleaving loaded since replaced steps it ran from, ${left}`;
  }
}

/**
 * What the sandbox did after a grid was explored, for its summary ("explored before the 2 steps
 * taken, the request queued and the Redis console line since"): a request queued since is not a
 * step taken, and a console line is named as one, not as "the other action".
 */
export function doneSinceWords(entries: readonly Pick<TimelineEntry, 'kind' | 'input'>[]): string {
  let steps = 0;
  let requests = 0;
  const others = new Map<string, { n: number; names: [string, string] }>();
  for (const { kind, input } of entries) {
    if (kind !== 'input' || input.type === 'stepActor') steps++;
    else if (input.type === 'read' || input.type === 'write') requests++;
    else {
      const names = otherInputNames(input);
      const seen = others.get(names[0]) ?? { n: 0, names };
      others.set(names[0], { ...seen, n: seen.n + 1 });
    }
  }
  const parts = [
    ...(steps > 0 ? [counted(steps, 'step taken', 'steps taken')] : []),
    ...(requests > 0 ? [counted(requests, 'request queued', 'requests queued')] : []),
    ...[...others.values()].map(({ n, names }) => counted(n, ...names)),
  ];
  return `explored before ${andList(parts)} since`;
}
