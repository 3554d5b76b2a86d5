// The explorer's words for what an exploration found: each outcome, which interleavings ran, and
// the rows no read filled or no write changed (a grid all fresh then proves nothing).
import type {
  ExploredInterleaving,
  ExploreResult,
  InterleavingVerdict,
} from '../engine/interleavingGrid';
import type { FilledElsewhere } from '../engine/unfilledRows';
import { countPhrase } from './explorerSettings';
import { andList } from '../engine/andList';

/** Each outcome's words and its cue besides colour (a glyph; the cell's pattern is in CSS). */
export const OUTCOMES: Record<InterleavingVerdict, { label: string; glyph: string }> = {
  fresh: { label: 'fresh', glyph: '✓' },
  staleRead: { label: 'stale read', glyph: 'R' },
  staleCache: { label: 'stale or altered entry left in the cache', glyph: 'C' },
  error: { label: 'error', glyph: '!' },
};
export const ORDER: InterleavingVerdict[] = ['fresh', 'staleRead', 'staleCache', 'error'];

export const fmt = (n: number): string => n.toLocaleString('en-US');

/** What a sample was: uniform only over an exact count, of a total said to be exact or not. */
function sampleWords(result: ExploreResult, ran: number): string {
  const of = result.isTotalLowerBound
    ? // The count before running was low: how many there are is not known.
      `more than ${fmt(result.total)}`
    : result.isTotalAtLeast
      ? null
      : countPhrase(result.total, result.isTotalExact);
  const kind = result.isTotalExact ? 'uniform' : 'random';
  // An estimate is no bound: the sample's distinct runs are all that is known. Until 2026-12-07
  // this read "a sample of 5 of at least 5" beside the count's "about 20,301".
  if (of === null)
    return `A seeded random sample of ${fmt(ran)} distinct interleavings, of a number not known (the count before exploring was an estimate, no bound either way)`;
  return `A seeded ${kind} sample of ${fmt(ran)} distinct of ${of} interleavings`;
}

/** Which interleavings an exploration ran: all, the one, or a sample. */
export function ranWords(result: ExploreResult): string {
  return result.sampled
    ? sampleWords(result, result.interleavings.length)
    : result.total === 1
      ? 'The one interleaving'
      : `All ${fmt(result.total)} interleavings`;
}

/**
 * That no write changed `rows` (read and written) in `where` ("any interleaving", "this
 * interleaving"), so no read could see them change, and with a write path of the learner's what
 * to check in it; no full stop, and null when every such row changed.
 */
function noWriteWords(
  rows: readonly number[],
  where: string,
  isWriteYours: boolean,
): string | null {
  if (rows.length === 0) return null;
  const whose = rows.length === 1 ? `user ${rows[0]}'s row` : `the rows of users ${andList(rows)}`;
  const check = isWriteYours
    ? ': your write path must UPDATE the row it was given (updateUser(id, changes))'
    : '';
  return `no write changed ${whose} in ${where}, so no read could see it change${check}`;
}

/**
 * That no read filled the keys of `rows` (the rows it read) in `where`, so no write could race a
 * fill, and with a read path of the learner's what to check in it; no full stop, and null when
 * a read of each row filled its key (or found it cached, or had the fill refused).
 */
function noFillWords(
  rows: readonly number[],
  where: string,
  isReadYours: boolean,
  elsewhere: readonly FilledElsewhere[] = [],
): string | null {
  if (rows.length === 0) return null;
  const keys = rows.map((id) => `user:${id}`);
  const whose =
    rows.length === 1
      ? `user ${rows[0]}'s key (${keys[0]})`
      : `the keys of users ${andList(rows)} (${keys.join(', ')})`;
  const check = isReadYours
    ? ': your read path must SET cacheKey(id) to the row it read on a miss'
    : '';
  // Where the reads sent the row instead (a SET of user:2 for user 1): the cause, named.
  const instead = elsewhere
    .map(({ id, commands }) => {
      const keyCount = new Set(commands.map((c) => c.slice(c.indexOf(' ') + 1))).size;
      return `the reads of user ${id} used ${keyCount === 1 ? 'another key' : 'other keys'}: ${commands.join(', ')}`;
    })
    .join('; ');
  return `no read filled ${whose} in ${where}, so no write could race a fill${check}${instead ? ` (${instead})` : ''}`;
}

/**
 * Said when no read filled the key of the row it read in any interleaving (`unfilledRows`): a
 * grid all fresh then proves nothing about the read path's fill.
 */
export function unfilledRowsWords(result: ExploreResult, isReadYours: boolean): string | null {
  const words = noFillWords(
    result.unfilledRows,
    'any interleaving',
    isReadYours,
    result.unfilledElsewhere,
  );
  return words === null ? null : `${words[0].toUpperCase()}${words.slice(1)}.`;
}

/**
 * Said when no write changed the row a read read in any interleaving (`unchangedRows`): a grid
 * all fresh then proves nothing. With a write path of the learner's, what to check in it.
 */
export function unchangedRowsWords(result: ExploreResult, isWriteYours: boolean): string | null {
  const words = noWriteWords(result.unchangedRows, 'any interleaving', isWriteYours);
  return words === null ? null : `${words[0].toUpperCase()}${words.slice(1)}.`;
}

/**
 * An opened cell's outcome, and when no write changed its row in that run, that too: its
 * "fresh" is then no success of the programs (the summary says it of the grid only when it
 * holds in every interleaving, and a cell is read on its own).
 */
export function cellOutcomeWords(
  run: ExploredInterleaving,
  yours: { read: boolean; write: boolean },
): string {
  const label = OUTCOMES[run.outcome].label;
  const notes = [
    noWriteWords(run.unchangedRows ?? [], 'this interleaving', yours.write),
    noFillWords(run.unfilledRows ?? [], 'this interleaving', yours.read, run.unfilledElsewhere),
  ].filter((w) => w !== null);
  return notes.length === 0
    ? label
    : `${label}${run.outcome === 'fresh' ? ', but' : ';'} ${notes.join('; ')}`;
}

/** What a finished exploration found, said once to assistive tech. */
export function resultWords(
  result: ExploreResult,
  yours: { read: boolean; write: boolean },
): string {
  const outcomes = ORDER.map((o) => `${OUTCOMES[o].label}: ${fmt(result.outcomes[o])}`);
  const notes = [
    unchangedRowsWords(result, yours.write),
    unfilledRowsWords(result, yours.read),
  ].filter((w) => w !== null);
  return `Explored. ${ranWords(result)}: ${outcomes.join(', ')}.${notes.map((n) => ` ${n}`).join('')}`;
}
