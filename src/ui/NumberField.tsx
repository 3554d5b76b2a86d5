import { useEffect, useState } from 'react';
import { formatNumber, isDecimalText, withoutSeparators } from '../schema/fields';

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
   * Applies a typed value; resolves to the refusal (then the field shows `value` again). Text that
   * is no number is passed as typed, so the refusal can quote it.
   */
  onCommit(value: number | string): Promise<string | null>;
}

/** A text field for a number, applied on Enter or leaving it; a refused value is undone. */
export function NumberField({ id, label, value, range, decimal, disabled, onCommit }: Props) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText(String(value));
  }, [value]);

  const commit = (): void => {
    const typed = text.trim();
    if (typed === String(value)) return;
    // The store's schema checks the number and names the range; text that is none goes as typed.
    // Text is a number only as a person types one: not "0x10" or "Infinity", which Number takes.
    // A number JavaScript cannot hold exactly (1e400 is Infinity) goes as typed too.
    // "1,000" as the refusals and the hints write numbers is read as 1000.
    const digits = withoutSeparators(typed);
    const n = isDecimalText(digits) ? Number(digits) : NaN;
    const isExact = Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER;
    void onCommit(isExact ? n : typed).then((error) => {
      if (error !== null) setText(String(value));
    });
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
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </>
  );
}
