import type { SqlConsoleResult } from '../store/consoleFormat';

/**
 * How much of a console's transcript the page draws. The run keeps every line (Back, the
 * scrubber and a link replay them all); the console draws its newest ones only. Drawn whole,
 * 20,000 pasted lines made 80,000 elements, and twelve `LRANGE` replies of 200,000 characters
 * each (the most one line's replies print) 2.4 MB of text, and both grew with every line.
 */

/** Most lines (each typed line with its reply) a console draws. */
export const MAX_SHOWN_LINES = 500;

/**
 * Most lines the SQL console draws: a result is a table of up to {@link SQL_ROWS_SHOWN} rows, some
 * 200 elements for three columns, where a Redis reply is one block of text.
 */
export const MAX_SHOWN_SQL_LINES = 100;

/**
 * Most characters of lines and replies a console draws, the newest line always (whose replies
 * are cut at 200,000 characters already): some five of the longest replies.
 */
export const MAX_SHOWN_CHARS = 1_000_000;

export interface TranscriptWindow<E> {
  /** The newest lines, in order, that fit both limits (the newest one always). */
  shown: readonly E[];
  /** Lines before them, not drawn. */
  hidden: number;
}

/**
 * The newest `entries` that fit within `maxLines` lines and `maxChars` characters, as
 * `sizeOf` counts an entry's: a line is drawn whole or not at all, and the lines drawn follow
 * one another, so what is shown reads as the end of the transcript.
 */
export function windowTranscript<E>(
  entries: readonly E[],
  sizeOf: (entry: E) => number,
  maxLines = MAX_SHOWN_LINES,
  maxChars = MAX_SHOWN_CHARS,
): TranscriptWindow<E> {
  let start = entries.length;
  let chars = 0;
  while (start > 0 && entries.length - start < maxLines) {
    const size = sizeOf(entries[start - 1]);
    if (start < entries.length && chars + size > maxChars) break;
    chars += size;
    start--;
  }
  return start === 0
    ? { shown: entries, hidden: 0 }
    : { shown: entries.slice(start), hidden: start };
}

/** Rows of a SQL result the console draws (the console reads up to 1,000). */
export const SQL_ROWS_SHOWN = 50;

/** Characters a SQL result draws, about: its column names and the cells of its rows shown. */
export function sqlResultChars(result: SqlConsoleResult): number {
  if ('error' in result) return result.error.length;
  let chars = result.columns.reduce((n, c) => n + c.length, 0);
  for (const row of result.rows.slice(0, SQL_ROWS_SHOWN))
    for (const cell of row) chars += typeof cell === 'string' ? cell.length : 20;
  return chars;
}

const group = (n: number): string => n.toLocaleString('en-US');

/** What the line above the transcript says of the lines it does not draw, with its limits. */
export function hiddenLinesText(
  hidden: number,
  maxLines = MAX_SHOWN_LINES,
  maxChars = MAX_SHOWN_CHARS,
): string {
  return (
    `${hidden === 1 ? 'An earlier line is' : `${group(hidden)} earlier lines are`} not shown: ` +
    `this console shows at most its newest ${group(maxLines)} lines and ` +
    `${group(maxChars)} characters of lines and replies.`
  );
}
