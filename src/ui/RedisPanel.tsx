import { selectCache, selectIsCacheUp } from '../store/selectors';
import { formatDuration, prettyValue } from './format';
import { useSandbox } from './storeContext';

/** Every key in Redis with its value, TTL (virtual time) and whether it is stale. */
export function RedisPanel() {
  const cache = useSandbox(selectCache);
  const isUp = useSandbox(selectIsCacheUp);
  return (
    <section className="panel redis-panel" aria-label="Redis keys">
      <h2>
        Redis keys <span className="muted">({cache.length})</span>
        {!isUp && <span className="badge badge-down">down</span>}
      </h2>
      {cache.length === 0 ? (
        <p className="empty">Empty: no key is cached.</p>
      ) : (
        <ul className="key-list">
          {cache.map((e) => (
            <li key={e.key} className={e.isStale ? 'key stale' : 'key'} data-testid={`redis.key.${e.key}`}>
              <div className="key-head">
                <code className="key-name">{e.key}</code>
                {e.version !== null && <span className="muted">v{e.version}</span>}
                {e.isStale && (
                  <span className="badge badge-stale" title="The cached version differs from the database row">
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
