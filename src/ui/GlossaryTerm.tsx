import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import {
  glossaryEntry,
  glueTermPunctuation,
  splitGlossaryTerms,
  type GlossaryId,
} from './glossary';
import { useDefinitionOpen } from './useFloatingDefinition';
import './glossary.css';

interface Props {
  id: GlossaryId;
  /** What the button says: the term as written in the text (default: its name). */
  children?: ReactNode;
  /** An accessible name other than the visible text (a "?" button beside a control). */
  label?: string;
  /** Punctuation that opens the term in prose (a quote, a parenthesis), kept on its line. */
  before?: string;
  /** Punctuation that follows the term in prose, kept on its line. */
  after?: string;
}

/**
 * A policy or mitigation name that opens its definition: a disclosure button (Enter or Space
 * opens and closes it, Escape closes it), the definition right after it.
 */
export function GlossaryTerm({ id, children, label, before, after }: Props) {
  const entry = glossaryEntry(id);
  const [isOpen, setOpen] = useDefinitionOpen();
  const definitionId = useId();
  const button = useRef<HTMLButtonElement>(null);
  if (!entry)
    return (
      <>
        {before}
        {children ?? id}
        {after}
      </>
    );
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && isOpen) {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  };
  const term = (
    <button
      ref={button}
      type="button"
      className="glossary-term"
      aria-expanded={isOpen}
      aria-controls={isOpen ? definitionId : undefined}
      aria-label={label}
      onClick={() => setOpen(!isOpen)}
    >
      {children ?? entry.id}
    </button>
  );
  return (
    <span className="glossary" onKeyDown={onKeyDown}>
      {before === undefined && after === undefined ? (
        term
      ) : (
        <span className="glossary-glue">
          {before}
          {term}
          {after}
        </span>
      )}
      {/* Rendered only while open, so the prose around it reads (and copies) as it is. */}
      {isOpen && (
        <span id={definitionId} role="note" className="glossary-definition">
          <strong>
            {entry.kind}: {entry.id}.
          </strong>{' '}
          {entry.definition}
        </span>
      )}
    </span>
  );
}

/** Prose with every policy and mitigation name in it turned into a GlossaryTerm. */
export function GlossaryText({ text }: { text: string }) {
  return (
    <>
      {glueTermPunctuation(splitGlossaryTerms(text)).map((segment, i) =>
        segment.id ? (
          <GlossaryTerm key={i} id={segment.id} before={segment.before} after={segment.after}>
            {segment.text}
          </GlossaryTerm>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
