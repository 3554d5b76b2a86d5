import { selectActors } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';

/**
 * Each actor's running program and its next step, with a button to take that step: manual
 * scheduling, where the learner decides who goes next.
 */
export function ActorLanes() {
  const store = useSandboxApi();
  const actors = useSandbox(selectActors);
  const isReady = useSandbox((s) => s.status === 'ready');
  return (
    <section className="panel actor-lanes" aria-label="Actors">
      <h2>Actors: who steps next</h2>
      <ul>
        {actors.map((a) => (
          <li key={a.name} data-testid={`actor.${a.name}`}>
            <span className="actor-letter">{a.name}</span>
            <span className="actor-state">
              {a.task ?? 'idle'}
              {a.queued > 0 && <span className="muted"> (+{a.queued} queued)</span>}
            </span>
            <code className="actor-next" title={a.pending?.command}>
              {a.pending ? a.pending.command : '—'}
            </code>
            <button
              type="button"
              onClick={() => void store.getState().stepActor(a.name)}
              disabled={!isReady || !a.pending}
            >
              Step {a.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
