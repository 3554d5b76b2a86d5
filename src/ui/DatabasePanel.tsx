import {
  selectChangedCells,
  selectDbRowCount,
  selectDbRows,
  selectDbRowsPastSafeIds,
  selectLastFailedRequest,
  selectRowsTouched,
  selectSchemaProblems,
} from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';
import { useWindowedRows } from './useWindowedRows';
import { VALUE_PREVIEW_CHARS } from './ValueView';
import { shown as shownText } from '../store/shown';
import { sqlCellText } from './sqlCellText';
import { rowCellText } from '../engine/copyDiff';

/** Many rows in play render only the ones in view, each one line of this height. */
const ROW_HEIGHT = 22;
const TABLE_HEIGHT = 260;

/** What a highlighted cell means, for the pointer's tooltip and a screen reader alike. */
const CHANGED = "changed by the row's latest write";

const COLUMNS = ['id', 'name', 'email', 'plan', 'version', 'updated_at'];

/**
 * A cell's text, its start only when long, as the Redis panel shows a long value: a name the SQL
 * console made a megabyte long was laid out whole in its cell.
 */
function cellText(value: unknown): string {
  // A NULL and a blob as the SQL console shows them: String() made "null" and "0,255,65".
  if (value === null || value instanceof Uint8Array) return sqlCellText(value, undefined);
  // An infinite REAL as SQLite writes it (Inf), as the console and the differences table do.
  if (typeof value === 'number' && !Number.isFinite(value)) return rowCellText(value);
  const text = String(value);
  if (text.length <= VALUE_PREVIEW_CHARS) return shownText(text);
  return `${shownText(text.slice(0, VALUE_PREVIEW_CHARS))}… (${text.length.toLocaleString('en-US')} characters; the SQL console's substr() reads the rest)`;
}

/** The table's columns as the rows have them: a column the SQL console renamed shows its new name. */
function columnsOf(rows: readonly object[]): string[] {
  return rows.length > 0 ? Object.keys(rows[0]) : COLUMNS;
}

/**
 * Why no row is on show, from the database's own count: nothing read or written yet, or every
 * row the run touched has since been deleted.
 */
function emptyText(rowsTouched: number, rowCount: number | null, pastSafe: number): string {
  const holds =
    rowCount === null ? '' : ` (the table holds ${rowCount} user${rowCount === 1 ? '' : 's'})`;
  // The console may have written rows the panel cannot show (see pastSafeText).
  return rowsTouched === 0
    ? `No row ${pastSafe > 0 ? 'the panel can show ' : ''}has been read or written yet${holds}.`
    : `No row on show: the rows read or written were deleted${holds}.`;
}

/**
 * Rows whose id is past ±(2^53 - 1): a JavaScript number rounds such an id onto another, so the
 * panel cannot find them by it, and says so rather than leave them out without a word.
 */
function pastSafeText(count: number): string {
  const rows = count === 1 ? 'row whose id is' : `${count} rows whose ids are`;
  return `The table also holds ${count === 1 ? 'a ' : ''}${rows} past ±9007199254740991 (2^53 - 1), which the page cannot name exactly (a JavaScript number rounds ${count === 1 ? 'it' : 'them'}), so ${count === 1 ? 'it is' : 'they are'} not shown here; a SELECT in the SQL console shows ${count === 1 ? 'it' : 'them'}.`;
}

/** The rows the run has touched or cached, with the cells the last write changed highlighted. */
export function DatabasePanel() {
  const store = useSandboxApi();
  const rows = useSandbox(selectDbRows);
  const changed = useSandbox(selectChangedCells);
  const problems = useSandbox(selectSchemaProblems);
  const failed = useSandbox(selectLastFailedRequest);
  const rowCount = useSandbox(selectDbRowCount);
  const rowsTouched = useSandbox(selectRowsTouched);
  const pastSafe = useSandbox(selectDbRowsPastSafeIds);
  const isReady = useSandbox((s) => s.status === 'ready');
  const shown = useWindowedRows(rows.length, ROW_HEIGHT, TABLE_HEIGHT);
  const columns = columnsOf(rows);
  return (
    <section className="panel db-panel" aria-label="Database rows">
      <div className="panel-head">
        <h2>
          SQLite · users <span className="muted">(rows in play)</span>
        </h2>
        <button
          type="button"
          disabled={!isReady}
          title="Put the seeded users table back (undoes what SQL did to the database; the cache is left alone)"
          onClick={() => void store.getState().resetDatabase()}
        >
          Reset database
        </button>
      </div>
      {problems.length > 0 && (
        <div className="schema-alert" role="alert" data-testid="db.schemaAlert">
          <strong>The database is broken for the application.</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {failed && (
            <p>
              Last failed request: {failed.actor} {failed.kind} {failed.key}: {failed.error}
            </p>
          )}
          <p>Reset database puts the seeded users table and its trigger back.</p>
        </div>
      )}
      {rows.length === 0 ? (
        problems.length > 0 ? null : (
          <p className="empty" data-testid="db.empty">
            {emptyText(rowsTouched, rowCount, pastSafe)}
          </p>
        )
      ) : (
        // Focusable so a keyboard user can scroll a wide table.
        <div
          className="table-scroll"
          tabIndex={0}
          role="region"
          aria-label="Rows in play"
          onScroll={shown.onScroll}
        >
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {shownText(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.before > 0 && <tr aria-hidden="true" style={{ height: shown.before }} />}
              {rows.slice(shown.start, shown.end).map((r) => (
                <tr
                  key={r.id}
                  data-testid={`db.row.${r.id}`}
                  className={shown.isWindowed ? 'windowed-row' : undefined}
                  style={shown.isWindowed ? { height: ROW_HEIGHT } : undefined}
                >
                  {columns.map((c) => {
                    const isChanged = changed?.[r.id]?.includes(c) ?? false;
                    return (
                      <td
                        key={c}
                        className={`col-${c}${isChanged ? ' changed' : ''}`}
                        title={isChanged ? CHANGED : undefined}
                        // The highlight in words for a screen reader, which reads no title here.
                        aria-description={isChanged ? CHANGED : undefined}
                      >
                        {cellText((r as unknown as Record<string, unknown>)[c])}
                      </td>
                    );
                  })}
                </tr>
              ))}
              {shown.after > 0 && <tr aria-hidden="true" style={{ height: shown.after }} />}
            </tbody>
          </table>
        </div>
      )}
      {pastSafe > 0 && (
        <p className="muted" data-testid="db.pastSafeIds">
          {pastSafeText(pastSafe)}
        </p>
      )}
    </section>
  );
}
