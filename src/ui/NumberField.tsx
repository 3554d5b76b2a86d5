import { useEffect, useState } from 'react';
import {
  formatNumber,
  hasPointThreeDigits,
  isDecimalText,
  withoutSeparators,
} from '../schema/fields';

interface Props {
  id: string;
  label: string;
  value: number;
  /** What the field accepts (from the setting's schema), shown as its title. */
  range?: { min: number; max: number };
  /** Decimals allowed (a latency tail, a chance); otherwise a whole number. */
  decimal?: boolean;
  disabled: boolean;
  /**
   * Applies a typed value; resolves to the refusal (then the field keeps the text, marked invalid
   * and described by the refusal). Text that is no number is passed as typed, so the refusal can
   * quote it.
   */
  onCommit(value: number | string): Promise<string | null>;
}

/**
 * A text field for a number, applied on Enter or leaving it. A refused value stays as typed,
 * marked `aria-invalid` and described by the refusal, as the lab marks its fields, so a screen
 * reader says which field was refused and why; an edit or a new value clears the mark.
 */
export function NumberField({ id, label, value, range, decimal, disabled, onCommit }: Props) {
  const [text, setText] = useState(String(value));
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    setText(String(value));
    setRefusal(null);
  }, [value]);

  const commit = (): void => {
    const typed = text.trim();
    // Refused and not edited since (Enter, then leaving the field): said once, not again.
    if (typed === String(value) || refusal !== null) return;
    // The store's schema checks the number and names the range; text that is none goes as typed.
    // Text is a number only as a person types one: not "0x10" or "Infinity", which Number takes.
    // A number JavaScript cannot hold exactly (1e400 is Infinity) goes as typed too.
    // "1,000" as the refusals and the hints write numbers is read as 1000.
    // "1.000" in a whole field is a thousand to some: the store refuses it saying how it reads
    // here. Read as 1 here, it set a TTL of 1 s in silence.
    if (decimal !== true && hasPointThreeDigits(typed)) {
      void onCommit(typed).then(setRefusal);
      return;
    }
    const digits = withoutSeparators(typed);
    const n = isDecimalText(digits) ? Number(digits) : NaN;
    const isExact = Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER;
    // Text that reads as the value the field holds ("-0" for 0, "00", "5.0") changes nothing: it
    // is shown as that value. Before, "-0" in a field holding 0 stayed there, with no message.
    if (isExact && n === value) {
      setText(String(value));
      return;
    }
    // -0 is 0: the settings hold no negative zero (a field whose range starts above 0 refuses
    // it as it refuses 0).
    void onCommit(isExact ? n + 0 : typed).then(setRefusal);
  };

  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={decimal ? 'decimal' : 'numeric'}
        size={6}
        title={
          range
            ? `A ${decimal ? 'number' : 'whole number'} from ${formatNumber(range.min)} to ${formatNumber(range.max)}`
            : undefined
        }
        value={text}
        disabled={disabled}
        aria-invalid={refusal !== null ? true : undefined}
        aria-describedby={refusal !== null ? `${id}-refusal` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setRefusal(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {/* The page's notice shows the refusal; this copy ties it to the field for a screen reader. */}
      {refusal !== null && (
        <span id={`${id}-refusal`} className="visually-hidden">
          {refusal}
        </span>
      )}
    </>
  );
}
