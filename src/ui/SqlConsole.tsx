import { ConsolePanel } from './ConsolePanel';
import type { SqlConsoleEntry } from '../store/sandboxState';
import { SqlResultView } from './SqlResultView';
import { MAX_SHOWN_SQL_LINES, sqlResultChars } from './consoleWindow';
import { useSandbox, useSandboxApi } from './storeContext';

/** Module level: one function for every render, so the transcript's window is kept between them. */
const sqlEntryChars = (e: SqlConsoleEntry) => sqlResultChars(e.output);

/**
 * SQL straight against SQLite. An UPDATE here changes the database without touching Redis: the
 * "another process" that makes cached copies stale.
 */
export function SqlConsole() {
  const store = useSandboxApi();
  const entries = useSandbox((s) => s.sqlConsole);
  return (
    <ConsolePanel
      title="SQL console"
      className="sql-console"
      prompt="sqlite>"
      inputLabel="SQL statement"
      placeholder="UPDATE users SET plan = 'team' WHERE id = 123"
      buttonLabel="Run"
      pastedBreaks="statement"
      entries={entries}
      renderOutput={(e) => <SqlResultView result={e.output} />}
      outputChars={sqlEntryChars}
      maxShownLines={MAX_SHOWN_SQL_LINES}
      onRun={(line) => store.getState().runSql(line)}
      pendingText="Running… (first on a copy of the database, so a runaway statement can be stopped)"
    />
  );
}
