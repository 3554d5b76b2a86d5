import { selectIsCacheUp } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/** Pull the plug on Redis, plug it back in, or restart it empty. */
export function CacheControls() {
  const store = useSandboxApi();
  const isUp = useSandbox(selectIsCacheUp);
  const isReady = useSandbox((s) => s.status === 'ready');
  return (
    <div className="cache-controls" role="group" aria-label="Redis server">
      <span className="group-label">
        Redis{' '}
        <span className={isUp ? 'badge badge-up' : 'badge badge-down'}>{isUp ? 'up' : 'down'}</span>
      </span>
      {isUp ? (
        <button
          type="button"
          className="danger"
          disabled={!isReady}
          onClick={() => void store.getState().setCacheAvailable(false)}
        >
          Take Redis down
        </button>
      ) : (
        <button
          type="button"
          disabled={!isReady}
          onClick={() => void store.getState().setCacheAvailable(true)}
        >
          Bring Redis up
        </button>
      )}
      <button
        type="button"
        disabled={!isReady}
        onClick={() => void store.getState().restartCache()}
      >
        Restart Redis
      </button>
    </div>
  );
}
