import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useSandbox, useSandboxApi } from './storeContext';
import { useCommandHistory } from './useCommandHistory';

/** A redis-cli look-alike: what it sends goes through the same logs and panels as the programs. */
export function RedisConsole() {
  const store = useSandboxApi();
  const entries = useSandbox((s) => s.redisConsole);
  const isReady = useSandbox((s) => s.status === 'ready');
  const [line, setLine] = useState('');
  const history = useCommandHistory(line, setLine);
  const id = useId();
  const output = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = output.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries.length]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (line.trim() === '') return;
    const sent = line;
    history.remember(sent);
    setLine('');
    void store.getState().runRedis(sent);
  };

  return (
    <section className="panel console redis-console" aria-label="Redis console">
      <h2>Redis console</h2>
      <ol
        className="console-output"
        ref={output}
        aria-label="Redis console output"
        aria-live="polite"
      >
        {entries.map((e) => (
          <li key={e.id}>
            <div className="console-input">
              <span aria-hidden="true">redis&gt; </span>
              {e.input}
            </div>
            <pre className={e.output.isError ? 'console-reply error' : 'console-reply'}>
              {e.output.text}
            </pre>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="console-form">
        <label htmlFor={`${id}-line`}>redis&gt;</label>
        <input
          id={`${id}-line`}
          type="text"
          className="mono"
          aria-label="Redis command"
          placeholder="GET user:123"
          autoComplete="off"
          spellCheck={false}
          value={line}
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={history.onKeyDown}
          aria-keyshortcuts="ArrowUp ArrowDown"
          disabled={!isReady}
        />
        <button type="submit" disabled={!isReady}>
          Send
        </button>
      </form>
    </section>
  );
}
