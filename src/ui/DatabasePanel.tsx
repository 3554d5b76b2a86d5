import {
  selectChangedCells,
  selectDbRows,
  selectLastFailedRequest,
  selectSchemaProblems,
} from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

const COLUMNS = ['id', 'name', 'email', 'plan', 'version', 'updated_at'] as const;

/** The rows the run has touched or cached, with the cells the last write changed highlighted. */
export function DatabasePanel() {
  const store = useSandboxApi();
  const rows = useSandbox(selectDbRows);
  const changed = useSandbox(selectChangedCells);
  const problems = useSandbox(selectSchemaProblems);
  const failed = useSandbox(selectLastFailedRequest);
  const isReady = useSandbox((s) => s.status === 'ready');
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
          <p className="empty">No row has been read or written yet (the table holds 1000 users).</p>
        )
      ) : (
        // Focusable so a keyboard user can scroll a wide table.
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Rows in play">
          <table>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid={`db.row.${r.id}`}>
                  {COLUMNS.map((c) => {
                    const isChanged = changed?.[r.id]?.includes(c) ?? false;
                    return (
                      <td
                        key={c}
                        className={isChanged ? 'changed' : undefined}
                        title={isChanged ? 'changed by a write' : undefined}
                      >
                        {String(r[c])}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
