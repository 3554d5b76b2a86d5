import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { SqlResultView } from './SqlResultView';
import { useSandbox, useSandboxApi } from './storeContext';
import { useCommandHistory } from './useCommandHistory';

/**
 * SQL straight against SQLite. An UPDATE here changes the database without touching Redis: the
 * "another process" that makes cached copies stale.
 */
export function SqlConsole() {
  const store = useSandboxApi();
  const entries = useSandbox((s) => s.sqlConsole);
  const isReady = useSandbox((s) => s.status === 'ready');
  const [statement, setStatement] = useState('');
  const history = useCommandHistory(statement, setStatement);
  const id = useId();
  const output = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = output.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries.length]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (statement.trim() === '') return;
    const sent = statement;
    history.remember(sent);
    setStatement('');
    void store.getState().runSql(sent);
  };

  return (
    <section className="panel console sql-console" aria-label="SQL console">
      <h2>SQL console</h2>
      <ol
        className="console-output"
        ref={output}
        aria-label="SQL console output"
        aria-live="polite"
      >
        {entries.map((e) => (
          <li key={e.id}>
            <div className="console-input">
              <span aria-hidden="true">sqlite&gt; </span>
              {e.input}
            </div>
            <SqlResultView result={e.output} />
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="console-form">
        <label htmlFor={`${id}-sql`}>sqlite&gt;</label>
        <input
          id={`${id}-sql`}
          type="text"
          className="mono"
          aria-label="SQL statement"
          placeholder="UPDATE users SET plan = 'team' WHERE id = 123"
          autoComplete="off"
          spellCheck={false}
          value={statement}
          onChange={(e) => setStatement(e.target.value)}
          onKeyDown={history.onKeyDown}
          aria-keyshortcuts="ArrowUp ArrowDown"
          disabled={!isReady}
        />
        <button type="submit" disabled={!isReady}>
          Run
        </button>
      </form>
    </section>
  );
}
