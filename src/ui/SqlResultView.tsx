import { MAX_CONSOLE_CELL_CHARS, MAX_CONSOLE_ROWS } from '../engine/consoleSql';
import { schemaChangedText, sqlReplyText } from '../engine/sqlResult';
import type { SqlConsoleResult } from '../store/consoleFormat';
import { sqlCellText } from './sqlCellText';
import { shown, shownBlock } from '../store/shown';
import { SQL_ROWS_SHOWN } from './consoleWindow';

const group = (n: number): string => n.toLocaleString('en-US');

/** After a cell cut to its first characters: how long it was. */
function CutNote({ length }: { length: number | undefined }) {
  if (length === undefined) return null;
  return (
    <span className="muted">
      {' '}
      … ({group(length)} characters in all: the console keeps the first{' '}
      {group(MAX_CONSOLE_CELL_CHARS)} of a cell; <code>substr()</code> shows the rest)
    </span>
  );
}

const atStart = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A SELECT's table, a change count, or SQLite's error message. */
export function SqlResultView({ result }: { result: SqlConsoleResult }) {
  if ('error' in result)
    return <pre className="console-reply error">Error: {shownBlock(result.error)}</pre>;
  if (result.columns.length === 0)
    return (
      <pre className="console-reply">
        {result.changes} row{result.changes === 1 ? '' : 's'} changed
        {schemaChangedText(result)}
      </pre>
    );
  const reals = new Map(result.realTexts?.map(([r, c, text]) => [`${r},${c}`, text]));
  const cut = new Map(result.cutCells?.map(([r, c, length]) => [`${r},${c}`, length]));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Query result">
      <table className="sql-result">
        <thead>
          <tr>
            {result.columns.map((c, i) => (
              <th key={i} scope="col">
                {shown(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.slice(0, SQL_ROWS_SHOWN).map((row, i) => (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j}>
                  {sqlCellText(v, reals.get(`${i},${j}`), cut.get(`${i},${j}`))}
                  {/* A blob shows its size, all of it, whatever the console kept. */}
                  {v instanceof Uint8Array ? null : <CutNote length={cut.get(`${i},${j}`)} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {/* The words the log and the narration give the line's step, capitalised. */}
        {atStart(sqlReplyText(result))}
        {result.rows.length > SQL_ROWS_SHOWN ? ` (first ${SQL_ROWS_SHOWN} shown)` : ''}
        {result.isTruncated ? `: the console reads at most ${MAX_CONSOLE_ROWS}.` : ''}
        {schemaChangedText(result)}
      </p>
      {result.earlierSets ? (
        <p className="muted" data-testid="sql.earlier-sets">
          The last statement&apos;s rows. {result.earlierSets} earlier statement
          {result.earlierSets === 1 ? '' : 's'} on this line returned rows too, not shown here
          (sqlite3 prints each): run {result.earlierSets === 1 ? 'it' : 'each'} on a line of its own
          to see them.
        </p>
      ) : null}
    </div>
  );
}
