import { ConsolePanel } from './ConsolePanel';
import { SqlResultView } from './SqlResultView';
import { useSandbox, useSandboxApi } from './storeContext';

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
      entries={entries}
      renderOutput={(e) => <SqlResultView result={e.output} />}
      onRun={(line) => store.getState().runSql(line)}
      pendingText="Running… (first on a copy of the database, so a runaway statement can be stopped)"
    />
  );
}
