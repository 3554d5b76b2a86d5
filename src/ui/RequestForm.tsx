import { useId, type FormEvent } from 'react';
import { userIdFromText } from '../store/sandboxSchema';
import { selectActors } from '../store/selectors';
import { useSandbox, useSandboxApi } from './storeContext';
import { useKeptState } from '../widgets/useKeptState';

const PLANS = ['free', 'pro', 'team', 'enterprise'];

/** Starts a read or a write of one user as one actor; nothing runs until a step. */
export function RequestForm() {
  const store = useSandboxApi();
  const actors = useSandbox(selectActors);
  const isReady = useSandbox((s) => s.status === 'ready');
  // Kept across a visit to the lab, as the learner left them.
  const [actor, setActor] = useKeptState(store, 'request.actor', 'A');
  const [userId, setUserId] = useKeptState(store, 'request.userId', '123');
  const [plan, setPlan] = useKeptState(store, 'request.plan', 'pro');
  const id = useId();
  const chosen = actors.some((a) => a.name === actor) ? actor : (actors[0]?.name ?? 'A');

  const start = (kind: 'read' | 'write') => (e?: FormEvent) => {
    e?.preventDefault();
    const s = store.getState();
    const typed = userIdFromText(userId);
    // On the request's topic: a newer refusal replaces it, and a request started removes it.
    if ('refusal' in typed) s.notify(typed.refusal, 'error', 'request');
    else if (kind === 'read') void s.startRead(chosen, typed.id);
    else void s.startWrite(chosen, typed.id, { plan });
  };

  return (
    <form className="panel request-form" aria-label="Start a request" onSubmit={start('read')}>
      <h2>Start a request</h2>
      <div className="form-row">
        <label htmlFor={`${id}-actor`}>As actor</label>
        <select id={`${id}-actor`} value={chosen} onChange={(e) => setActor(e.target.value)}>
          {actors.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-user`}>User id</label>
        <input
          id={`${id}-user`}
          type="text"
          inputMode="numeric"
          size={5}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
        />
        <button type="submit" disabled={!isReady}>
          Start read
        </button>
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-plan`}>Set plan to</label>
        <select id={`${id}-plan`} value={plan} onChange={(e) => setPlan(e.target.value)}>
          {PLANS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button type="button" onClick={start('write')} disabled={!isReady}>
          Start write
        </button>
      </div>
    </form>
  );
}
