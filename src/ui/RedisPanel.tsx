import { useState } from 'react';
import type { CacheEntry } from '../engine/simSnapshot';
import { CachedRowDiff } from './CachedRowDiff';
import { selectCache, selectEvictedKeys, selectIsCacheUp, selectMaxKeys } from '../store/selectors';
import { FreshnessBadges, KeyTtl } from './KeyBadges';
import { useSandbox } from './storeContext';
import { useWindowedRows, WINDOW_THRESHOLD } from './useWindowedRows';
import { ValueView } from './ValueView';
import { shownName } from '../store/shown';
import { formatNumber } from '../schema/fields';

/** Height of one key in a long list (one line each), and of the list's scrolling box. */
const ROW_HEIGHT = 28;
const LIST_HEIGHT = 320;
const PREVIEW_CHARS = 120;

function KeyHead({ entry: e }: { entry: CacheEntry }) {
  return (
    <div className="key-head">
      <code className="key-name">{e.key}</code>
      {e.version !== null && <span className="muted">v{e.version}</span>}
      {e.type !== 'string' && <span className="muted">{e.type}</span>}
      <FreshnessBadges entry={e} />
      <KeyTtl entry={e} />
    </div>
  );
}

/** A key with its whole (or, when long, truncated) value. */
function KeyEntry({ entry: e }: { entry: CacheEntry }) {
  return (
    <li className={e.isStale ? 'key stale' : 'key'} data-testid={`redis.key.${e.key}`}>
      <KeyHead entry={e} />
      <ValueView value={e.value} name={e.key} />
      <CachedRowDiff entry={e} />
    </li>
  );
}

/**
 * A long keyspace: one line per key, only the lines in view rendered; a key's button opens its
 * whole entry above the list.
 */
function WindowedKeys({ cache }: { cache: CacheEntry[] }) {
  const rows = useWindowedRows(cache.length, ROW_HEIGHT, LIST_HEIGHT);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const open = openKey === null ? undefined : cache.find((e) => e.key === openKey);
  return (
    <>
      {open && (
        <ul className="key-list key-open" aria-label="Opened key">
          <KeyEntry entry={open} />
        </ul>
      )}
      <ul
        className="key-list key-list-windowed"
        style={{ height: LIST_HEIGHT }}
        onScroll={rows.onScroll}
        tabIndex={0}
        aria-label={`${cache.length} keys, the ones in view shown`}
      >
        {rows.before > 0 && <li aria-hidden="true" style={{ height: rows.before }} />}
        {cache.slice(rows.start, rows.end).map((e) => (
          <li
            key={e.key}
            className={e.isStale ? 'key key-row stale' : 'key key-row'}
            style={{ height: ROW_HEIGHT }}
            data-testid={`redis.key.${e.key}`}
          >
            <button
              type="button"
              className="link-button key-name"
              aria-label={`Open ${e.key}`}
              onClick={() => setOpenKey(e.key)}
            >
              {e.key}
            </button>
            <FreshnessBadges entry={e} />
            {/* One line, as its value box writes the text: backslashes doubled, a line break as \n. */}
            <code className="key-preview">{shownName(e.value.slice(0, PREVIEW_CHARS))}</code>
            <KeyTtl entry={e} />
          </li>
        ))}
        {rows.after > 0 && <li aria-hidden="true" style={{ height: rows.after }} />}
      </ul>
    </>
  );
}

const RECENT_EVICTIONS = 5;

/** Every key in Redis with its value, TTL (virtual time) and whether it is stale. */
export function RedisPanel() {
  const cache = useSandbox(selectCache);
  const isUp = useSandbox(selectIsCacheUp);
  const maxKeys = useSandbox(selectMaxKeys);
  const evicted = useSandbox(selectEvictedKeys);
  const recent = evicted.slice(-RECENT_EVICTIONS).reverse();
  return (
    <section className="panel redis-panel" aria-label="Redis keys">
      <h2>
        Redis keys{' '}
        <span className="muted">
          ({formatNumber(cache.length)}
          {maxKeys > 0 && ` of max ${formatNumber(maxKeys)}`})
        </span>
        {!isUp && <span className="badge badge-down">down</span>}
      </h2>
      {recent.length > 0 && (
        <p className="evicted" data-testid="redis.evicted">
          <span className="badge badge-evicted">EVICTED</span>{' '}
          {recent.map((e, i) => (
            <span key={`${e.key}-${e.timeMs}-${i}`}>
              {i > 0 && ', '}
              <code>{e.key}</code>
            </span>
          ))}
          {evicted.length > recent.length && (
            <span className="muted"> (+{evicted.length - recent.length} earlier)</span>
          )}
          <span className="muted">
            {' to stay within '}
            {maxKeys} {maxKeys === 1 ? 'key' : 'keys'}
          </span>
        </p>
      )}
      {cache.length === 0 ? (
        <p className="empty">Empty: no key is cached.</p>
      ) : cache.length > WINDOW_THRESHOLD ? (
        <WindowedKeys cache={cache} />
      ) : (
        <ul className="key-list">
          {cache.map((e) => (
            <KeyEntry key={e.key} entry={e} />
          ))}
        </ul>
      )}
    </section>
  );
}
