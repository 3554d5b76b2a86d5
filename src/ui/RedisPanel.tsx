import { selectCache, selectEvictedKeys, selectIsCacheUp, selectMaxKeys } from '../store/selectors';
import { formatDuration, prettyValue } from './format';
import { useSandbox } from './storeContext';

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
          ({cache.length}
          {maxKeys > 0 && ` of max ${maxKeys}`})
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
          <span className="muted"> to stay within {maxKeys} keys</span>
        </p>
      )}
      {cache.length === 0 ? (
        <p className="empty">Empty: no key is cached.</p>
      ) : (
        <ul className="key-list">
          {cache.map((e) => (
            <li
              key={e.key}
              className={e.isStale ? 'key stale' : 'key'}
              data-testid={`redis.key.${e.key}`}
            >
              <div className="key-head">
                <code className="key-name">{e.key}</code>
                {e.version !== null && <span className="muted">v{e.version}</span>}
                {e.type !== 'string' && <span className="muted">{e.type}</span>}
                {e.isStale && (
                  <span
                    className="badge badge-stale"
                    title="The cached version differs from the database row"
                  >
                    STALE
                  </span>
                )}
                <span className="ttl" aria-label={`TTL of ${e.key}`}>
                  TTL {e.ttlMs < 0 ? 'none' : formatDuration(e.ttlMs)}
                </span>
              </div>
              <pre className="key-value">{prettyValue(e.value)}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
