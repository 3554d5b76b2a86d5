import { useEffect, useId, useMemo, useRef } from 'react';
import { isShownBy, logClients, sentForText } from '../store/logClients';
import { selectLogLines } from '../store/logLines';
import { selectSnapshot } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';
import { useWindowedRows } from './useWindowedRows';

/** A log line longer than this shows its start and its length (the whole line in its tooltip). */
const LINE_CHARS = 300;
const shortLine = (text: string): string =>
  text.length <= LINE_CHARS
    ? text
    : `${text.slice(0, LINE_CHARS)}… (${text.length.toLocaleString('en-US')} characters)`;

/** A long log renders only the lines in view, each one line of this height. */
const LINE_HEIGHT = 20;
const LOG_HEIGHT = 240;

/**
 * Redis (MONITOR lines) and SQL, merged in virtual-time order, filterable by client. A line the
 * cache layer sent says whom it sent it for, and Show: A keeps A's own lines and those.
 */
export function LogPanel() {
  const store = useSandboxApi();
  const snapshot = useSandbox(selectSnapshot);
  const filter = useSandbox((s) => s.logFilter);
  const id = useId();
  const lines = useMemo(() => (snapshot ? selectLogLines(snapshot) : []), [snapshot]);
  const clients = useMemo(() => logClients(lines), [lines]);
  const shown = filter === 'all' ? lines : lines.filter((l) => isShownBy(l, filter));
  const list = useRef<HTMLOListElement>(null);
  const rows = useWindowedRows(shown.length, LINE_HEIGHT, LOG_HEIGHT);
  useEffect(() => {
    // Follow the newest line inside the list only (scrollIntoView would scroll the page too).
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [shown.length]);
  return (
    <section className="panel log-panel" aria-label="Log">
      {/* The filter sits beside the heading, not in it: the heading's name stays "Log". */}
      <div className="log-head">
        <h2>Log</h2>
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
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <ol
        className={rows.isWindowed ? 'log-lines log-lines-windowed' : 'log-lines'}
        aria-label="Log lines"
        ref={list}
        // A Tab stop to scroll the lines with the keyboard; empty, it has nothing to scroll.
        tabIndex={shown.length > 0 ? 0 : undefined}
        onScroll={rows.onScroll}
      >
        {rows.before > 0 && <li aria-hidden="true" style={{ height: rows.before }} />}
        {shown.slice(rows.start, rows.end).map((l) => (
          <li
            key={l.id}
            className={`log-line log-${l.source}${l.isError ? ' log-error' : ''}${l.isEviction ? ' log-evict' : ''}${l.isEvent ? ' log-event' : ''}`}
            style={rows.isWindowed ? { height: LINE_HEIGHT } : undefined}
            title={
              rows.isWindowed || l.text.length > LINE_CHARS ? l.text.slice(0, 10_000) : undefined
            }
          >
            <code className="log-text">{shortLine(l.text)}</code>
            {l.forActor !== undefined && <span className="log-for">{sentForText(l.forActor)}</span>}
            <code className="log-result">
              → {l.result}
              {l.isEviction && <span className="badge badge-evicted">EVICTED</span>}
            </code>
          </li>
        ))}
        {rows.after > 0 && <li aria-hidden="true" style={{ height: rows.after }} />}
      </ol>
    </section>
  );
}
