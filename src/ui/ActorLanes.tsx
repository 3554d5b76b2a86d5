import { shownCommand } from '../engine/stepEvent';
import { selectActors, selectClockMs, selectNextActor } from '../store/selectors';
import { formatClock } from './format';
import { useSandbox, useSandboxApi } from './storeContext';
import { useIsQuestionOpen } from './useIsQuestionOpen';

/**
 * Each actor's running program and its next step, with a button to take that step. Manual
 * scheduling: the learner decides who goes next. Timed: each lane also says when its next step
 * is due (on the virtual clock, in the stats strip's seconds), and which one a plain Step takes.
 */
export function ActorLanes() {
  const store = useSandboxApi();
  const actors = useSandbox(selectActors);
  const clockMs = useSandbox(selectClockMs);
  const isTimed = useSandbox((s) => s.config.scheduler === 'timed');
  const isReady = useSandbox((s) => s.status === 'ready');
  const nextActor = useSandbox(selectNextActor);
  const next = isTimed ? nextActor : null;
  const isQuestionOpen = useIsQuestionOpen();
  return (
    <section className="panel actor-lanes" aria-label="Actors">
      <h2>
        Actors: who steps next
        {isTimed && <span className="muted"> (timed: Step takes the step due first)</span>}
      </h2>
      <ul className={isTimed ? 'timed' : undefined}>
        {actors.map((a) => (
          <li key={a.name} data-testid={`actor.${a.name}`}>
            <span className="actor-letter">{a.name}</span>
            <span className="actor-state">
              {a.task ?? 'idle'}
              {a.queued > 0 && <span className="muted"> (+{a.queued} queued)</span>}
            </span>
            <code className="actor-next" title={isQuestionOpen ? undefined : a.pending?.command}>
              {!a.pending
                ? '—'
                : isQuestionOpen
                  ? // Why it is hidden, as the code panel and the presenter's next line say it: the
                    // question does not hold this lane's Step, which plays the actor's step now.
                    '? (hidden until the question is answered)'
                  : shownCommand(a.pending)}
            </code>
            {isTimed && (
              <span className="actor-due" data-testid={`actor.${a.name}.due`}>
                {/* An instant, written as the Virtual time clock beside it writes one. */}
                {a.pending ? `due at ${formatClock(Math.max(a.dueAtMs, clockMs))}` : ''}
                {a.name === next && (
                  <>
                    {' '}
                    <span className="badge badge-next">next</span>
                  </>
                )}
              </span>
            )}
            <button
              type="button"
              data-handoff="step"
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
