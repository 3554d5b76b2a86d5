import { useEffect, useId, useMemo, useRef } from 'react';
import { selectLogLines } from '../store/logLines';
import { selectSnapshot } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/** Redis (MONITOR lines) and SQL, merged in virtual-time order, filterable by client. */
export function LogPanel() {
  const store = useSandboxApi();
  const snapshot = useSandbox(selectSnapshot);
  const filter = useSandbox((s) => s.logFilter);
  const id = useId();
  const lines = useMemo(() => (snapshot ? selectLogLines(snapshot) : []), [snapshot]);
  const clients = useMemo(() => [...new Set(lines.map((l) => l.actor))].sort(), [lines]);
  const shown = filter === 'all' ? lines : lines.filter((l) => l.actor === filter);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // Follow the newest line inside the list only (scrollIntoView would scroll the page too).
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [shown.length]);
  return (
    <section className="panel log-panel" aria-label="Log">
      <h2>
        Log
        <label htmlFor={`${id}-filter`} className="inline-label">
          Show
        </label>
        <select
          id={`${id}-filter`}
          value={filter}
          onChange={(e) => store.getState().setLogFilter(e.target.value)}
        >
          <option value="all">all clients</option>
          {clients.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </h2>
      <ol className="log-lines" aria-label="Log lines" ref={list} tabIndex={0}>
        {shown.map((l) => (
          <li
            key={l.id}
            className={`log-line log-${l.source}${l.isError ? ' log-error' : ''}${l.isEviction ? ' log-evict' : ''}`}
          >
            <code className="log-text">{l.text}</code>
            <code className="log-result">
              → {l.result}
              {l.isEviction && <span className="badge badge-evicted">EVICTED</span>}
            </code>
          </li>
        ))}
      </ol>
    </section>
  );
}
