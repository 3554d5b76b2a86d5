import { Fragment, useId } from 'react';
import {
  CHOICES,
  FIELD_GROUPS,
  fieldHint,
  type ChoiceField,
  type NumericFieldSpec,
} from './labConfig';
import { returnFocusTo } from '../widgets/useFocusHandoff';
import { useLab, useLabApi } from './labContext';
import { STOP_SELECTOR } from './RunBar';
import { unusedChoiceNote, unusedNumberNote } from './unusedChoice';

function NumericControl({ spec, disabled }: { spec: NumericFieldSpec; disabled: boolean }) {
  const store = useLabApi();
  const value = useLab((s) => s.draft[spec.field]);
  const errors = useLab((s) => s.errors);
  const id = useId();
  const error = errors.find((e) => e.field === spec.field)?.text;
  // A string (or undefined), so the selector's result compares by value.
  const unused = useLab((s) => unusedNumberNote(spec.field, s.draft, s.learnerPaths));
  const help = fieldHint(spec);
  return (
    <div className={`lab-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {spec.label}
        {spec.unit && <span className="lab-unit"> ({spec.unit})</span>}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={unused ? `${id}-help ${id}-unused` : `${id}-help`}
        onChange={(e) => store.getState().fieldEdited(spec.field, e.target.value)}
      />
      <small id={`${id}-help`} className={error ? 'lab-error' : 'lab-hint'}>
        {error ?? help}
      </small>
      {unused && (
        <small id={`${id}-unused`} className="lab-hint" data-testid={`lab.unused.${spec.field}`}>
          {unused}
        </small>
      )}
    </div>
  );
}

function ChoiceControl({ field, disabled }: { field: ChoiceField; disabled: boolean }) {
  const store = useLabApi();
  const value = useLab((s) => s.draft[field]);
  // A string (or undefined), so the selector's result compares by value.
  const unused = useLab((s) => unusedChoiceNote(field, s.draft, s.learnerPaths));
  const id = useId();
  const { label, values } = CHOICES[field];
  return (
    <div className="lab-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={unused ? `${id}-unused` : undefined}
        onChange={(e) => store.getState().fieldEdited(field, e.target.value)}
      >
        {values.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      {unused && (
        <small id={`${id}-unused`} className="lab-hint" data-testid={`lab.unused.${field}`}>
          {unused}
        </small>
      )}
    </div>
  );
}

/**
 * Every setting of a run, as typed; a run checks them and refuses any out of range. Enter in a
 * field runs, as the Run button does: the form has many fields and no submit button of its own
 * (Run sits in the run bar), where a browser submits nothing on Enter.
 */
export function LabControls() {
  const store = useLabApi();
  const isBusy = useLab((s) => s.progress !== null);
  return (
    <form
      className="lab-controls"
      noValidate
      onSubmit={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
        if (!(e.target instanceof HTMLInputElement)) return;
        e.preventDefault();
        // The field turns disabled as the run starts: focus goes to Stop, as from Run, and comes
        // back to the field when the run ends (useFocusHandoff), not to the page's top.
        const stop = e.currentTarget.closest('main')?.querySelector<HTMLElement>(STOP_SELECTOR);
        if (stop) returnFocusTo(e.target, stop);
        void store.getState().runRequested();
      }}
    >
      {FIELD_GROUPS.map((group) => (
        <fieldset key={group.title}>
          <legend>{group.title}</legend>
          {group.fields
            .filter((spec) => spec.besideChoice === undefined)
            .map((spec) => (
              <NumericControl key={spec.field} spec={spec} disabled={isBusy} />
            ))}
          {group.title === 'Cache' &&
            (Object.keys(CHOICES) as ChoiceField[]).map((f) => (
              <Fragment key={f}>
                <ChoiceControl field={f} disabled={isBusy} />
                {group.fields
                  .filter((spec) => spec.besideChoice === f)
                  .map((spec) => (
                    <NumericControl key={spec.field} spec={spec} disabled={isBusy} />
                  ))}
              </Fragment>
            ))}
        </fieldset>
      ))}
    </form>
  );
}
