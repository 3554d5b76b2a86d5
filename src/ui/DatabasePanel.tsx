import { selectChangedCells, selectDbRows } from '../store/selectors';
import { useSandbox } from './storeContext';

const COLUMNS = ['id', 'name', 'email', 'plan', 'version', 'updated_at'] as const;

/** The rows the run has touched or cached, with the cells the last write changed highlighted. */
export function DatabasePanel() {
  const rows = useSandbox(selectDbRows);
  const changed = useSandbox(selectChangedCells);
  return (
    <section className="panel db-panel" aria-label="Database rows">
      <h2>
        SQLite · users <span className="muted">(rows in play)</span>
      </h2>
      {rows.length === 0 ? (
        <p className="empty">No row has been read or written yet (the table holds 1000 users).</p>
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
