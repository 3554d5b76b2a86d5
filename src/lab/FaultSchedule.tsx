import { useId, useState } from 'react';
import { DEFAULT_SLOW_FACTOR, type Fault } from '../engine/workload';
import { check } from '../schema/fields';
import { faultListSchema, faultSchema, MAX_FAULTS } from '../schema/workload';
import { FAULT_FILL } from './chartTheme';
import {
  AFTER_RUN_NOTE,
  FAULT_KINDS,
  checkDraft,
  describeFault,
  expectedRunSeconds,
  startsAfterRun,
} from './labConfig';
import { useKeptState } from '../widgets/useKeptState';
import { useLab, useLabApi } from './labContext';

/** How the form's fields are called in a refusal. */
const FAULT_FIELD_LABELS: Record<string, string> = {
  startSeconds: 'Starts at (s)',
  durationSeconds: 'Lasts (s)',
  factor: 'Slower by (×)',
};

/** Faults to inject during the next run, and a timeline of where they fall in it. */
export function FaultSchedule() {
  const store = useLabApi();
  const faults = useLab((s) => s.draft.faults);
  const draft = useLab((s) => s.draft);
  const isBusy = useLab((s) => s.progress !== null);
  const id = useId();
  // The fault being written is kept across a visit to the sandbox, as it was left.
  const [kind, setKind] = useKeptState<Fault['kind']>(store, 'fault.kind', 'cache-down');
  const [start, setStart] = useKeptState(store, 'fault.start', '30');
  const [duration, setDuration] = useKeptState(store, 'fault.duration', '10');
  const [factor, setFactor] = useKeptState(store, 'fault.factor', String(DEFAULT_SLOW_FACTOR));
  // The form's refusal, and the field it is about (marked until its value is valid), if one.
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  // A refused count ('faults': the list was full) goes once a removal makes room.
  if (error?.field === 'faults' && faults.length < MAX_FAULTS) setError(null);

  const checked = checkDraft(draft);
  const runSeconds = checked.ok ? expectedRunSeconds(checked.config) : null;

  const values = { kind, start, duration, factor };
  /** The fault the form holds, or why it is refused (naming its field, when one is to blame). */
  const faultOf = (
    v: typeof values,
  ): { fault: Fault } | { error: { field: string | null; text: string } } => {
    const input = {
      kind: v.kind,
      startSeconds: v.start,
      durationSeconds: v.kind === 'cache-restart' ? '0' : v.duration,
      ...(v.kind === 'db-slow' ? { factor: v.factor } : {}),
    };
    const fault = check(faultSchema, input, { nameOf: (f) => FAULT_FIELD_LABELS[f] ?? f });
    if (!fault.ok) return { error: fault.refusals[0] };
    const list = check(faultListSchema, [...faults, fault.value], { nameOf: () => 'Faults' });
    if (!list.ok)
      return { error: { field: 'faults', text: `A run takes at most ${MAX_FAULTS} faults.` } };
    return { fault: fault.value };
  };
  const add = (): void => {
    const checked = faultOf(values);
    if ('error' in checked) return setError(checked.error);
    setError(null);
    store.getState().faultScheduled(checked.fault);
  };
  /** An edit while a field is marked checks the form again: the mark goes once it is valid. */
  const edited = (change: Partial<typeof values>): void => {
    if (!error) return;
    const checked = faultOf({ ...values, ...change });
    setError('error' in checked ? checked.error : null);
  };
  const errorId = `${id}-error`;
  const marked = (field: string) =>
    error?.field === field ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};

  return (
    <fieldset className="lab-faults">
      <legend>Faults</legend>
      <form
        className="lab-fault-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <div className="lab-field">
          <label htmlFor={`${id}-kind`}>Fault</label>
          <select
            id={`${id}-kind`}
            value={kind}
            disabled={isBusy}
            onChange={(e) => {
              setKind(e.target.value as Fault['kind']);
              edited({ kind: e.target.value as Fault['kind'] });
            }}
          >
            {FAULT_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="lab-field">
          <label htmlFor={`${id}-start`}>Starts at (s)</label>
          <input
            id={`${id}-start`}
            type="text"
            inputMode="decimal"
            value={start}
            disabled={isBusy}
            {...marked('startSeconds')}
            onChange={(e) => {
              setStart(e.target.value);
              edited({ start: e.target.value });
            }}
          />
        </div>
        {kind !== 'cache-restart' && (
          <div className="lab-field">
            <label htmlFor={`${id}-duration`}>Lasts (s)</label>
            <input
              id={`${id}-duration`}
              type="text"
              inputMode="decimal"
              value={duration}
              disabled={isBusy}
              {...marked('durationSeconds')}
              onChange={(e) => {
                setDuration(e.target.value);
                edited({ duration: e.target.value });
              }}
            />
          </div>
        )}
        {kind === 'db-slow' && (
          <div className="lab-field">
            <label htmlFor={`${id}-factor`}>Slower by (×)</label>
            <input
              id={`${id}-factor`}
              type="text"
              inputMode="decimal"
              value={factor}
              disabled={isBusy}
              {...marked('factor')}
              onChange={(e) => {
                setFactor(e.target.value);
                edited({ factor: e.target.value });
              }}
            />
          </div>
        )}
        <button type="submit" disabled={isBusy}>
          Add fault
        </button>
      </form>
      {error && (
        <p className="lab-error" role="alert" id={errorId}>
          {error.text}
        </p>
      )}
      {runSeconds !== null && faults.length > 0 && (
        <div
          className="lab-fault-timeline"
          aria-hidden="true"
          title={`The next run covers about ${Math.round(runSeconds)} s`}
        >
          {faults.map((f, i) => (
            <span
              key={i}
              style={{
                left: `${Math.min(100, (f.startSeconds / runSeconds) * 100)}%`,
                width:
                  f.kind === 'cache-restart'
                    ? '2px'
                    : `${Math.min(100, (f.durationSeconds / runSeconds) * 100)}%`,
                background: FAULT_FILL[f.kind],
              }}
            />
          ))}
        </div>
      )}
      {faults.length === 0 ? (
        <p className="lab-hint">No faults scheduled.</p>
      ) : (
        <ul className="lab-fault-list" aria-label="Scheduled faults" {...marked('faults')}>
          {faults.map((f, i) => (
            <li key={i}>
              <span>{describeFault(f)}</span>
              {runSeconds !== null && startsAfterRun(f, runSeconds * 1000) && (
                <small className="lab-hint"> {AFTER_RUN_NOTE}</small>
              )}
              <button
                type="button"
                disabled={isBusy}
                onClick={() => store.getState().faultRemoved(i)}
                aria-label={`Remove: ${describeFault(f)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
