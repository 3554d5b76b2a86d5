import { useId, type ReactNode } from 'react';

/**
 * A question asked before a change that cannot be undone (a reset): the question, its answer
 * and Cancel, as a group named by the question. Asked by the keyboard too: focus goes to the
 * answer as it appears, and Escape cancels (without reaching the page's own keys).
 */
export function ConfirmQuestion({
  className,
  question,
  answer,
  onAnswer,
  onCancel,
}: {
  className: string;
  question: ReactNode;
  answer: string;
  onAnswer: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  return (
    <div
      role="group"
      aria-labelledby={id}
      className={className}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onCancel();
      }}
    >
      <p id={id}>{question}</p>
      <button type="button" ref={(el) => el?.focus()} onClick={onAnswer}>
        {answer}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
