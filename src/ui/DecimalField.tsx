import { useEffect, useState } from 'react';

interface Props {
  id: string;
  label: string;
  value: number;
  disabled: boolean;
  /** Applies a typed value; resolves to the refusal (then the field shows `value` again). */
  onCommit(value: number): Promise<string | null>;
}

/** A text field for a number (decimals allowed), applied on Enter or leaving it; a refused value is undone. */
export function DecimalField({ id, label, value, disabled, onCommit }: Props) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText(String(value));
  }, [value]);

  const commit = (): void => {
    const typed = text.trim();
    if (typed === String(value)) return;
    // Anything but a plain number goes to the store as NaN, so the refusal names the valid range.
    const n = /^\d*\.?\d+(e[+-]?\d+)?$/i.test(typed) ? Number(typed) : NaN;
    void onCommit(n).then((error) => {
      if (error !== null) setText(String(value));
    });
  };

  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        size={6}
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
